package io.shoaldb.sql.plan;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/** PostgreSQL's result types where they differ from Calcite's defaults: sum(int) is bigint, avg(int) numeric. */
public final class PgTypeSystem extends RelDataTypeSystemImpl {
    public static final PgTypeSystem INSTANCE = new PgTypeSystem();
    private static final int NUMERIC_PRECISION = 1000;

    private PgTypeSystem() {
    }

    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        if (typeName == SqlTypeName.VARCHAR) {
            // room for json/jsonb's marker precisions (PgType.JSON_PRECISION); text itself is unbounded
            return Integer.MAX_VALUE;
        }
        return typeName == SqlTypeName.DECIMAL ? NUMERIC_PRECISION : super.getMaxPrecision(typeName);
    }

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? NUMERIC_PRECISION : super.getMaxScale(typeName);
    }

    @Override
    public RelDataType deriveSumType(RelDataTypeFactory f, RelDataType argumentType) {
        RelDataType t = switch (argumentType.getSqlTypeName()) {
            case TINYINT, SMALLINT, INTEGER -> f.createSqlType(SqlTypeName.BIGINT);
            case BIGINT, DECIMAL -> f.createSqlType(SqlTypeName.DECIMAL, NUMERIC_PRECISION,
                    argumentType.getSqlTypeName() == SqlTypeName.DECIMAL ? argumentType.getScale() : 0);
            case REAL -> f.createSqlType(SqlTypeName.REAL);
            default -> f.createSqlType(SqlTypeName.DOUBLE);
        };
        return f.createTypeWithNullability(t, argumentType.isNullable());
    }

    @Override
    public RelDataType deriveAvgAggType(RelDataTypeFactory f, RelDataType argumentType) {
        RelDataType t = switch (argumentType.getSqlTypeName()) {
            case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL -> f.createSqlType(SqlTypeName.DECIMAL, NUMERIC_PRECISION, 16);
            default -> f.createSqlType(SqlTypeName.DOUBLE);
        };
        return f.createTypeWithNullability(t, argumentType.isNullable());
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }
}
