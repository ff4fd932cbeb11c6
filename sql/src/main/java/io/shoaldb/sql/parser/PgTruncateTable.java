package io.shoaldb.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlTruncate;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** TRUNCATE [TABLE] [ONLY] name [, ...] [CONTINUE IDENTITY] [CASCADE | RESTRICT]. */
public final class PgTruncateTable extends SqlTruncate {
    /** The first table named. */
    public final SqlIdentifier name;
    /** Every table named, in order. */
    public final List<SqlIdentifier> names;

    public PgTruncateTable(SqlParserPos pos, SqlIdentifier name) {
        this(pos, List.of(name));
    }

    public PgTruncateTable(SqlParserPos pos, List<SqlIdentifier> names) {
        super(new SqlSpecialOperator("TRUNCATE TABLE", SqlKind.TRUNCATE_TABLE), pos);
        this.names = List.copyOf(names);
        this.name = this.names.get(0);
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.copyOf(names);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("TRUNCATE TABLE");
        name.unparse(writer, leftPrec, rightPrec);
    }
}
