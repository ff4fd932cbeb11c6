package io.shoaldb.sim.node;

import io.shoaldb.runtime.Clock;
import io.shoaldb.sim.event.EventLoop;

/**
 * A host's clocks in virtual time. The monotonic clock is virtual time plus an origin drawn per
 * incarnation (so code that persists a monotonic reading across a restart is caught). The wall clock
 * starts at a fixed epoch, drifts at a per-host rate and takes the jumps the nemesis injects.
 */
public final class SimClock implements Clock {

    /** 2026-01-01T00:00:00Z: wall clocks start here, so runs never depend on the real date. */
    public static final long EPOCH_MILLIS = 1_767_225_600_000L;

    private final EventLoop loop;
    private final long driftPpm;
    private long jumpMillis;
    private long monotonicOriginNanos;

    public SimClock(EventLoop loop, long driftPpm) {
        this.loop = loop;
        this.driftPpm = driftPpm;
    }

    /** A new incarnation's monotonic origin. */
    void restartMonotonic(long originNanos) {
        this.monotonicOriginNanos = originNanos;
    }

    /** Moves the wall clock by {@code deltaMillis} (either direction). */
    public void jump(long deltaMillis) {
        jumpMillis += deltaMillis;
    }

    public long driftPpm() {
        return driftPpm;
    }

    @Override
    public long monotonicNanos() {
        return monotonicOriginNanos + loop.nowNanos();
    }

    @Override
    public long wallMillis() {
        long now = loop.nowNanos();
        long driftNanos = now / 1_000_000L * driftPpm; // ppm of elapsed time; no overflow within a day
        return EPOCH_MILLIS + (now + driftNanos) / 1_000_000L + jumpMillis;
    }
}
