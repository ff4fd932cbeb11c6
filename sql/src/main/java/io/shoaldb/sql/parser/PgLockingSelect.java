package io.shoaldb.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A top-level query with PostgreSQL row-locking clauses ({@code SELECT ... FOR UPDATE}, see
 * {@link PgRowLocking}): the query as Calcite parsed it and the clauses in order. The planner turns it into
 * a plan that locks the rows it returns (docs/locking.md).
 */
public final class PgLockingSelect extends PgStatement {
    public final SqlNode query;
    public final List<PgRowLocking.Clause> clauses;

    public PgLockingSelect(SqlParserPos pos, SqlNode query, List<PgRowLocking.Clause> clauses) {
        super(pos, "SELECT", SqlKind.OTHER);
        if (clauses.isEmpty()) {
            throw new IllegalArgumentException("a locking select needs at least one locking clause");
        }
        this.query = query;
        this.clauses = List.copyOf(clauses);
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(query);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        query.unparse(writer, 0, 0);
        writer.print(PgRowLocking.toSql(clauses));
    }
}
