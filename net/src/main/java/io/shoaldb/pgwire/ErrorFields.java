package io.shoaldb.pgwire;

import java.util.Objects;

/**
 * The fields of an ErrorResponse or NoticeResponse. Severity is the non-localised PostgreSQL word
 * (ERROR, FATAL, WARNING, NOTICE, ...); detail, hint and position are optional (null / 0).
 *
 * @param position 1-based character position in the statement text, 0 when unknown
 */
public record ErrorFields(String severity, String sqlState, String message, String detail, String hint,
                          int position) {

    public ErrorFields {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        if (sqlState == null || sqlState.length() != 5) {
            throw new IllegalArgumentException("SQLSTATE must have five characters: " + sqlState);
        }
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0: " + position);
        }
    }

    public static ErrorFields error(String sqlState, String message) {
        return new ErrorFields("ERROR", sqlState, message, null, null, 0);
    }

    public static ErrorFields fatal(String sqlState, String message) {
        return new ErrorFields("FATAL", sqlState, message, null, null, 0);
    }

    public static ErrorFields notice(String message) {
        return new ErrorFields("NOTICE", SqlState.SUCCESSFUL_COMPLETION, message, null, null, 0);
    }

    public ErrorFields withSeverity(String newSeverity) {
        return new ErrorFields(newSeverity, sqlState, message, detail, hint, position);
    }

    public ErrorFields withHint(String newHint) {
        return new ErrorFields(severity, sqlState, message, detail, newHint, position);
    }

    public ErrorFields withDetail(String newDetail) {
        return new ErrorFields(severity, sqlState, message, newDetail, hint, position);
    }
}
