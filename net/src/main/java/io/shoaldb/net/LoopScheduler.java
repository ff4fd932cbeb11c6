package io.shoaldb.net;

import io.netty.channel.EventLoop;
import io.shoaldb.runtime.Scheduler;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The {@link Scheduler} port on a node's Netty event loop. Every task is wrapped by the node's guard,
 * which keeps a stopped incarnation from running and turns a thrown exception into a node failure.
 */
final class LoopScheduler implements Scheduler {

    private final EventLoop loop;
    private final UnaryOperator<Runnable> guard;

    LoopScheduler(EventLoop loop, UnaryOperator<Runnable> guard) {
        this.loop = loop;
        this.guard = guard;
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        if (delayNanos < 0 || delayNanos > MAX_DELAY_NANOS) {
            throw new IllegalArgumentException("delay out of range: " + delayNanos + " ns");
        }
        Future<?> future = loop.schedule(guard.apply(task), delayNanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(guard.apply(task));
    }
}
