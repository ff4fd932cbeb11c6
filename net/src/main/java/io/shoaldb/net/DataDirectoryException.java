package io.shoaldb.net;

/** A data directory this node must not use: another cluster's, another node's, a newer format, locked, unreadable. */
public final class DataDirectoryException extends Exception {
    public DataDirectoryException(String message) {
        super(message);
    }

    public DataDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
