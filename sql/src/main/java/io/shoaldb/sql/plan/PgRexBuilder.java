package io.shoaldb.sql.plan;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Keeps casts of literals that Calcite would fold with its own semantics (numeric to integer truncates in
 * Calcite but rounds in PostgreSQL; text to number fails with Calcite's messages) as casts, so ShoalDB's
 * executor evaluates them with PostgreSQL's rules and SQLSTATEs.
 */
final class PgRexBuilder extends RexBuilder {
    PgRexBuilder(RelDataTypeFactory typeFactory) {
        super(typeFactory);
    }

    @Override
    public RexNode makeCast(SqlParserPos pos, RelDataType type, RexNode exp, boolean matchNullability, boolean safe,
            RexLiteral format) {
        if (exp instanceof RexLiteral lit && !lit.isNull() && needsRuntimeCast(lit.getType().getSqlTypeName(), type)) {
            RelDataType t = matchNullability ? typeFactory.createTypeWithNullability(type, exp.getType().isNullable()) : type;
            return makeAbstractCast(pos, t, exp, safe, format);
        }
        return super.makeCast(pos, type, exp, matchNullability, safe, format);
    }

    private static boolean needsRuntimeCast(SqlTypeName from, RelDataType type) {
        SqlTypeName to = type.getSqlTypeName();
        if (to == SqlTypeName.VARCHAR && (type.getPrecision() == io.shoaldb.sql.catalog.PgType.JSON_PRECISION
                || type.getPrecision() == io.shoaldb.sql.catalog.PgType.JSONB_PRECISION
                || type.getPrecision() == io.shoaldb.sql.catalog.PgType.INTERVAL_PRECISION)) {
            return true; // json input is checked (and jsonb normalised), interval text parsed, at run time
        }
        if (from == to) {
            return false;
        }
        boolean fromText = from.getFamily() == SqlTypeFamily.CHARACTER;
        boolean toText = to.getFamily() == SqlTypeFamily.CHARACTER;
        if (fromText && !toText) {
            return true;
        }
        boolean toInteger = SqlTypeName.INT_TYPES.contains(to);
        return toInteger && (from == SqlTypeName.DECIMAL || SqlTypeName.APPROX_TYPES.contains(from));
    }
}
