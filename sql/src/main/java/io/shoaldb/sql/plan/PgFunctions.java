package io.shoaldb.sql.plan;

import io.shoaldb.sql.catalog.PgType;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;

/**
 * PostgreSQL functions over arrays, uuid, json/jsonb and interval, as Calcite sees them for validation (names,
 * argument counts, result types). io.shoaldb.sql.exec.TypeFunctions evaluates them.
 */
final class PgFunctions {
    private PgFunctions() {
    }

    private static final SqlReturnTypeInference JSONB = b -> b.getTypeFactory().createTypeWithNullability(
            b.getTypeFactory().createSqlType(SqlTypeName.VARCHAR, PgType.JSONB_PRECISION), true);
    private static final SqlReturnTypeInference JSON = b -> b.getTypeFactory().createTypeWithNullability(
            b.getTypeFactory().createSqlType(SqlTypeName.VARCHAR, PgType.JSON_PRECISION), true);
    private static final SqlReturnTypeInference INT_NULLABLE = ReturnTypes.INTEGER.andThen(SqlTypeTransforms.FORCE_NULLABLE);
    private static final SqlReturnTypeInference TEXT_NULLABLE = ReturnTypes.VARCHAR.andThen(SqlTypeTransforms.FORCE_NULLABLE);
    /** array_append(anyarray, x) / array_cat: the array argument's type; array_prepend(x, anyarray): the second's. */
    private static final SqlReturnTypeInference FIRST_ARRAY = b -> {
        for (int i = 0; i < b.getOperandCount(); i++) {
            RelDataType t = b.getOperandType(i);
            if (t.getSqlTypeName() == SqlTypeName.ARRAY) {
                return b.getTypeFactory().createTypeWithNullability(t, true);
            }
        }
        return b.getTypeFactory().createTypeWithNullability(
                b.getTypeFactory().createArrayType(b.getOperandType(0), -1), true);
    };

