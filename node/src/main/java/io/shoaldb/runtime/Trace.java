package io.shoaldb.runtime;

/**
 * A node's account of what it did, for people and for the simulator. In simulation every recorded
 * event also feeds the run's rolling trace hash, so it must be a deterministic function of the node's
 * inputs; in production it goes to the node's log.
 */
public interface Trace {

    /** Records a notable event, such as "became leader term=7". Keep it short and free of hash codes. */
    void event(String what);

    /** Records an operating error the node handled, such as a dropped malformed message. */
    void warn(String what);
}
