package io.shoaldb.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlTruncate;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** TRUNCATE [TABLE] name. */
public final class PgTruncateTable extends SqlTruncate {
    public final SqlIdentifier name;

    public PgTruncateTable(SqlParserPos pos, SqlIdentifier name) {
        super(new SqlSpecialOperator("TRUNCATE TABLE", SqlKind.TRUNCATE_TABLE), pos);
        this.name = name;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("TRUNCATE TABLE");
        name.unparse(writer, leftPrec, rightPrec);
    }
}
