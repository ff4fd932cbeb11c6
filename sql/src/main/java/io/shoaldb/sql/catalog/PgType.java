package io.shoaldb.sql.catalog;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.storage.ColumnType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The PostgreSQL types ShoalDB stores, with their type OIDs (as pg_type reports them to clients), the
 * Calcite type name the planner uses and the storage column type. Runtime values use the same Java
 * classes as storage (see {@link ColumnType}).
 */
public enum PgType {
    BOOL("boolean", 16, 1, SqlTypeName.BOOLEAN, ColumnType.BOOL),
    INT2("smallint", 21, 2, SqlTypeName.SMALLINT, ColumnType.INT2),
    INT4("integer", 23, 4, SqlTypeName.INTEGER, ColumnType.INT4),
    INT8("bigint", 20, 8, SqlTypeName.BIGINT, ColumnType.INT8),
    FLOAT4("real", 700, 4, SqlTypeName.REAL, ColumnType.FLOAT4),
    FLOAT8("double precision", 701, 8, SqlTypeName.DOUBLE, ColumnType.FLOAT8),
    NUMERIC("numeric", 1700, -1, SqlTypeName.DECIMAL, ColumnType.NUMERIC),
    TEXT("text", 25, -1, SqlTypeName.VARCHAR, ColumnType.TEXT),
    VARCHAR("character varying", 1043, -1, SqlTypeName.VARCHAR, ColumnType.TEXT),
    BPCHAR("character", 1042, -1, SqlTypeName.CHAR, ColumnType.TEXT),
    BYTEA("bytea", 17, -1, SqlTypeName.VARBINARY, ColumnType.BYTEA),
    DATE("date", 1082, 4, SqlTypeName.DATE, ColumnType.DATE),
    TIMESTAMP("timestamp without time zone", 1114, 8, SqlTypeName.TIMESTAMP, ColumnType.TIMESTAMP),
    TIME("time without time zone", 1083, 8, SqlTypeName.TIME, ColumnType.TIME),
    /** An instant, shown in the session's TimeZone (Calcite sees TIMESTAMP WITH LOCAL TIME ZONE). */
    TIMESTAMPTZ("timestamp with time zone", 1184, 8, SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, ColumnType.TIMESTAMPTZ),
    UUID("uuid", 2950, 16, SqlTypeName.UUID, ColumnType.UUID),
    /** (months, days, microseconds); Calcite sees a VARCHAR of the marker precision {@link #INTERVAL_PRECISION}. */
    INTERVAL("interval", 1186, 16, SqlTypeName.VARCHAR, ColumnType.INTERVAL),
    /** json keeps its input text; Calcite sees a VARCHAR of the marker precision {@link #JSON_PRECISION}. */
    JSON("json", 114, -1, SqlTypeName.VARCHAR, ColumnType.TEXT),
    /** jsonb keeps PostgreSQL's normalised text (see {@code io.shoaldb.sql.types.JsonValue}). */
    JSONB("jsonb", 3802, -1, SqlTypeName.VARCHAR, ColumnType.TEXT),
    BOOL_ARRAY(BOOL, 1000),
    INT2_ARRAY(INT2, 1005),
    INT4_ARRAY(INT4, 1007),
    INT8_ARRAY(INT8, 1016),
    FLOAT4_ARRAY(FLOAT4, 1021),
    FLOAT8_ARRAY(FLOAT8, 1022),
    NUMERIC_ARRAY(NUMERIC, 1231),
    TEXT_ARRAY(TEXT, 1009),
    VARCHAR_ARRAY(VARCHAR, 1015),
    BPCHAR_ARRAY(BPCHAR, 1014),
    BYTEA_ARRAY(BYTEA, 1001),
    DATE_ARRAY(DATE, 1182),
    TIMESTAMP_ARRAY(TIMESTAMP, 1115),
    UUID_ARRAY(UUID, 2951),
    TIME_ARRAY(TIME, 1183),
    TIMESTAMPTZ_ARRAY(TIMESTAMPTZ, 1185),
    INTERVAL_ARRAY(INTERVAL, 1187),
    JSON_ARRAY(JSON, 199),
    JSONB_ARRAY(JSONB, 3807),
    /** The type of an untyped NULL or of a parameter nothing constrains (PostgreSQL's "unknown"). */
    UNKNOWN("unknown", 705, -2, SqlTypeName.NULL, ColumnType.TEXT);

    public final String pgName;
    public final int oid;
    /** pg_type.typlen: bytes, -1 variable, -2 C string. */
    public final int typeLength;
    public final SqlTypeName calciteName;
    public final ColumnType storageType;
    /** The element type of an array type, null for a scalar type. */
    public final PgType element;

    /**
     * json and jsonb reach Calcite as VARCHAR with these otherwise unused precisions, so the validator
     * treats them as strings (casts, comparisons, parameters) while the type survives planning.
     */
    public static final int JSON_PRECISION = 1_000_000_114;
    public static final int JSONB_PRECISION = 1_000_003_802;
    /** interval's marker precision: Calcite validates it as a string, the executor holds Interval values. */
    public static final int INTERVAL_PRECISION = 1_000_001_186;

