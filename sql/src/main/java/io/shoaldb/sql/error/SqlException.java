package io.shoaldb.sql.error;

/**
 * An error a client sees: a PostgreSQL SQLSTATE and a message that names the object involved. These
 * are operating errors (bad input, conflicts), never programmer errors.
 */
public final class SqlException extends RuntimeException {
    private final String sqlState;
    private final String detail;

    public SqlException(String sqlState, String message) {
        this(sqlState, message, null);
    }

    /** With PostgreSQL's DETAIL line (null for none). */
    public SqlException(String sqlState, String message, String detail) {
        super(message, null, false, false);
        this.detail = detail;
        if (sqlState == null || sqlState.length() != 5) {
            throw new IllegalArgumentException("SQLSTATE must have 5 characters: " + sqlState);
        }
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }

    /** The DETAIL a client sees, or null. */
    public String detail() {
        return detail;
    }

    public SqlException withDetail(String newDetail) {
        return new SqlException(sqlState, getMessage(), newDetail);
    }

    public static SqlException notSupported(String what) {
        return new SqlException(SqlState.FEATURE_NOT_SUPPORTED, what + " is not supported");
    }
}
