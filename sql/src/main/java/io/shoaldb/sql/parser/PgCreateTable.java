package io.shoaldb.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** CREATE TABLE ... [USING MEMTX] [WITH (storage parameters)] [DISTRIBUTED BY (cols) | DISTRIBUTED GLOBALLY]. */
public final class PgCreateTable extends SqlCreate {
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE);

    public final SqlIdentifier name;
    public final List<PgColumnDef> columns;
    public final List<PgTableConstraint> constraints;
    /** The storage engine named in USING, or null. */
    public final String engine;
    public final PgDistribution distribution;
    /** Storage parameters of WITH (name = value, ...), as "name=value" text in order. */
    public final List<String> storageParameters;

    public PgCreateTable(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
            List<PgColumnDef> columns, List<PgTableConstraint> constraints, String engine, PgDistribution distribution) {
        this(pos, replace, ifNotExists, name, columns, constraints, engine, distribution, List.of());
    }

    public PgCreateTable(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
            List<PgColumnDef> columns, List<PgTableConstraint> constraints, String engine, PgDistribution distribution,
            List<String> storageParameters) {
        super(OPERATOR, pos, replace, ifNotExists);
        this.storageParameters = List.copyOf(storageParameters);
        this.name = name;
        this.columns = List.copyOf(columns);
        this.constraints = List.copyOf(constraints);
        this.engine = engine;
        this.distribution = distribution;
    }

    @Override
    public List<SqlNode> getOperandList() {
        return List.of(name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
        writer.keyword("CREATE TABLE");
        name.unparse(writer, leftPrec, rightPrec);
    }
}
