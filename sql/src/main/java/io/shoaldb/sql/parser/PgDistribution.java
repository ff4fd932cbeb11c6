package io.shoaldb.sql.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/** The DISTRIBUTED clause of CREATE TABLE as written: absent, BY (columns) or GLOBALLY. */
public record PgDistribution(Kind kind, List<String> columns) {
    public enum Kind { UNSPECIFIED, BY_COLUMNS, GLOBAL }

    public PgDistribution {
        columns = List.copyOf(columns);
    }

    public static PgDistribution unspecified() {
        return new PgDistribution(Kind.UNSPECIFIED, List.of());
    }

    public static PgDistribution global() {
        return new PgDistribution(Kind.GLOBAL, List.of());
    }

    public static PgDistribution by(SqlNodeList cols) {
        List<String> names = new ArrayList<>();
        for (SqlNode n : cols) {
            names.add(((SqlIdentifier) n).getSimple());
        }
        return new PgDistribution(Kind.BY_COLUMNS, names);
    }
}
