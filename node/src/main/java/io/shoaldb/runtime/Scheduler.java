package io.shoaldb.runtime;

/**
 * Timers and deferred work on the node's own event loop. Every task runs on the loop, never
 * concurrently with another handler of the same node.
 */
public interface Scheduler {

    /** Upper bound on a timer delay: one day. Longer delays are programmer errors. */
    long MAX_DELAY_NANOS = 86_400_000_000_000L;

    /**
     * Runs {@code task} once, no earlier than {@code delayNanos} after now on the monotonic clock.
     *
     * @param delayNanos at least 0 and at most {@link #MAX_DELAY_NANOS}
     * @return a handle that cancels the task if it has not run yet
     */
    Cancellable schedule(long delayNanos, Runnable task);

    /** Runs {@code task} on the loop after the current handler and after events already due. */
    void execute(Runnable task);

    /** A scheduled task that may still be called off. */
    interface Cancellable {
        /** Cancels the task; a no-op if it already ran or was cancelled. */
        void cancel();
    }
}