    private static SqlFunction fn(String name, SqlReturnTypeInference type, org.apache.calcite.sql.type.SqlOperandTypeChecker operands) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, type, null, operands, SqlFunctionCategory.USER_DEFINED_FUNCTION);
    }

    static final SqlFunction GEN_RANDOM_UUID = new SqlFunction("gen_random_uuid", SqlKind.OTHER_FUNCTION,
            ReturnTypes.explicit(SqlTypeName.UUID), null, OperandTypes.NILADIC, SqlFunctionCategory.SYSTEM) {
        @Override
        public boolean isDeterministic() {
            return false;
        }

        @Override
        public boolean isDynamicFunction() {
            return true;
        }
    };

    private static final SqlReturnTypeInference TIMESTAMPTZ = b -> b.getTypeFactory().createSqlType(
            SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6);

    /** now() and its synonyms: the statement's start as timestamptz, from the node's Clock port. */
    private static SqlFunction clockFunction(String name) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, TIMESTAMPTZ, null, OperandTypes.NILADIC, SqlFunctionCategory.SYSTEM) {
            @Override
            public boolean isDeterministic() {
                return false;
            }

            @Override
            public boolean isDynamicFunction() {
                return true;
            }
        };
    }

    static final SqlFunction NOW = clockFunction("now");

    /** timezone(zone, timestamptz) gives a timestamp; timezone(zone, timestamp) a timestamptz. */
    private static final SqlReturnTypeInference TIMEZONE = b -> {
        RelDataType arg = b.getOperandType(1);
        // (a date is read as a timestamptz at midnight in the session's zone, as PostgreSQL does)
        SqlTypeName result = arg.getSqlTypeName() == SqlTypeName.TIMESTAMP ? SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE
                : SqlTypeName.TIMESTAMP;
        return b.getTypeFactory().createTypeWithNullability(b.getTypeFactory().createSqlType(result,
                result == SqlTypeName.TIMESTAMP ? 3 : 6), true);
    };

    private static final SqlReturnTypeInference INTERVAL_NULLABLE = b -> b.getTypeFactory().createTypeWithNullability(
            b.getTypeFactory().createSqlType(SqlTypeName.VARCHAR, PgType.INTERVAL_PRECISION), true);

    /** age(a, b) and age(a); the latter reads the statement's time (the Clock port), so it is not constant. */
    static final SqlFunction AGE = new SqlFunction("age", SqlKind.OTHER_FUNCTION, INTERVAL_NULLABLE, null,
            OperandTypes.or(OperandTypes.ANY, OperandTypes.ANY_ANY), SqlFunctionCategory.SYSTEM) {
        @Override
        public boolean isDeterministic() {
            return false;
        }

        @Override
        public boolean isDynamicFunction() {
            return true;
        }
    };

    /** date_part(field, source): ahead of Calcite's own in the operator table (SqlPlanner puts it first). */
    static final SqlFunction DATE_PART = fn("date_part", ReturnTypes.DOUBLE.andThen(SqlTypeTransforms.FORCE_NULLABLE),
            OperandTypes.ANY_ANY);

    private static SqlReturnTypeInference nullable(SqlTypeName type, int precision) {
        return b -> b.getTypeFactory().createTypeWithNullability(precision < 0 ? b.getTypeFactory().createSqlType(type)
                : b.getTypeFactory().createSqlType(type, precision), true);
    }

    /** {@code min..max} numbers, optionally followed by one text argument (a time zone). */
    private static org.apache.calcite.sql.type.SqlOperandTypeChecker numbers(int min, int max, boolean zone) {
        List<org.apache.calcite.sql.type.SqlTypeFamily> families = new java.util.ArrayList<>(
                java.util.Collections.nCopies(max, org.apache.calcite.sql.type.SqlTypeFamily.NUMERIC));
        if (zone) {
            families.add(org.apache.calcite.sql.type.SqlTypeFamily.CHARACTER);
        }
        return OperandTypes.family(families, i -> i >= min);
    }

    /** numeric without a declared scale (values keep their own scale, as PostgreSQL prints them). */
    private static final SqlReturnTypeInference NUMERIC_NULLABLE = b -> b.getTypeFactory().createTypeWithNullability(
            PgType.NUMERIC.calciteType(b.getTypeFactory()), true);

    /** extract(field FROM x), rewritten by SqlPlanner to extract('field', x): numeric, as in PostgreSQL 14+. */
    static final SqlFunction EXTRACT = fn("extract", NUMERIC_NULLABLE, OperandTypes.ANY_ANY);

    /** date_trunc(field, x [, zone]): a timestamp stays one; timestamptz and date give timestamptz; interval. */
    static final SqlFunction DATE_TRUNC = fn("date_trunc", b -> {
        RelDataType arg = b.getOperandType(1);
        PgType t = arg.getSqlTypeName() == SqlTypeName.VARCHAR && arg.getPrecision() == PgType.INTERVAL_PRECISION
                ? PgType.INTERVAL : arg.getSqlTypeName() == SqlTypeName.TIMESTAMP && b.getOperandCount() == 2
                ? PgType.TIMESTAMP : PgType.TIMESTAMPTZ;
        return b.getTypeFactory().createTypeWithNullability(t.calciteType(b.getTypeFactory()), true);
    }, OperandTypes.or(OperandTypes.ANY_ANY, OperandTypes.family(org.apache.calcite.sql.type.SqlTypeFamily.ANY,
            org.apache.calcite.sql.type.SqlTypeFamily.ANY, org.apache.calcite.sql.type.SqlTypeFamily.ANY)));

    /** to_char(value, format): text. Values of every type Calcite would accept; the executor refuses the rest. */
    static final SqlFunction TO_CHAR = fn("to_char", TEXT_NULLABLE, OperandTypes.ANY_ANY);
    static final SqlFunction TO_DATE = fn("to_date", nullable(SqlTypeName.DATE, -1), OperandTypes.STRING_STRING);
    /** to_timestamp(text, format) and to_timestamp(seconds since the epoch): timestamptz. */
    static final SqlFunction TO_TIMESTAMP = fn("to_timestamp", TIMESTAMPTZ.andThen(SqlTypeTransforms.FORCE_NULLABLE),
            OperandTypes.or(OperandTypes.STRING_STRING, OperandTypes.NUMERIC));

    /** Ours shadow Calcite's functions of the same names (SqlPlanner drops those from a lookup). */
    static final List<SqlFunction> OVERRIDES = List.of(DATE_PART, EXTRACT, DATE_TRUNC, TO_CHAR, TO_DATE, TO_TIMESTAMP);

    static final List<SqlOperator> ALL = List.of(EXTRACT, DATE_TRUNC, TO_CHAR, TO_DATE, TO_TIMESTAMP,
            fn("make_date", nullable(SqlTypeName.DATE, -1), numbers(3, 3, false)),
            fn("make_time", nullable(SqlTypeName.TIME, -1), numbers(3, 3, false)),
            fn("make_timestamp", nullable(SqlTypeName.TIMESTAMP, 3), numbers(6, 6, false)),
            fn("make_timestamptz", TIMESTAMPTZ.andThen(SqlTypeTransforms.FORCE_NULLABLE), numbers(6, 6, true)),
            fn("make_interval", INTERVAL_NULLABLE, numbers(0, 7, false)),
            fn("justify_days", INTERVAL_NULLABLE, OperandTypes.ANY),
            fn("justify_hours", INTERVAL_NULLABLE, OperandTypes.ANY),
            fn("justify_interval", INTERVAL_NULLABLE, OperandTypes.ANY), AGE,
            GEN_RANDOM_UUID, NOW, clockFunction("statement_timestamp"), clockFunction("transaction_timestamp"),
            fn("timezone", TIMEZONE, OperandTypes.ANY_ANY),
            fn("array_length", INT_NULLABLE, OperandTypes.family(org.apache.calcite.sql.type.SqlTypeFamily.ARRAY,
                    org.apache.calcite.sql.type.SqlTypeFamily.INTEGER)),
            fn("array_append", FIRST_ARRAY, OperandTypes.ANY_ANY),
            fn("array_prepend", FIRST_ARRAY, OperandTypes.ANY_ANY),
            fn("array_cat", FIRST_ARRAY, OperandTypes.ANY_ANY),
            fn("array_position", INT_NULLABLE, OperandTypes.ANY_ANY),
            fn("jsonb_typeof", TEXT_NULLABLE, OperandTypes.ANY),
            fn("json_typeof", TEXT_NULLABLE, OperandTypes.ANY),
            fn("jsonb_array_length", INT_NULLABLE, OperandTypes.ANY),
            fn("json_array_length", INT_NULLABLE, OperandTypes.ANY),
            fn("jsonb_build_object", JSONB, OperandTypes.VARIADIC),
            fn("json_build_object", JSON, OperandTypes.VARIADIC),
            fn("to_jsonb", JSONB, OperandTypes.ANY),
            fn("to_json", JSON, OperandTypes.ANY));
}
