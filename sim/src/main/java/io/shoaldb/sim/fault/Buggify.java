package io.shoaldb.sim.fault;

import io.shoaldb.sim.entropy.Prng;

/**
 * FoundationDB-style BUGGIFY for rare paths of the simulated runtime (a timer firing late, a disk
 * stalling, a burst of network delay). When enabled for a run, each site is activated with
 * probability 1/4 the first time it is reached and keeps that decision for the whole run; an active
 * site then fires with the probability given at the site. Firings are counted per site, so a report
 * shows which rare paths a run reached.
 */
public final class Buggify {

    private final boolean enabled;
    private final Prng prng;
    private final Counters counters;
    /** Per site: 0 = undecided, 1 = active, 2 = inactive. */
    private final byte[] decided = new byte[Counter.values().length];

    public Buggify(boolean enabled, Prng prng, Counters counters) {
        this.enabled = enabled;
        this.prng = prng;
        this.counters = counters;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether the rare path {@code site} is taken this time; counts it when it is. */
    public boolean fire(Counter site, double probability) {
        if (!enabled) {
            return false;
        }
        int i = site.ordinal();
        if (decided[i] == 0) {
            decided[i] = prng.chance(0.25) ? (byte) 1 : (byte) 2;
        }
        if (decided[i] != 1 || !prng.chance(probability)) {
            return false;
        }
        counters.add(site);
        return true;
    }

    /** Turns every site off, for the liveness phase. */
    public void disableAll() {
        java.util.Arrays.fill(decided, (byte) 2);
    }
}
