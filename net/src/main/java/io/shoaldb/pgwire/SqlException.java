package io.shoaldb.pgwire;

/**
 * An operating error with a SQLSTATE, raised by the protocol layer or the engine and sent to the client
 * as an ErrorResponse. It is expected (bad input, conflicts, cancellation), never a programmer error.
 */
public final class SqlException extends RuntimeException {
    private final ErrorFields fields;

    public SqlException(ErrorFields fields) {
        super(fields.sqlState() + ": " + fields.message(), null, false, false);
        this.fields = fields;
    }

    public SqlException(String sqlState, String message) {
        this(ErrorFields.error(sqlState, message));
    }

    public ErrorFields fields() {
        return fields;
    }

    public String sqlState() {
        return fields.sqlState();
    }
}
