package io.shoaldb.sql.session;

import io.shoaldb.sql.catalog.PgType;
import io.shoaldb.sql.exec.Values;
import io.shoaldb.sql.plan.CompiledPlan;
import java.util.List;

/**
 * The outcome of one statement: the PostgreSQL command tag ("SELECT 3", "INSERT 0 1", "BEGIN"), the
 * result columns (empty when the statement returns no rows) and the rows in ShoalDB's runtime classes.
 */
public record StatementResult(String commandTag, List<CompiledPlan.Column> columns, List<Object[]> rows,
        java.time.ZoneId zone) {
    public StatementResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** A result whose timestamptz values (if any) print in UTC. */
    public StatementResult(String commandTag, List<CompiledPlan.Column> columns, List<Object[]> rows) {
        this(commandTag, columns, rows, java.time.ZoneOffset.UTC);
    }

    public static StatementResult command(String tag) {
        return new StatementResult(tag, List.of(), List.of());
    }

    public boolean returnsRows() {
        return !columns.isEmpty();
    }

    /** PostgreSQL's text format of one value (null for SQL NULL). */
    public String text(int row, int column) {
        return io.shoaldb.sql.exec.PgArrays.text(rows.get(row)[column], columns.get(column).type(), zone);
    }

    public static String format(Object v, PgType type) {
        if (v == null) {
            return null;
        }
        return io.shoaldb.sql.exec.PgArrays.text(v, type, java.time.ZoneOffset.UTC);
    }
}
