package io.shoaldb.pgwire;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The PostgreSQL types the wire protocol encodes, with the OIDs, lengths and array types PostgreSQL 15
 * uses (clients hard-code these OIDs). Java value classes per type are listed in docs/pgwire.md:
 * bool Boolean, int2 Short, int4 Integer, int8 Long, oid Long, float4 Float, float8 Double,
 * numeric BigDecimal, text/varchar/bpchar/name/json/jsonb String, bytea byte[], date LocalDate,
 * time LocalTime, timestamp LocalDateTime, timestamptz OffsetDateTime, interval {@link io.shoaldb.storage.Interval},
 * uuid UUID, arrays {@code List<?>} of the element class (null elements allowed).
 */
public enum PgType {
    BOOL(16, "bool", 1, 1000),
    BYTEA(17, "bytea", -1, 1001),
    NAME(19, "name", 64, 1003),
    INT8(20, "int8", 8, 1016),
    INT2(21, "int2", 2, 1005),
    INT4(23, "int4", 4, 1007),
    TEXT(25, "text", -1, 1009),
    OID(26, "oid", 4, 1028),
    JSON(114, "json", -1, 199),
    FLOAT4(700, "float4", 4, 1021),
    FLOAT8(701, "float8", 8, 1022),
    BPCHAR(1042, "bpchar", -1, 1014),
    VARCHAR(1043, "varchar", -1, 1015),
    DATE(1082, "date", 4, 1182),
    TIME(1083, "time", 8, 1183),
    TIMESTAMP(1114, "timestamp", 8, 1115),
    TIMESTAMPTZ(1184, "timestamptz", 8, 1185),
    INTERVAL(1186, "interval", 16, 1187),
    NUMERIC(1700, "numeric", -1, 1231),
    UUID(2950, "uuid", 16, 2951),
    JSONB(3802, "jsonb", -1, 3807),

    BOOL_ARRAY(BOOL),
    BYTEA_ARRAY(BYTEA),
    NAME_ARRAY(NAME),
    INT8_ARRAY(INT8),
    INT2_ARRAY(INT2),
    INT4_ARRAY(INT4),
    TEXT_ARRAY(TEXT),
    OID_ARRAY(OID),
    JSON_ARRAY(JSON),
    FLOAT4_ARRAY(FLOAT4),
    FLOAT8_ARRAY(FLOAT8),
    BPCHAR_ARRAY(BPCHAR),
    VARCHAR_ARRAY(VARCHAR),
    DATE_ARRAY(DATE),
    TIME_ARRAY(TIME),
    TIMESTAMP_ARRAY(TIMESTAMP),
    TIMESTAMPTZ_ARRAY(TIMESTAMPTZ),
    INTERVAL_ARRAY(INTERVAL),
    NUMERIC_ARRAY(NUMERIC),
    UUID_ARRAY(UUID),
    JSONB_ARRAY(JSONB);

    private static final Map<Integer, PgType> BY_OID = new HashMap<>();

    static {
        for (PgType t : values()) {
            PgType previous = BY_OID.put(t.oid, t);
            assert previous == null : "duplicate OID " + t.oid;
        }
    }

    private final int oid;
    private final String typeName;
    /** pg_type.typlen: fixed size in bytes, or -1 for variable length. */
    private final int lengthBytes;
    private final int arrayOid;
    private final PgType element;

    PgType(int oid, String typeName, int lengthBytes, int arrayOid) {
        this.oid = oid;
        this.typeName = typeName;
        this.lengthBytes = lengthBytes;
        this.arrayOid = arrayOid;
        this.element = null;
    }

    PgType(PgType element) {
        this.oid = element.arrayOid;
        this.typeName = "_" + element.typeName;
        this.lengthBytes = -1;
        this.arrayOid = 0;
        this.element = element;
    }

    public int oid() {
        return oid;
    }

    /** The pg_type.typname: {@code int4}, {@code _int4}, ... */
    public String typeName() {
        return typeName;
    }

    public int lengthBytes() {
        return lengthBytes;
    }

    public boolean isArray() {
        return element != null;
    }

    /** The element type of an array type; a programmer error for scalar types. */
    public PgType element() {
        if (element == null) {
            throw new IllegalStateException(typeName + " is not an array type");
        }
        return element;
    }

    /** The array type whose elements are this type; a programmer error for array types. */
    public PgType arrayType() {
        if (element != null) {
            throw new IllegalStateException(typeName + " is already an array type");
        }
        return BY_OID.get(arrayOid);
    }

    public static Optional<PgType> byOid(int oid) {
        return Optional.ofNullable(BY_OID.get(oid));
    }
}
