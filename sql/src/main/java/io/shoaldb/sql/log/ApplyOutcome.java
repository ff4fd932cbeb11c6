package io.shoaldb.sql.log;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.session.StatementResult;

/** What applying one {@link SqlRecord} did, as reported back to the session that appended it. */
public sealed interface ApplyOutcome {

    /** A transaction's writes were installed at {@code commitTs}. */
    record Committed(long commitTs) implements ApplyOutcome {
    }

    /** A DDL statement was executed; {@code result} is what its session reports. */
    record DdlApplied(StatementResult result) implements ApplyOutcome {
    }

    /** The record was applied and refused: a serialization failure (40001) or a DDL error. Nothing changed. */
    record Failed(SqlException error) implements ApplyOutcome {
    }

    /** The log cannot say whether the record was or will be applied (SQLSTATE 40003 for the client). */
    record Unknown(String why) implements ApplyOutcome {
    }
}
