package io.shoaldb.sim.node;

import io.shoaldb.runtime.Trace;
import io.shoaldb.sim.event.EventLoop;
import io.shoaldb.sim.fault.Counter;
import io.shoaldb.sim.fault.Counters;

/** A host's trace: every line feeds the run's rolling trace hash (and the --trace output). */
public final class SimTrace implements Trace {

    /** Bound on one trace line; longer lines are cut, so a runaway message cannot flood the trace. */
    public static final int MAX_LINE_CHARS = 1024;

    private final EventLoop loop;
    private final Counters counters;
    private final int host;

    public SimTrace(EventLoop loop, Counters counters, int host) {
        this.loop = loop;
        this.counters = counters;
        this.host = host;
    }

    private static String cut(String what) {
        String s = String.valueOf(what);
        return s.length() <= MAX_LINE_CHARS ? s : s.substring(0, MAX_LINE_CHARS);
    }

    @Override
    public void event(String what) {
        counters.add(Counter.NODE_TRACE_EVENTS);
        loop.traceLine(host, "event", cut(what));
    }

    @Override
    public void warn(String what) {
        counters.add(Counter.NODE_WARNINGS);
        loop.traceLine(host, "warn", cut(what));
    }
}
