package io.shoaldb.sql.error;

/**
 * An error a client sees: a PostgreSQL SQLSTATE and a message that names the object involved. These
 * are operating errors (bad input, conflicts), never programmer errors.
 */
public final class SqlException extends RuntimeException {
    private final String sqlState;

    public SqlException(String sqlState, String message) {
        super(message, null, false, false);
        if (sqlState == null || sqlState.length() != 5) {
            throw new IllegalArgumentException("SQLSTATE must have 5 characters: " + sqlState);
        }
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }

    public static SqlException notSupported(String what) {
        return new SqlException(SqlState.FEATURE_NOT_SUPPORTED, what + " is not supported");
    }
}
