package io.shoaldb.txn;

/** A transaction's writes would bring the node's tables beyond their memory limit (SQLSTATE 53200). */
public final class MemoryLimitExceeded extends RuntimeException {
    public MemoryLimitExceeded(String message) {
        super(message, null, false, false);
    }
}
