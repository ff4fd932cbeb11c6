package io.shoaldb.net.client;

/** A key-value request that failed for good: refused as invalid, or unanswered before its deadline. */
public final class KvClientException extends Exception {

    /** Whether the request may still have been applied (an unanswered write), or certainly was not. */
    public enum Kind {
        /** The cluster refused the request as invalid; nothing was applied. */
        BAD_REQUEST,
        /** No answer before the deadline; a write may or may not have been applied. */
        TIMEOUT
    }

    private final Kind kind;

    public KvClientException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
