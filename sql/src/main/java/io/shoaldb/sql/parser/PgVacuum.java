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
 * {@code VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] [table [, ...]]}, {@code VACUUM (option [, ...]) ...} and
 * {@code ANALYZE [VERBOSE] [table [, ...]]}; executed by the session, never planned.
 */
public final class PgVacuum extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("VACUUM", SqlKind.OTHER_DDL);

    /** VACUUM (reclaim row versions); false for a bare ANALYZE. */
    public final boolean vacuum;
    /** ANALYZE alone or with VACUUM. */
    public final boolean analyze;
    /** The tables named, without schema; empty for every table. */
    public final List<String> tables;

    PgVacuum(boolean vacuum, boolean analyze, List<String> tables) {
        super(SqlParserPos.ZERO);
        this.vacuum = vacuum;
        this.analyze = analyze;
        this.tables = List.copyOf(tables);
    }

    /** The command tag PostgreSQL sends. */
    public String commandTag() {
        return vacuum ? "VACUUM" : "ANALYZE";
    }

    @Override
    public SqlOperator getOperator() {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword(vacuum ? (analyze ? "VACUUM ANALYZE" : "VACUUM") : "ANALYZE");
        for (int i = 0; i < tables.size(); i++) {
            if (i > 0) {
                writer.sep(",");
            }
            writer.identifier(tables.get(i), true);
        }
    }
}
