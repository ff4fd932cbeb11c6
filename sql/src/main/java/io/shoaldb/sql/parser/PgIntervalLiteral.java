package io.shoaldb.sql.parser;

import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * PostgreSQL's {@code interval '1 day'} (no qualifier; Calcite's grammar requires one): parsed as
 * {@code CAST('1 day' AS interval)}, so the text is read by the engine's one interval input routine.
 */
public final class PgIntervalLiteral {
    private PgIntervalLiteral() {
    }

    /** The interval type name as the parser produces it for {@code ::interval} and column types. */
    public static SqlDataTypeSpec type(SqlParserPos pos) {
        return new SqlDataTypeSpec(new SqlUserDefinedTypeNameSpec("interval", pos), pos);
    }

    public static SqlNode of(SqlParserPos pos, int sign, String text) {
        SqlNode cast = SqlStdOperatorTable.CAST.createCall(pos, SqlLiteral.createCharString(text, pos), type(pos));
        return sign < 0 ? SqlStdOperatorTable.UNARY_MINUS.createCall(pos, cast) : cast;
    }
}
