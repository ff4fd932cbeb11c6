package io.shoaldb.runtime;

/**
 * Time as a node sees it. In simulation both readings are virtual: the monotonic clock advances with
 * the scheduler, the wall clock may jump or drift when a fault asks for it.
 */
public interface Clock {

    /** Nanoseconds since an arbitrary origin; never goes backwards within one process incarnation. */
    long monotonicNanos();

    /**
     * Milliseconds since the Unix epoch as the node's wall clock reports it. It may jump forwards or
     * backwards and drift; never use it to order events or to measure a timeout.
     */
    long wallMillis();
}
