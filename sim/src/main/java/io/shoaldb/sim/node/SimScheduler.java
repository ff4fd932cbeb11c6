package io.shoaldb.sim.node;

import io.shoaldb.runtime.Scheduler;
import io.shoaldb.sim.entropy.Prng;
import io.shoaldb.sim.event.Event;
import io.shoaldb.sim.event.EventKind;
import io.shoaldb.sim.event.EventLoop;
import io.shoaldb.sim.fault.Buggify;
import io.shoaldb.sim.fault.Counter;
import io.shoaldb.sim.fault.Counters;

/**
 * Timers and tasks of one incarnation as events in virtual time, tagged with the incarnation so a
 * crash drops them. Under BUGGIFY a timer occasionally fires late (never early), as an overloaded
 * loop would make it.
 */
public final class SimScheduler implements Scheduler {

    private final EventLoop loop;
    private final Buggify buggify;
    private final Prng prng;
    private final Counters counters;
    private final int host;
    private final int incarnation;

    public SimScheduler(EventLoop loop, Buggify buggify, Prng prng, Counters counters, int host, int incarnation) {
        this.loop = loop;
        this.buggify = buggify;
        this.prng = prng;
        this.counters = counters;
        this.host = host;
        this.incarnation = incarnation;
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        if (delayNanos < 0 || delayNanos > MAX_DELAY_NANOS || task == null) {
            throw new IllegalArgumentException("bad timer: delay " + delayNanos + "ns, task " + task);
        }
        long delay = delayNanos;
        if (buggify.fire(Counter.BUGGIFY_TIMER_LATE, 0.01)) {
            delay += prng.between(0, 50_000_000L);
        }
        Event e = loop.after(delay, EventKind.TIMER, host, incarnation, 0, () -> {
            counters.add(Counter.TIMERS_FIRED);
            task.run();
        });
        return () -> {
            if (!e.isCancelled()) {
                counters.add(Counter.TIMERS_CANCELLED);
                e.cancel();
            }
        };
    }

    @Override
    public void execute(Runnable task) {
        if (task == null) {
            throw new IllegalArgumentException("null task");
        }
        loop.after(0, EventKind.TASK, host, incarnation, 0, task);
    }
}
