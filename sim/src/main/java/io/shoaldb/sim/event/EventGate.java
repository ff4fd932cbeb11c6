package io.shoaldb.sim.event;

/**
 * Decides, as an event comes due, whether it still runs: events of a crashed incarnation are dropped,
 * events of a paused node are deferred until the pause ends.
 */
public interface EventGate {

    /** Run the event now. */
    long RUN = 0;
    /** Drop the event. */
    long DROP = -1;

    /**
     * @return {@link #RUN}, {@link #DROP}, or a virtual time (greater than now) to defer the event to
     */
    long admit(Event event, long nowNanos);

    EventGate OPEN = (event, nowNanos) -> RUN;
}
