package io.shoaldb.sql.pgcatalog;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.exec.ExecContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlTableFunction;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Set-returning functions usable in FROM: generate_series, generate_subscripts, pg_get_keywords,
 * information_schema._pg_expandarray and pg_partition_ancestors.
 */
public final class TableFunctions {
    /** Bound on the rows one call may produce (generate_series(1, 10^12) is refused, not attempted). */
    public static final long MAX_ROWS = 10_000_000;

    private TableFunctions() {
    }

    private static final class TableFn extends SqlFunction implements SqlTableFunction {
        private final SqlReturnTypeInference rowType;

        TableFn(String name, int min, int max, SqlReturnTypeInference rowType) {
            super(name, SqlKind.OTHER_FUNCTION, ReturnTypes.CURSOR, null,
                    OperandTypes.variadic(org.apache.calcite.sql.type.SqlOperandCountRanges.between(min, max)),
                    SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION);
            this.rowType = rowType;
        }

        @Override
        public SqlReturnTypeInference getRowTypeInference() {
            return rowType;
        }

        @Override
        public boolean isDeterministic() {
            return false;
        }
    }

    private static RelDataType nullable(RelDataTypeFactory f, SqlTypeName t) {
        return f.createTypeWithNullability(f.createSqlType(t), true);
    }

    private static final List<SqlOperator> OPERATORS = List.of(
            new TableFn("generate_series", 2, 3, b -> {
                SqlTypeName t = b.getOperandType(0).getSqlTypeName() == SqlTypeName.BIGINT
                        || b.getOperandType(1).getSqlTypeName() == SqlTypeName.BIGINT ? SqlTypeName.BIGINT : SqlTypeName.INTEGER;
                return b.getTypeFactory().builder().add("generate_series", nullable(b.getTypeFactory(), t)).build();
            }),
            new TableFn("generate_subscripts", 2, 3, b -> b.getTypeFactory().builder()
                    .add("generate_subscripts", nullable(b.getTypeFactory(), SqlTypeName.INTEGER)).build()),
            new TableFn("pg_get_keywords", 0, 0, b -> {
                RelDataTypeFactory f = b.getTypeFactory();
                return f.builder().add("word", nullable(f, SqlTypeName.VARCHAR)).add("catcode", nullable(f, SqlTypeName.VARCHAR))
                        .add("barelabel", nullable(f, SqlTypeName.BOOLEAN)).add("catdesc", nullable(f, SqlTypeName.VARCHAR))
                        .add("baredesc", nullable(f, SqlTypeName.VARCHAR)).build();
            }),
            new TableFn("_pg_expandarray", 1, 1, b -> {
                RelDataTypeFactory f = b.getTypeFactory();
                RelDataType elem = b.getOperandType(0).getComponentType();
                return f.builder().add("x", elem == null ? nullable(f, SqlTypeName.VARCHAR) : f.createTypeWithNullability(elem, true))
                        .add("n", nullable(f, SqlTypeName.INTEGER)).build();
            }),
            new TableFn("pg_partition_ancestors", 1, 1, b -> b.getTypeFactory().builder()
                    .add("relid", nullable(b.getTypeFactory(), SqlTypeName.INTEGER)).build()));

    static List<SqlOperator> operators() {
        return OPERATORS;
    }

    /** Whether {@code name} is one of these functions. */
    public static boolean isTableFunction(String name) {
        for (SqlOperator o : OPERATORS) {
            if (o.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The rows of one call, arguments evaluated. */
    public static List<Object[]> rows(String name, Object[] args, ExecContext ctx) {
        List<Object[]> out = new ArrayList<>();
        switch (name.toLowerCase(Locale.ROOT)) {
            case "generate_series" -> {
                if (args[0] == null || args[1] == null || args.length > 2 && args[2] == null) {
                    return out;
                }
                long start = ((Number) args[0]).longValue();
                long stop = ((Number) args[1]).longValue();
                long step = args.length > 2 ? ((Number) args[2]).longValue() : 1;
                if (step == 0) {
                    throw new SqlException("22023", "step size cannot equal zero");
                }
                boolean wide = args[0] instanceof Long || args[1] instanceof Long;
                for (long i = start; step > 0 ? i <= stop : i >= stop; i += step) {
                    if (out.size() >= MAX_ROWS) {
                        throw new SqlException("54000", "generate_series would return more than " + MAX_ROWS + " rows");
                    }
                    out.add(new Object[] {wide ? (Object) i : (Object) (int) i});
                    if (step > 0 ? i > Long.MAX_VALUE - step : i < Long.MIN_VALUE - step) {
                        break;
                    }
                }
            }
            case "generate_subscripts" -> {
                if (args[0] instanceof PgArray a && args[1] != null && ((Number) args[1]).intValue() == 1) {
                    boolean reverse = args.length > 2 && Boolean.TRUE.equals(args[2]);
                    int lower = a.vector() ? 0 : 1;
                    for (int i = 0; i < a.size(); i++) {
                        out.add(new Object[] {reverse ? lower + a.size() - 1 - i : lower + i});
                    }
                }
            }
            case "pg_get_keywords" -> out.addAll(Keywords.rows());
            case "_pg_expandarray" -> {
                if (args[0] instanceof PgArray a) {
                    for (int i = 0; i < a.size(); i++) {
                        out.add(new Object[] {a.elements().get(i), i + 1});
                    }
                }
            }
            case "pg_partition_ancestors" -> {
                if (args[0] != null && Functions.view(ctx).table(((Number) args[0]).intValue()) != null) {
                    out.add(new Object[] {((Number) args[0]).intValue()});
                }
            }
            default -> throw new IllegalStateException("no table function " + name);
        }
        return out;
    }

    /** The rows of a system relation ({@code schema.name}) or of a table function call. */
    public static List<Object[]> scan(String source, Object[] args, ExecContext ctx) {
        int dot = source.indexOf('.');
        if (dot > 0) {
            SystemRelation r = SystemCatalog.relation(source.substring(0, dot), source.substring(dot + 1));
            if (r == null) {
                throw new IllegalStateException("no system relation " + source);
            }
            return r.rows().apply(Functions.view(ctx));
        }
        return rows(source, args, ctx);
    }
}
