package io.shoaldb.sql.parser;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;

/** PostgreSQL UPDATE: SET list, optional FROM, WHERE and RETURNING. */
public final class PgUpdate extends PgStatement {
    public final SqlIdentifier table;
    public final SqlIdentifier alias;
    public final SqlNodeList targets;
    public final SqlNodeList values;
    public final SqlNode from;
    public final SqlNode where;
    public final SqlNodeList returning;

    public PgUpdate(SqlParserPos pos, SqlIdentifier table, SqlIdentifier alias, SqlNodeList targets,
            SqlNodeList values, SqlNode from, SqlNode where, SqlNodeList returning) {
        super(pos, "UPDATE", SqlKind.OTHER);
        this.table = table;
        this.alias = alias;
        this.targets = targets;
        this.values = values;
        this.from = from;
        this.where = where;
        this.returning = returning;
    }
}
