package io.shoaldb.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Base of our statement AST nodes that Calcite never validates itself (transaction control, EXPLAIN,
 * DML wrappers): they are calls of a named special operator so Calcite's tree utilities still work.
 */
public abstract class PgStatement extends SqlCall {
    private final SqlOperator operator;

    protected PgStatement(SqlParserPos pos, String name, SqlKind kind) {
        super(pos);
        this.operator = new SqlSpecialOperator(name, kind);
    }

    @Override
    public SqlOperator getOperator() {
        return operator;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(operator.getName());
    }
}
