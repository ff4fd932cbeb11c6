package io.shoaldb.txn;

/** A transaction lost a conflict and was rolled back; the client may retry it (SQLSTATE 40001). */
public final class SerializationFailure extends RuntimeException {
    public SerializationFailure(String message) {
        super(message, null, false, false);
    }
}
