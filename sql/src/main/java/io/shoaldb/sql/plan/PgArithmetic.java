package io.shoaldb.sql.plan;

import io.shoaldb.sql.catalog.PgType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlPrefixOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * + - * / and unary minus with PostgreSQL's date/time arithmetic beside Calcite's numeric rules:
 * timestamp/timestamptz/date ± interval, interval ± interval, interval * and / number, -interval,
 * timestamp - timestamp (an interval), date - date (an integer) and date ± integer (a date). The planner
 * puts these in place of Calcite's operators before validation (same SqlKind, so everything downstream
 * sees a PLUS, MINUS, ...); io.shoaldb.sql.exec.IntervalMath evaluates the date/time cases.
 */
final class PgArithmetic {
    private PgArithmetic() {
    }

    static final SqlBinaryOperator PLUS = binary(SqlStdOperatorTable.PLUS, "+", SqlKind.PLUS, 40);
    static final SqlBinaryOperator MINUS = binary(SqlStdOperatorTable.MINUS, "-", SqlKind.MINUS, 40);
    static final SqlBinaryOperator TIMES = binary(SqlStdOperatorTable.MULTIPLY, "*", SqlKind.TIMES, 60);
    static final SqlBinaryOperator DIVIDE = binary(SqlStdOperatorTable.DIVIDE, "/", SqlKind.DIVIDE, 60);
    static final SqlPrefixOperator NEGATE = new SqlPrefixOperator("-", SqlKind.MINUS_PREFIX, 80,
            b -> SqlStdOperatorTable.UNARY_MINUS.getReturnTypeInference().inferReturnType(b), InferTypes.RETURN_TYPE,
            checker(SqlStdOperatorTable.UNARY_MINUS, SqlKind.MINUS_PREFIX));

    /** Our operator for one of Calcite's arithmetic operators, or null. */
    static SqlOperator replacing(SqlOperator op) {
        if (op == SqlStdOperatorTable.PLUS) {
            return PLUS;
        }
        if (op == SqlStdOperatorTable.MINUS) {
            return MINUS;
        }
        if (op == SqlStdOperatorTable.MULTIPLY) {
            return TIMES;
        }
        if (op == SqlStdOperatorTable.DIVIDE) {
            return DIVIDE;
        }
        return op == SqlStdOperatorTable.UNARY_MINUS ? NEGATE : null;
    }

    static boolean isInterval(RelDataType t) {
        return t.getSqlTypeName() == SqlTypeName.VARCHAR && t.getPrecision() == PgType.INTERVAL_PRECISION;
    }

    private static boolean isStamp(RelDataType t) {
        return t.getSqlTypeName() == SqlTypeName.TIMESTAMP || t.getSqlTypeName() == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
    }

    private static boolean isDate(RelDataType t) {
        return t.getSqlTypeName() == SqlTypeName.DATE;
    }

    private static boolean isInteger(RelDataType t) {
        return SqlTypeName.INT_TYPES.contains(t.getSqlTypeName());
    }

    private static boolean isNumber(RelDataType t) {
        return SqlTypeName.NUMERIC_TYPES.contains(t.getSqlTypeName());
    }

    /** The date/time result type of {@code kind} over these operands, or null for Calcite's own rules. */
    static RelDataType dateTimeResult(SqlKind kind, RelDataType l, RelDataType r, RelDataTypeFactory f) {
        RelDataType interval = f.createSqlType(SqlTypeName.VARCHAR, PgType.INTERVAL_PRECISION);
        RelDataType timestamp = f.createSqlType(SqlTypeName.TIMESTAMP, 3);
        return switch (kind) {
            case PLUS -> isInterval(l) && isInterval(r) ? interval
                    : isStamp(l) && isInterval(r) ? l : isInterval(l) && isStamp(r) ? r
                    : (isDate(l) && isInterval(r)) || (isInterval(l) && isDate(r)) ? timestamp
                    : isDate(l) && isInteger(r) ? l : isInteger(l) && isDate(r) ? r : null;
            case MINUS -> isInterval(l) && isInterval(r) ? interval
                    : isStamp(l) && isInterval(r) ? l
                    : isDate(l) && isInterval(r) ? timestamp
                    : isStamp(l) && isStamp(r) && l.getSqlTypeName() == r.getSqlTypeName() ? interval
                    : isDate(l) && isDate(r) ? f.createSqlType(SqlTypeName.INTEGER)
                    : isDate(l) && isInteger(r) ? l : null;
            case TIMES -> (isInterval(l) && isNumber(r)) || (isNumber(l) && isInterval(r)) ? interval : null;
            case DIVIDE -> isInterval(l) && isNumber(r) ? interval : null;
            default -> null;
        };
    }

    private static RelDataType dateTimeResult(SqlKind kind, SqlOperatorBinding b) {
        if (b.getOperandCount() != 2) {
            return null;
        }
        RelDataTypeFactory f = b.getTypeFactory();
        RelDataType t = dateTimeResult(kind, b.getOperandType(0), b.getOperandType(1), f);
        return t == null ? null : f.createTypeWithNullability(t,
                b.getOperandType(0).isNullable() || b.getOperandType(1).isNullable());
    }

    private static SqlBinaryOperator binary(SqlBinaryOperator std, String name, SqlKind kind, int precedence) {
        return new SqlBinaryOperator(name, kind, precedence, true, b -> {
            RelDataType t = dateTimeResult(kind, b);
            return t != null ? t : std.getReturnTypeInference().inferReturnType(b);
        }, InferTypes.FIRST_KNOWN, checker(std, kind));
    }

    private static SqlOperandTypeChecker checker(SqlOperator std, SqlKind kind) {
        SqlOperandTypeChecker base = std.getOperandTypeChecker();
        return new SqlOperandTypeChecker() {
            @Override
            public boolean checkOperandTypes(SqlCallBinding b, boolean throwOnFailure) {
                if (kind == SqlKind.MINUS_PREFIX ? isInterval(b.getOperandType(0)) : dateTimeResult(kind, b) != null) {
                    return true;
                }
                return base.checkOperandTypes(b, throwOnFailure);
            }

            @Override
            public SqlOperandCountRange getOperandCountRange() {
                return base.getOperandCountRange();
            }

            @Override
            public String getAllowedSignatures(SqlOperator op, String opName) {
                return base.getAllowedSignatures(op, opName);
            }
        };
    }
}