    PgType(String pgName, int oid, int typeLength, SqlTypeName calciteName, ColumnType storageType) {
        this.pgName = pgName;
        this.oid = oid;
        this.typeLength = typeLength;
        this.calciteName = calciteName;
        this.storageType = storageType;
        this.element = null;
    }

    PgType(PgType element, int oid) {
        this.pgName = element.pgName + "[]";
        this.oid = oid;
        this.typeLength = -1;
        this.calciteName = SqlTypeName.ARRAY;
        this.storageType = ColumnType.ARRAY;
        this.element = element;
    }

    public boolean isArray() {
        return element != null;
    }

    /** The one-dimensional array type of this element type, or null when there is none. */
    public PgType arrayType() {
        for (PgType t : values()) {
            if (t.element == this) {
                return t;
            }
        }
        return null;
    }

    /** The Calcite type of a column or cast target of this type. */
    public RelDataType calciteType(org.apache.calcite.rel.type.RelDataTypeFactory f) {
        return switch (this) {
            case JSON -> f.createSqlType(SqlTypeName.VARCHAR, JSON_PRECISION);
            case JSONB -> f.createSqlType(SqlTypeName.VARCHAR, JSONB_PRECISION);
            case INTERVAL -> f.createSqlType(SqlTypeName.VARCHAR, INTERVAL_PRECISION);
            case TIMESTAMP -> f.createSqlType(SqlTypeName.TIMESTAMP, 3);
            case TIMESTAMPTZ -> f.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);
            case TIME -> f.createSqlType(SqlTypeName.TIME);
            case VARCHAR, BPCHAR -> f.createSqlType(SqlTypeName.VARCHAR);
            case NUMERIC -> f.createSqlType(SqlTypeName.DECIMAL, f.getTypeSystem().getMaxPrecision(SqlTypeName.DECIMAL), 16);
            default -> isArray()
                    ? f.createArrayType(f.createTypeWithNullability(element.calciteType(f), true), -1)
                    : f.createSqlType(calciteName);
        };
    }

    /** The PostgreSQL type of a Calcite type as it reaches a client. */
    public static PgType of(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case BOOLEAN -> BOOL;
            case TINYINT, SMALLINT -> INT2;
            case INTEGER -> INT4;
            case BIGINT -> INT8;
            case REAL -> FLOAT4;
            case FLOAT, DOUBLE -> FLOAT8;
            case DECIMAL -> NUMERIC;
            case CHAR -> BPCHAR;
            case VARCHAR -> type.getPrecision() == JSON_PRECISION ? JSON
                    : type.getPrecision() == JSONB_PRECISION ? JSONB
                    : type.getPrecision() == INTERVAL_PRECISION ? INTERVAL
                    : type.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
                    || type.getPrecision() >= Integer.MAX_VALUE / 2 ? TEXT : VARCHAR;
            case BINARY, VARBINARY -> BYTEA;
            case DATE -> DATE;
            case TIMESTAMP -> TIMESTAMP;
            case UUID -> UUID;
            case TIME -> TIME;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIMESTAMP_TZ -> TIMESTAMPTZ;
            case ARRAY -> {
                PgType e = of(type.getComponentType());
                PgType a = e == UNKNOWN ? TEXT_ARRAY : e.arrayType();
                if (a == null) {
                    throw SqlException.notSupported("arrays of " + e.pgName);
                }
                yield a;
            }
            case NULL, UNKNOWN -> UNKNOWN;
            default -> throw SqlException.notSupported("type " + type.getSqlTypeName().getName().toLowerCase(java.util.Locale.ROOT));
        };
    }

    /** Resolves a type name as written in SQL (after alias folding) to a PostgreSQL type, or null. */
    public static PgType byName(String name) {
        return switch (name) {
            case "bool", "boolean" -> BOOL;
            case "int2", "smallint" -> INT2;
            case "int", "int4", "integer", "serial", "serial4" -> INT4;
            case "int8", "bigint", "bigserial", "serial8" -> INT8;
            case "smallserial", "serial2" -> INT2;
            case "float4", "real" -> FLOAT4;
            case "float8", "double", "float", "double precision" -> FLOAT8;
            case "numeric", "decimal" -> NUMERIC;
            case "text" -> TEXT;
            case "varchar", "character varying" -> VARCHAR;
            case "char", "character", "bpchar" -> BPCHAR;
            case "bytea" -> BYTEA;
            case "date" -> DATE;
            case "timestamp" -> TIMESTAMP;
            case "uuid" -> UUID;
            case "time" -> TIME;
            case "timestamptz", "timestamp with time zone" -> TIMESTAMPTZ;
            case "json" -> JSON;
            case "jsonb" -> JSONB;
            case "interval" -> INTERVAL;
            default -> name.endsWith("[]") && byName(name.substring(0, name.length() - 2)) instanceof PgType e
                    ? e.arrayType() : name.startsWith("_") && byName(name.substring(1)) instanceof PgType e2 ? e2.arrayType() : null;
        };
    }
}
