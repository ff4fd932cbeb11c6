package io.shoaldb.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * ALTER TABLE [IF EXISTS] t action [, action ...] — the actions ShoalDB builds: ADD [COLUMN], ADD table
 * constraint, DROP [COLUMN], ALTER [COLUMN] SET/DROP DEFAULT and SET/DROP NOT NULL, and (alone)
 * RENAME [COLUMN] a TO b and RENAME TO n. Other forms fail to parse and answer 0A000.
 */
public final class PgAlterTable extends PgStatement {
    /** One action of the statement, applied in order. */
    public sealed interface Action {
    }

    public record AddColumn(PgColumnDef column, boolean ifNotExists) implements Action {
    }

    public record AddConstraint(PgTableConstraint constraint) implements Action {
    }

    public record DropColumn(String column, boolean ifExists, boolean cascade) implements Action {
    }

    public record RenameColumn(String from, String to) implements Action {
    }

    public record RenameTable(String to) implements Action {
    }

    /** SET DEFAULT e ({@code expr} non-null) or DROP DEFAULT. */
    public record SetDefault(String column, SqlNode expr) implements Action {
    }

    /** ALTER [COLUMN] c [SET DATA] TYPE type [USING expr]: the rows are rewritten. */
    public record AlterType(String column, org.apache.calcite.sql.SqlDataTypeSpec type, SqlNode using) implements Action {
    }

    /** SET NOT NULL ({@code notNull}) or DROP NOT NULL. */
    public record SetNotNull(String column, boolean notNull) implements Action {
    }

    public final boolean ifExists;
    public final SqlIdentifier table;
    public final List<Action> actions;

    public PgAlterTable(SqlParserPos pos, boolean ifExists, SqlIdentifier table, List<Action> actions) {
        super(pos, "ALTER TABLE", SqlKind.ALTER_TABLE);
        this.ifExists = ifExists;
        this.table = table;
        this.actions = List.copyOf(actions);
    }

    /** Collects the table elements an ADD action parsed (one column definition or one constraint). */
    public static Action addAction(List<PgColumnDef> columns, List<PgTableConstraint> constraints, boolean ifNotExists) {
        if (columns.size() + constraints.size() != 1) {
            throw new IllegalStateException("ADD parsed " + columns.size() + " columns and " + constraints.size()
                    + " constraints");
        }
        return columns.isEmpty() ? new AddConstraint(constraints.get(0)) : new AddColumn(columns.get(0), ifNotExists);
    }
}
