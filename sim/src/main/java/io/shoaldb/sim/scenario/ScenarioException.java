package io.shoaldb.sim.scenario;

/** A scenario that cannot be run as written; the message names the source and line where it can. */
public final class ScenarioException extends IllegalArgumentException {

    public ScenarioException(String message) {
        super(message);
    }
}
