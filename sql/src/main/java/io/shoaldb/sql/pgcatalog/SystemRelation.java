package io.shoaldb.sql.pgcatalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * One pg_catalog or information_schema relation: its PostgreSQL 15 column list and how its rows are computed
 * from a {@link CatalogView} at scan time. Columns are declared with PostgreSQL type names; each maps to the
 * Calcite type the planner uses (oid and the reg* types are integers, name and "char" text, vectors and
 * arrays Calcite arrays whose runtime value is {@link PgArray}).
 */
public record SystemRelation(String schema, String name, int oid, char kind, List<Column> columns,
        Function<CatalogView, List<Object[]>> rows) {
    /** A column: name and PostgreSQL type name ({@code oid}, {@code name}, {@code int2vector}, {@code text[]}...). */
    public record Column(String name, String pgType) {
    }

    public SystemRelation {
        columns = List.copyOf(columns);
    }

    /** Parses {@code "oid oid, relname name, ..."}. */
    static List<Column> columns(String spec) {
        List<Column> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] f = part.strip().split("\\s+");
            if (f.length != 2) {
                throw new IllegalArgumentException("bad column spec " + part);
            }
            out.add(new Column(f[0], f[1]));
        }
        return out;
    }

    public int columnIndex(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    public RelDataType rowType(RelDataTypeFactory f) {
        RelDataTypeFactory.Builder b = f.builder();
        for (Column c : columns) {
            b.add(c.name(), f.createTypeWithNullability(calciteType(f, c.pgType()), true));
        }
        return b.build();
    }

    /** The Calcite type of a PostgreSQL catalog column type. */
    public static RelDataType calciteType(RelDataTypeFactory f, String pgType) {
        String t = pgType.toLowerCase(Locale.ROOT);
        if (t.endsWith("[]") || t.equals("int2vector") || t.equals("oidvector")) {
            String elem = t.endsWith("[]") ? t.substring(0, t.length() - 2) : t.equals("int2vector") ? "int2" : "oid";
            return f.createArrayType(f.createTypeWithNullability(calciteType(f, elem), true), -1);
        }
        return f.createSqlType(switch (t) {
            // regproc columns hold the function's name (clients compare them with 'array_in'::regproc)
            case "oid", "regclass", "regtype", "xid", "int4", "cardinal_number" -> SqlTypeName.INTEGER;
            case "int2" -> SqlTypeName.SMALLINT;
            case "int8" -> SqlTypeName.BIGINT;
            case "bool" -> SqlTypeName.BOOLEAN;
            case "float4" -> SqlTypeName.REAL;
            case "float8" -> SqlTypeName.DOUBLE;
            case "timestamptz" -> SqlTypeName.TIMESTAMP;
            default -> SqlTypeName.VARCHAR; // name, text, "char", pg_node_tree, inet, sql_identifier, ...
        });
    }

    /** Builds one row by column name; unset columns are NULL. */
    static final class Row {
        private final SystemRelation relation;
        private final Object[] values;

        Row(SystemRelation relation) {
            this.relation = relation;
            this.values = new Object[relation.columns().size()];
        }

        Row set(String column, Object value) {
            int i = relation.columnIndex(column);
            if (i < 0) {
                throw new IllegalArgumentException(relation.name() + " has no column " + column);
            }
            values[i] = value;
            return this;
        }

        Object[] values() {
            return values;
        }
    }

    /** Rows from name-to-value maps, for the generators. */
    static List<Object[]> rows(SystemRelation r, List<Map<String, Object>> maps) {
        List<Object[]> out = new ArrayList<>(maps.size());
        for (Map<String, Object> m : maps) {
            Row row = new Row(r);
            for (Map.Entry<String, Object> e : m.entrySet()) {
                row.set(e.getKey(), e.getValue());
            }
            out.add(row.values());
        }
        return out;
    }

    /** An insertion-ordered map literal: {@code map("a", 1, "b", 2)}. */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
