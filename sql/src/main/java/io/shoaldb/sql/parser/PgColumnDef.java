package io.shoaldb.sql.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/** One column of CREATE TABLE with its column-level constraints, as written ({@code references} null without REFERENCES). */
public record PgColumnDef(
        SqlIdentifier name,
        SqlDataTypeSpec type,
        boolean primaryKey,
        boolean notNull,
        boolean explicitNull,
        SqlNode defaultExpr,
        boolean unique,
        List<SqlNode> checks,
        boolean identity,
        PgReference references,
        SqlParserPos pos) {

    public PgColumnDef {
        checks = List.copyOf(checks);
    }

    /** Collects constraints while the grammar reads them. */
    public static final class Builder {
        private final SqlIdentifier name;
        private final SqlDataTypeSpec type;
        public boolean primaryKey;
        public boolean notNull;
        public boolean explicitNull;
        public SqlNode defaultExpr;
        public boolean unique;
        public final List<SqlNode> checks = new ArrayList<>();
        public boolean identity;
        /** REFERENCES ..., or null. */
        public PgReference references;

        public Builder(SqlIdentifier name, SqlDataTypeSpec type) {
            this.name = name;
            this.type = type;
        }

        public PgColumnDef build(SqlParserPos pos) {
            return new PgColumnDef(name, type, primaryKey, notNull, explicitNull, defaultExpr, unique, checks,
                    identity, references, pos);
        }
    }
}
