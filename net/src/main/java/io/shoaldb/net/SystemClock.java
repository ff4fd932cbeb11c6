package io.shoaldb.net;

import io.shoaldb.runtime.Clock;

/** The real clocks: {@link System#nanoTime()} for intervals, {@link System#currentTimeMillis()} for the wall. */
public final class SystemClock implements Clock {

    @Override
    public long monotonicNanos() {
        return System.nanoTime();
    }

    @Override
    public long wallMillis() {
        return System.currentTimeMillis();
    }
}
