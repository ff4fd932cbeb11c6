package io.shoaldb.sim.fault;

import java.util.SortedMap;
import java.util.TreeMap;

/** The counters of one run, indexed by {@link Counter}. */
public final class Counters {

    private static final Counter[] ALL = Counter.values();
    private final long[] values = new long[ALL.length];

    public void add(Counter c) {
        values[c.ordinal()]++;
    }

    public void add(Counter c, long n) {
        values[c.ordinal()] += n;
    }

    public long get(Counter c) {
        return values[c.ordinal()];
    }

    /** Non-zero fault counters by label. */
    public SortedMap<String, Long> faults() {
        return select(true);
    }

    /** Non-zero statistics by label. */
    public SortedMap<String, Long> stats() {
        return select(false);
    }

    private SortedMap<String, Long> select(boolean fault) {
        TreeMap<String, Long> m = new TreeMap<>();
        for (Counter c : ALL) {
            if (c.isFault() == fault && values[c.ordinal()] != 0) {
                m.put(c.label(), values[c.ordinal()]);
            }
        }
        return m;
    }
}
