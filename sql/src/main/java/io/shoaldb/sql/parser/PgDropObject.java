package io.shoaldb.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** DROP TABLE / DROP INDEX / DROP VIEW [IF EXISTS] name [, name ...] [CASCADE | RESTRICT]. */
public final class PgDropObject extends SqlDrop {
    public enum Kind { TABLE, INDEX, VIEW }

    public final Kind kind;
    public final List<SqlIdentifier> names;
    public final boolean cascade;

    public PgDropObject(SqlParserPos pos, Kind kind, boolean ifExists, List<SqlIdentifier> names, boolean cascade) {
        super(new SqlSpecialOperator("DROP " + kind.name(), switch (kind) {
                    case TABLE -> SqlKind.DROP_TABLE;
                    case INDEX -> SqlKind.DROP_INDEX;
                    case VIEW -> SqlKind.DROP_VIEW;
                }),
                pos, ifExists);
        this.kind = kind;
        this.names = List.copyOf(names);
        this.cascade = cascade;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.copyOf(names);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("DROP " + kind.name());
        for (SqlIdentifier name : names) {
            writer.sep(",");
            name.unparse(writer, leftPrec, rightPrec);
        }
    }
}
