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
 * SET / SHOW / RESET of a session setting, and the transaction-characteristics forms of SET. Parsed by
 * {@link PgUtilityParser} (PostgreSQL lets a setting's value be almost any token, which Calcite's grammar
 * cannot take).
 */
public final class PgSettingStatement extends SqlCall {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("SETTING", SqlKind.OTHER_DDL);

    public enum Kind {
        /** SET [SESSION] name TO values. */
        SET,
        /** SET LOCAL name TO values (until the end of the transaction). */
        SET_LOCAL,
        /** SET [SESSION|LOCAL] name TO DEFAULT, or RESET name. {@link #local} tells which. */
        RESET,
        RESET_ALL,
        SHOW,
        SHOW_ALL,
        /** SET TRANSACTION modes: this transaction only. */
        SET_TRANSACTION,
        /** SET SESSION CHARACTERISTICS AS TRANSACTION modes: the defaults of later transactions. */
        SET_SESSION_CHARACTERISTICS
    }

    public final Kind kind;
    /** The setting's name as written, lower-cased (null for the ALL forms and transaction modes). */
    public final String name;
    /** The value items, each flattened to text (identifiers and strings alike), for SET. */
    public final List<String> values;
    public final boolean local;
    /** For the transaction forms: the isolation level asked for (lower case) or null. */
    public final String isolation;
    /** For the transaction forms: READ ONLY (true), READ WRITE (false) or not given (null). */
    public final Boolean readOnly;
    /** For the transaction forms: [NOT] DEFERRABLE or not given (null). */
    public final Boolean deferrable;

    PgSettingStatement(Kind kind, String name, List<String> values, boolean local, String isolation,
            Boolean readOnly, Boolean deferrable) {
        super(SqlParserPos.ZERO);
        this.kind = kind;
        this.name = name;
        this.values = values == null ? List.of() : List.copyOf(values);
        this.local = local;
        this.isolation = isolation;
        this.readOnly = readOnly;
        this.deferrable = deferrable;
    }

    /** Whether this statement returns rows (SHOW). */
    public boolean returnsRows() {
        return kind == Kind.SHOW || kind == Kind.SHOW_ALL;
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
        writer.keyword(kind.name().replace('_', ' '));
        if (name != null) {
            writer.identifier(name, true);
        }
    }
}
