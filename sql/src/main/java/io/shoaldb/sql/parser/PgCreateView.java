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

/** CREATE [OR REPLACE] VIEW name [(columns)] AS query. */
public final class PgCreateView extends SqlCreate {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE VIEW", SqlKind.CREATE_VIEW);

    public final SqlIdentifier name;
    /** The column names given after the view name, or null. */
    public final SqlNodeList columnNames;
    public final SqlNode query;

    public PgCreateView(SqlParserPos pos, boolean replace, SqlIdentifier name, SqlNodeList columnNames, SqlNode query) {
        super(OPERATOR, pos, replace, false);
        this.name = name;
        this.columnNames = columnNames;
        this.query = query;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name, query);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(getReplace() ? "CREATE OR REPLACE VIEW" : "CREATE VIEW");
        name.unparse(writer, leftPrec, rightPrec);
        writer.keyword("AS");
        query.unparse(writer, 0, 0);
    }
}
