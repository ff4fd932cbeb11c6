package io.shoaldb.sql.parser;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;

/** PostgreSQL DELETE with optional WHERE and RETURNING. */
public final class PgDelete extends PgStatement {
    public final SqlIdentifier table;
    public final SqlIdentifier alias;
    public final SqlNode where;
    public final SqlNodeList returning;

    public PgDelete(SqlParserPos pos, SqlIdentifier table, SqlIdentifier alias, SqlNode where, SqlNodeList returning) {
        super(pos, "DELETE", SqlKind.OTHER);
        this.table = table;
        this.alias = alias;
        this.where = where;
        this.returning = returning;
    }
}
