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
    /** The type of an untyped NULL or of a parameter nothing constrains (PostgreSQL's "unknown"). */
    UNKNOWN("unknown", 705, -2, SqlTypeName.NULL, ColumnType.TEXT);

    public final String pgName;
    public final int oid;
    /** pg_type.typlen: bytes, -1 variable, -2 C string. */
    public final int typeLength;
    public final SqlTypeName calciteName;
    public final ColumnType storageType;

    PgType(String pgName, int oid, int typeLength, SqlTypeName calciteName, ColumnType storageType) {
        this.pgName = pgName;
        this.oid = oid;
        this.typeLength = typeLength;
        this.calciteName = calciteName;
        this.storageType = storageType;
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
            case VARCHAR -> type.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
                    || type.getPrecision() >= Integer.MAX_VALUE / 2 ? TEXT : VARCHAR;
            case BINARY, VARBINARY -> BYTEA;
            case DATE -> DATE;
            case TIMESTAMP -> TIMESTAMP;
            case NULL, UNKNOWN -> UNKNOWN;
            // Catalog arrays (int2vector, text[], aclitem[] ...) reach clients in PostgreSQL's text form.
            case ARRAY -> TEXT;
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
            default -> null;
        };
    }
}
