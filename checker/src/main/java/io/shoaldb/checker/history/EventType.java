package io.shoaldb.checker.history;

/** The four event types of a Jepsen history. */
public enum EventType {
    /** A client started an operation. */
    INVOKE,
    /** The operation completed and took effect. */
    OK,
    /** The operation definitely did not take effect. */
    FAIL,
    /** The outcome is unknown (a timeout, a crash): it may take effect at any time after its invocation, or never. */
    INFO;

    /** The name used in JSON lines and in Jepsen: {@code invoke}, {@code ok}, {@code fail}, {@code info}. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isCompletion() {
        return this != INVOKE;
    }
}
