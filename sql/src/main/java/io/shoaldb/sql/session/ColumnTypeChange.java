package io.shoaldb.sql.session;

import io.shoaldb.sql.catalog.ColumnDef;
import io.shoaldb.sql.catalog.PgType;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.exec.Values;
import java.util.List;

/**
 * ALTER TABLE ... ALTER COLUMN c [SET DATA] TYPE t [USING e]: how one column's values become the new type
 * while {@link TableAlterer} rewrites the rows. Without USING the old value is converted by assignment,
 * and only where PostgreSQL has an implicit or assignment cast (numbers among themselves, anything to
 * text, date and timestamps among themselves); otherwise 42804 with PostgreSQL's hint to write USING.
 * With USING, {@code usingValues} holds the expression's value for each row, in the order the rewrite
 * reads them (primary-key order), and each is converted by assignment too.
 */
record ColumnTypeChange(ColumnDef target, List<Object[]> usingValues) {

    /** Whether PostgreSQL converts {@code from} to {@code to} without USING (pg_cast context i or a). */
    static boolean automatic(PgType from, PgType to) {
        if (from == to) {
            return true;
        }
        return switch (to) {
            case TEXT, VARCHAR, BPCHAR -> true;
            case INT2, INT4, INT8, NUMERIC, FLOAT4, FLOAT8 -> isNumber(from);
            case TIMESTAMP, TIMESTAMPTZ -> from == PgType.DATE || from == PgType.TIMESTAMP || from == PgType.TIMESTAMPTZ;
            case DATE, TIME -> from == PgType.TIMESTAMP || from == PgType.TIMESTAMPTZ;
            default -> false;
        };
    }

    private static boolean isNumber(PgType t) {
        return switch (t) {
            case INT2, INT4, INT8, NUMERIC, FLOAT4, FLOAT8 -> true;
            default -> false;
        };
    }

    /** PostgreSQL's name of a type in messages (format_type). */
    static String displayName(ColumnDef c) {
        String base = switch (c.type()) {
            case INT2 -> "smallint";
            case INT4 -> "integer";
            case INT8 -> "bigint";
            case FLOAT4 -> "real";
            case FLOAT8 -> "double precision";
            case BOOL -> "boolean";
            case VARCHAR -> "character varying";
            case BPCHAR -> "character";
            case TIMESTAMP -> "timestamp without time zone";
            case TIMESTAMPTZ -> "timestamp with time zone";
            case TIME -> "time without time zone";
            default -> c.type().pgName;
        };
        return c.precision() > 0 && (c.type() == PgType.VARCHAR || c.type() == PgType.BPCHAR) ? base + "(" + c.precision() + ")"
                : c.precision() > 0 && c.type() == PgType.NUMERIC ? base + "(" + c.precision() + "," + Math.max(0, c.scale()) + ")"
                : base;
    }

    static SqlException notAutomatic(ColumnDef from, ColumnDef to) {
        return new SqlException(SqlState.DATATYPE_MISMATCH, "column \"" + from.name() + "\" cannot be cast automatically to type "
                + displayName(to), "You might need to specify \"USING " + from.name() + "::" + displayName(to) + "\".");
    }

    /** The new value of the column in row {@code ordinal} of the rewrite, whose old value is {@code old}. */
    Object convert(Object old, int ordinal) {
        Object v = usingValues == null ? old : usingValues.get(ordinal)[0];
        return v == null ? null : assign(target, v);
    }

    /** An assignment cast to a column: varchar(n)/char(n) overflow is 22001, numbers round, as on INSERT. */
    static Object assign(ColumnDef c, Object v) {
        if ((c.type() == PgType.VARCHAR || c.type() == PgType.BPCHAR) && c.precision() > 0) {
            String s = (v instanceof String str ? str : Values.format(v)).stripTrailing();
            if (s.codePointCount(0, s.length()) > c.precision()) {
                throw new SqlException(SqlState.STRING_DATA_RIGHT_TRUNCATION, "value too long for type "
                        + (c.type() == PgType.VARCHAR ? "character varying" : "character") + "(" + c.precision() + ")");
            }
        }
        return switch (c.type()) {
            case TIMESTAMPTZ, TIME -> io.shoaldb.sql.exec.TypeFunctions.castTo(v, c.type().calciteType(
                    new org.apache.calcite.jdbc.JavaTypeFactoryImpl(io.shoaldb.sql.plan.PgTypeSystem.INSTANCE)));
            default -> Values.cast(v, c.type().calciteName, c.precision(), c.scale());
        };
    }
}
