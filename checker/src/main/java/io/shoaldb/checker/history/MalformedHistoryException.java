package io.shoaldb.checker.history;

/**
 * The history is not well formed: an event cannot be read, or does not pair with the events around it
 * (a completion without an invoke, two invokes on one process, a completion of a different operation).
 * Bad input, not a programmer error: the CLI prints the message and exits 65.
 */
public final class MalformedHistoryException extends IllegalArgumentException {
    private final int line;

    /**
     * @param line    the 1-based line of the JSON-lines file, or of the event in the history when built in
     *                memory (event index + 1)
     * @param message what is wrong
     */
    public MalformedHistoryException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    public int line() {
        return line;
    }
}
