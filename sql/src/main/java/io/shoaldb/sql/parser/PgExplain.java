package io.shoaldb.sql.parser;

import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/** PostgreSQL EXPLAIN of a query or DML statement. */
public final class PgExplain extends PgStatement {
    public final SqlNode statement;

    public PgExplain(SqlParserPos pos, SqlNode statement) {
        super(pos, "EXPLAIN", SqlKind.OTHER);
        this.statement = statement;
    }
}
