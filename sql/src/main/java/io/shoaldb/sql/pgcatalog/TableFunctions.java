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
                    .add("relid", nullable(b.getTypeFactory(), SqlTypeName.INTEGER)).build()),
            // unnest(array) is renamed shoal_unnest before parsing (UNNEST is Calcite syntax); its column keeps
            // PostgreSQL's name
            new TableFn("shoal_unnest", 1, 1, b -> {
                RelDataType elem = b.getOperandType(0).getComponentType();
                RelDataTypeFactory f = b.getTypeFactory();
                return f.builder().add("unnest", elem == null ? nullable(f, SqlTypeName.VARCHAR)
                        : f.createTypeWithNullability(elem, true)).build();
            }),
            new TableFn("shoal_rows_from", 2, 200, TableFunctions::rowsFromType));

    /**
     * ROWS FROM (f1(...), f2(...)) encoded as {@code shoal_rows_from('f1', n1, args1..., 'f2', n2, args2...)}:
     * the functions' rows side by side, the shorter ones padded with NULLs (PostgreSQL's semantics of several
     * set-returning functions in one select list). Column k of function i is named {@code f<i>_<column>}.
     */
    private static RelDataType rowsFromType(org.apache.calcite.sql.SqlOperatorBinding b) {
        RelDataTypeFactory f = b.getTypeFactory();
        RelDataTypeFactory.Builder out = f.builder();
        int i = 0;
        int fn = 0;
        while (i < b.getOperandCount()) {
            String name = b.getOperandLiteralValue(i, String.class);
            int n = b.getOperandLiteralValue(i + 1, Integer.class);
            List<RelDataType> types = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                types.add(b.getOperandType(i + 2 + k));
            }
            TableFn t = byName(name);
            RelDataType row = t.getRowTypeInference().inferReturnType(
                    new org.apache.calcite.sql.ExplicitOperatorBinding(f, t, types));
            for (var field : row.getFieldList()) {
                out.add("f" + fn + "_" + field.getName(), field.getType());
            }
            i += 2 + n;
            fn++;
        }
        return out.build();
    }

    private static TableFn byName(String name) {
        for (SqlOperator o : OPERATORS) {
            if (o.getName().equals(name)) {
                return (TableFn) o;
            }
        }
        throw new SqlException("42883", "function " + name + " does not exist");
    }

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
                if (args[0] instanceof List<?> l0 && PgArray.from(l0) instanceof PgArray a && args[1] != null && ((Number) args[1]).intValue() == 1) {
                    boolean reverse = args.length > 2 && Boolean.TRUE.equals(args[2]);
                    int lower = a.vector() ? 0 : 1;
                    for (int i = 0; i < a.size(); i++) {
                        out.add(new Object[] {reverse ? lower + a.size() - 1 - i : lower + i});
                    }
                }
            }
            case "pg_get_keywords" -> out.addAll(Keywords.rows());
            case "shoal_unnest" -> {
                if (args[0] instanceof List<?> l0 && PgArray.from(l0) instanceof PgArray a) {
                    for (Object e : a.elements()) {
                        out.add(new Object[] {e});
                    }
                }
            }
            case "shoal_rows_from" -> {
                List<List<Object[]>> parts = new ArrayList<>();
                List<Integer> widths = new ArrayList<>();
                int i = 0;
                int longest = 0;
                while (i < args.length) {
                    String fn = args[i].toString();
                    int n = ((Number) args[i + 1]).intValue();
                    List<Object[]> rows = rows(fn, java.util.Arrays.copyOfRange(args, i + 2, i + 2 + n), ctx);
                    parts.add(rows);
                    widths.add(width(fn));
                    longest = Math.max(longest, rows.size());
                    i += 2 + n;
                }
                for (int r = 0; r < longest; r++) {
                    List<Object> row = new ArrayList<>();
                    for (int p = 0; p < parts.size(); p++) {
                        Object[] part = r < parts.get(p).size() ? parts.get(p).get(r) : new Object[widths.get(p)];
                        row.addAll(java.util.Arrays.asList(part));
                    }
                    out.add(row.toArray());
                }
            }
            case "_pg_expandarray" -> {
                if (args[0] instanceof List<?> l0 && PgArray.from(l0) instanceof PgArray a) {
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

    /** The number of columns a table function returns. */
    private static int width(String name) {
        return switch (name) {
            case "pg_get_keywords" -> 5;
            case "_pg_expandarray" -> 2;
            default -> 1;
        };
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
