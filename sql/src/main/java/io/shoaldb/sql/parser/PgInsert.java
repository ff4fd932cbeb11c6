package io.shoaldb.sql.parser;

import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;

/** INSERT with PostgreSQL's ON CONFLICT and RETURNING clauses around Calcite's own SqlInsert. */
public final class PgInsert extends PgStatement {
    public enum ConflictAction { NONE, NOTHING, UPDATE }

    public final SqlInsert insert;
    public final SqlNodeList conflictColumns;
    public final ConflictAction action;
    public final SqlNodeList updateTargets;
    public final SqlNodeList updateValues;
    public final SqlNode updateWhere;
    public final SqlNodeList returning;

    public PgInsert(SqlParserPos pos, SqlInsert insert, SqlNodeList conflictColumns, ConflictAction action,
            SqlNodeList updateTargets, SqlNodeList updateValues, SqlNode updateWhere, SqlNodeList returning) {
        super(pos, "INSERT", SqlKind.OTHER);
        this.insert = insert;
        this.conflictColumns = conflictColumns;
        this.action = action;
        this.updateTargets = updateTargets;
        this.updateValues = updateValues;
        this.updateWhere = updateWhere;
        this.returning = returning;
    }
}
