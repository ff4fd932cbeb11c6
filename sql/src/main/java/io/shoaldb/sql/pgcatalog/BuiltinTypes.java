package io.shoaldb.sql.pgcatalog;

import io.shoaldb.sql.catalog.ColumnDef;
import io.shoaldb.sql.catalog.PgType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PostgreSQL 15's built-in types as pg_type lists them, with their real OIDs (clients hard-code them):
 * every type ShoalDB stores plus the base types catalog queries and drivers expect to find. Each base type
 * brings its array type ({@code _name}).
 */
public final class BuiltinTypes {
    /**
     * One pg_type row's essentials.
     *
     * @param category pg_type.typcategory
     * @param formatName format_type's spelling
     */
    public record Type(int oid, String name, String formatName, int length, boolean byValue, char category,
            int elementOid, int arrayOid, String input) {
        public boolean isArray() {
            return elementOid != 0;
        }
    }

    private static final Map<Integer, Type> BY_OID = new TreeMap<>();
    private static final Map<String, Type> BY_NAME = new TreeMap<>();

    private static void base(int oid, String name, String formatName, int length, boolean byValue, char category,
            int arrayOid) {
        put(new Type(oid, name, formatName, length, byValue, category, 0, arrayOid, name + "in"));
        if (arrayOid != 0) {
            put(new Type(arrayOid, "_" + name, formatName + "[]", -1, false, 'A', oid, 0, "array_in"));
        }
    }

    private static void put(Type t) {
        if (BY_OID.put(t.oid(), t) != null || BY_NAME.put(t.name(), t) != null) {
            throw new IllegalStateException("duplicate built-in type " + t);
        }
    }

    static {
        base(16, "bool", "boolean", 1, true, 'B', 1000);
        base(17, "bytea", "bytea", -1, false, 'U', 1001);
        base(18, "char", "\"char\"", 1, true, 'Z', 1002);
        base(19, "name", "name", 64, false, 'S', 1003);
        base(20, "int8", "bigint", 8, true, 'N', 1016);
        base(21, "int2", "smallint", 2, true, 'N', 1005);
        base(22, "int2vector", "int2vector", -1, false, 'A', 1006);
        base(23, "int4", "integer", 4, true, 'N', 1007);
        base(24, "regproc", "regproc", 4, true, 'N', 1008);
        base(25, "text", "text", -1, false, 'S', 1009);
        base(26, "oid", "oid", 4, true, 'N', 1028);
        base(27, "tid", "tid", 6, false, 'U', 1010);
        base(28, "xid", "xid", 4, true, 'U', 1011);
        base(29, "cid", "cid", 4, true, 'U', 1012);
        base(30, "oidvector", "oidvector", -1, false, 'A', 1013);
        base(114, "json", "json", -1, false, 'U', 199);
        base(142, "xml", "xml", -1, false, 'U', 143);
        base(194, "pg_node_tree", "pg_node_tree", -1, false, 'Z', 0);
        base(700, "float4", "real", 4, true, 'N', 1021);
        base(701, "float8", "double precision", 8, true, 'N', 1022);
        base(705, "unknown", "unknown", -2, false, 'X', 0);
        base(790, "money", "money", 8, true, 'N', 791);
        base(1033, "aclitem", "aclitem", 12, false, 'U', 1034);
        base(1042, "bpchar", "character", -1, false, 'S', 1014);
        base(1043, "varchar", "character varying", -1, false, 'S', 1015);
        base(1082, "date", "date", 4, true, 'D', 1182);
        base(1083, "time", "time without time zone", 8, true, 'D', 1183);
        base(1114, "timestamp", "timestamp without time zone", 8, true, 'D', 1115);
        base(1184, "timestamptz", "timestamp with time zone", 8, true, 'D', 1185);
        base(1186, "interval", "interval", 16, false, 'T', 1187);
        base(1266, "timetz", "time with time zone", 12, false, 'D', 1270);
        base(1560, "bit", "bit", -1, false, 'V', 1561);
        base(1562, "varbit", "bit varying", -1, false, 'V', 1563);
        base(1700, "numeric", "numeric", -1, false, 'N', 1231);
        base(2205, "regclass", "regclass", 4, true, 'N', 2210);
        base(2206, "regtype", "regtype", 4, true, 'N', 2211);
        base(2249, "record", "record", -1, false, 'P', 2287);
        base(2275, "cstring", "cstring", -2, false, 'P', 1263);
        base(2276, "any", "\"any\"", 4, true, 'P', 0);
        base(2277, "anyarray", "anyarray", -1, false, 'P', 0);
        base(2278, "void", "void", 4, true, 'P', 0);
        base(2950, "uuid", "uuid", 16, false, 'U', 2951);
        base(3802, "jsonb", "jsonb", -1, false, 'U', 3807);
        base(4089, "regnamespace", "regnamespace", 4, true, 'N', 4090);
        base(4096, "regrole", "regrole", 4, true, 'N', 4097);
    }

    private BuiltinTypes() {
    }

    public static List<Type> all() {
        return Collections.unmodifiableList(new ArrayList<>(BY_OID.values()));
    }

    public static Type byOid(int oid) {
        return BY_OID.get(oid);
    }

    /** By pg_type.typname ({@code int4}, {@code _text}) or by a SQL spelling ({@code integer}). */
    public static Type byName(String name) {
        Type t = BY_NAME.get(name);
        if (t != null) {
            return t;
        }
        PgType p = PgType.byName(name);
        if (p != null) {
            return BY_OID.get(p.oid);
        }
        for (Type x : BY_OID.values()) {
            if (x.formatName().equals(name)) {
                return x;
            }
        }
        return null;
    }

    /** pg_attribute.atttypmod of a column: declared length + 4, or (precision << 16 | scale) + 4, or -1. */
    public static int typmod(ColumnDef c) {
        return switch (c.type()) {
            case VARCHAR, BPCHAR -> c.precision() > 0 ? c.precision() + 4 : -1;
            case NUMERIC -> c.precision() > 0 ? ((c.precision() << 16) | Math.max(0, c.scale())) + 4 : -1;
            default -> -1;
        };
    }

    /** format_type(oid, typmod): PostgreSQL's spelling of a type with its modifier. */
    public static String format(int oid, Integer typmod) {
        Type t = BY_OID.get(oid);
        if (t == null) {
            return "???";
        }
        int mod = typmod == null ? -1 : typmod;
        String base = t.isArray() ? BY_OID.get(t.elementOid()).formatName() : t.formatName();
        if (mod >= 4) {
            int m = mod - 4;
            int elem = t.isArray() ? t.elementOid() : oid;
            base = switch (elem) {
                case 1043, 1042 -> base + "(" + m + ")";
                case 1700 -> base + "(" + (m >> 16) + "," + (m & 0xffff) + ")";
                default -> base;
            };
        }
        return t.isArray() ? base + "[]" : base;
    }
}
