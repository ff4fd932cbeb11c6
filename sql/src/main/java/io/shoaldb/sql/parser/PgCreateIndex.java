package io.shoaldb.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON table (columns). */
public final class PgCreateIndex extends SqlCreate {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE INDEX", SqlKind.CREATE_INDEX);

    public final boolean unique;
    /** The index name, or null when PostgreSQL would choose one. */
    public final SqlIdentifier name;
    public final SqlIdentifier table;
    public final SqlNodeList columns;

    public PgCreateIndex(SqlParserPos pos, boolean unique, boolean ifNotExists, SqlIdentifier name,
            SqlIdentifier table, SqlNodeList columns) {
        super(OPERATOR, pos, false, ifNotExists);
        this.unique = unique;
        this.name = name;
        this.table = table;
        this.columns = columns;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(table, columns);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE INDEX");
        table.unparse(writer, leftPrec, rightPrec);
    }
}
