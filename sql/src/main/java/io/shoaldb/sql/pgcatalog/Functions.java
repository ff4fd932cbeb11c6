package io.shoaldb.sql.pgcatalog;

import static io.shoaldb.sql.pgcatalog.SystemRelation.map;

import io.shoaldb.sql.catalog.ColumnDef;
import io.shoaldb.sql.catalog.PgType;
import io.shoaldb.sql.exec.ExecContext;
import io.shoaldb.sql.exec.Expr;
import io.shoaldb.sql.exec.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.calcite.rex.RexCall;
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
 * The catalog functions clients call (format_type, pg_get_indexdef, pg_table_is_visible, current_schemas,
 * array_upper, the reg* casts ...): their Calcite declarations, their evaluation, and the pg_proc rows that
 * describe them. Functions that read the catalog see it through one {@link CatalogView} per statement.
 */
public final class Functions {
    private Functions() {
    }

    private static final SqlReturnTypeInference TEXT = ReturnTypes.explicit(SqlTypeName.VARCHAR)
            .andThen(SqlTypeTransforms.FORCE_NULLABLE);
    private static final SqlReturnTypeInference BOOL = ReturnTypes.explicit(SqlTypeName.BOOLEAN)
            .andThen(SqlTypeTransforms.FORCE_NULLABLE);
    private static final SqlReturnTypeInference INT = ReturnTypes.explicit(SqlTypeName.INTEGER)
            .andThen(SqlTypeTransforms.FORCE_NULLABLE);
    private static final SqlReturnTypeInference TEXT_ARRAY = b -> b.getTypeFactory().createTypeWithNullability(
            b.getTypeFactory().createArrayType(b.getTypeFactory().createTypeWithNullability(
                    b.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), true), -1), true);
    /** The element type of the first operand (an array). */
    private static final SqlReturnTypeInference ELEMENT = b -> {
        var t = b.getOperandType(0).getComponentType();
        return b.getTypeFactory().createTypeWithNullability(t == null ? b.getTypeFactory().createSqlType(
                SqlTypeName.VARCHAR) : t, true);
    };

    /** One catalog function: its declaration, argument count range and evaluation. */
    private record Fn(SqlFunction operator, int minArgs, int maxArgs, int resultOid, Impl impl) {
    }

    /** Evaluates a function over its evaluated arguments (NULLs included; each function decides). */
    interface Impl {
        Object apply(Object[] args, CatalogView view);
    }

    private static final Map<String, Fn> FUNCTIONS = new java.util.TreeMap<>();

    private static void fn(String name, SqlReturnTypeInference type, int resultOid, int min, int max, Impl impl) {
        SqlFunction op = new SqlFunction(name, SqlKind.OTHER_FUNCTION, type, null,
                OperandTypes.variadic(org.apache.calcite.sql.type.SqlOperandCountRanges.between(min, max)),
                SqlFunctionCategory.SYSTEM) {
            @Override
            public boolean isDeterministic() {
                return false;
            }

            @Override
            public boolean isDynamicFunction() {
                return true;
            }
        };
        FUNCTIONS.put(name, new Fn(op, min, max, resultOid, impl));
    }

    /** NULL in, NULL out for the first {@code n} arguments. */
    private static Impl strict(int n, Impl f) {
        return (a, v) -> {
            for (int i = 0; i < Math.min(n, a.length); i++) {
                if (a[i] == null) {
                    return null;
                }
            }
            return f.apply(a, v);
        };
    }

    private static int oid(Object o) {
        return o instanceof Number n ? n.intValue() : Integer.parseInt(o.toString().strip());
    }

    static {
        fn("format_type", TEXT, 25, 2, 2, strict(1, (a, v) -> formatType(oid(a[0]), a[1] == null ? null : oid(a[1]), v)));
        fn("pg_get_expr", TEXT, 25, 2, 3, strict(1, (a, v) -> a[0].toString()));
        fn("pg_get_indexdef", TEXT, 25, 1, 3, strict(1, (a, v) -> {
            CatalogView.Index i = v.index(oid(a[0]));
            return i == null ? null : indexDef(i, a.length > 1 && a[1] != null ? oid(a[1]) : 0);
        }));
        fn("pg_get_constraintdef", TEXT, 25, 1, 2, strict(1, (a, v) -> constraintDef(oid(a[0]), v)));
        fn("pg_get_userbyid", TEXT, 19, 1, 1, strict(1, (a, v) -> v.roleName(oid(a[0]))));
        fn("pg_table_is_visible", BOOL, 16, 1, 1, strict(1, (a, v) -> v.relationVisible(oid(a[0]))));
        fn("pg_type_is_visible", BOOL, 16, 1, 1, strict(1, (a, v) -> true));
        fn("pg_function_is_visible", BOOL, 16, 1, 1, strict(1, (a, v) -> true));
        fn("obj_description", TEXT, 25, 1, 2, (a, v) -> null);
        fn("col_description", TEXT, 25, 2, 2, (a, v) -> null);
        fn("shobj_description", TEXT, 25, 2, 2, (a, v) -> null);
        fn("pg_encoding_to_char", TEXT, 19, 1, 1, strict(1, (a, v) -> oid(a[0]) == 6 ? "UTF8" : oid(a[0]) == 0
                ? "SQL_ASCII" : ""));
        for (String p : List.of("has_table_privilege", "has_schema_privilege", "has_database_privilege",
                "has_column_privilege", "has_sequence_privilege", "has_function_privilege", "has_any_column_privilege",
                "pg_has_role")) {
            // Every connected user is a superuser until roles with privileges land: PostgreSQL answers true.
            fn(p, BOOL, 16, 2, 4, (a, v) -> true);
        }
        fn("current_schemas", TEXT_ARRAY, 1009, 1, 1, strict(1, (a, v) -> {
            List<String> path = new ArrayList<>(v.searchPath());
            if ((Boolean) a[0] && !path.contains("pg_catalog")) {
                path.add(0, "pg_catalog");
            }
            return PgArray.of(path);
        }));
        fn("array_to_string", TEXT, 25, 2, 3, strict(2, (a, v) -> {
            StringBuilder b = new StringBuilder();
            boolean first = true;
            for (Object e : PgArray.from(a[0]).elements()) {
                if (e == null && (a.length < 3 || a[2] == null)) {
                    continue;
                }
                b.append(first ? "" : a[1].toString()).append(e == null ? a[2].toString() : Values.format(e));
                first = false;
            }
            return b.toString();
        }));
        fn("array_upper", INT, 23, 2, 2, strict(2, (a, v) -> PgArray.from(a[0]).size() == 0 || oid(a[1]) != 1 ? null
                : PgArray.from(a[0]).size() - (PgArray.from(a[0]).vector() ? 1 : 0)));
        fn("array_lower", INT, 23, 2, 2, strict(2, (a, v) -> PgArray.from(a[0]).size() == 0 || oid(a[1]) != 1 ? null
                : PgArray.from(a[0]).vector() ? 0 : 1));
        fn("pg_get_function_result", TEXT, 25, 1, 1, strict(1, (a, v) -> {
            Fn f = byProcOid(oid(a[0]));
            return f == null ? null : BuiltinTypes.format(f.resultOid(), null);
        }));
        fn("pg_get_function_arguments", TEXT, 25, 1, 1, strict(1, (a, v) -> byProcOid(oid(a[0])) == null ? null : ""));
        fn("pg_get_function_identity_arguments", TEXT, 25, 1, 1,
                strict(1, (a, v) -> byProcOid(oid(a[0])) == null ? null : ""));
        fn("pg_get_serial_sequence", TEXT, 25, 2, 2, strict(2, (a, v) -> {
            String table = a[0].toString().startsWith("public.") ? a[0].toString().substring(7) : a[0].toString();
            Integer relid = v.relationOid(table.replace("\"", ""));
            CatalogView.Table t = relid == null ? null : v.table(relid);
            if (t == null) {
                throw new io.shoaldb.sql.error.SqlException("42P01", "relation \"" + a[0] + "\" does not exist");
            }
            int c = t.def().columnIndex(a[1].toString());
            if (c < 0) {
                throw new io.shoaldb.sql.error.SqlException("42703", "column \"" + a[1] + "\" of relation \""
                        + t.def().name() + "\" does not exist");
            }
            String seq = t.def().columns().get(c).sequence();
            return seq == null ? null : "public." + CatalogView.quoteIdent(seq);
        }));
        fn("pg_get_viewdef", TEXT, 25, 1, 2, (a, v) -> null);
        fn("pg_get_partkeydef", TEXT, 25, 1, 1, (a, v) -> null);
        fn("pg_get_statisticsobjdef_columns", TEXT, 25, 1, 1, (a, v) -> null);
        fn("pg_tablespace_location", TEXT, 25, 1, 1, strict(1, (a, v) -> ""));
        fn("pg_relation_is_publishable", BOOL, 16, 1, 1, strict(1, (a, v) -> v.table(oid(a[0])) != null));
        fn("shoal_regclass_in", INT, 2205, 1, 1, strict(1, (a, v) -> regclassIn(a[0].toString(), v)));
        fn("shoal_regclass_out", TEXT, 25, 1, 1, strict(1, (a, v) -> v.relationName(oid(a[0]))));
        fn("shoal_regtype_in", INT, 2206, 1, 1, strict(1, (a, v) -> regtypeIn(a[0].toString(), v)));
        fn("shoal_regtype_out", TEXT, 25, 1, 1, strict(1, (a, v) -> {
            int o = oid(a[0]);
            return BuiltinTypes.byOid(o) != null ? BuiltinTypes.format(o, null) : typeName(o, v);
        }));
        fn("shoal_regnamespace_out", TEXT, 25, 1, 1, strict(1, (a, v) -> {
            String n = CatalogView.namespaceName(oid(a[0]));
            return n == null ? a[0].toString() : n;
        }));
        fn("shoal_array_contains", BOOL, 16, 2, 2, (a, v) -> {
            if (a[0] == null) {
                return null;
            }
            boolean sawNull = a[1] == null;
            for (Object e : PgArray.from(a[0]).elements()) {
                if (e == null || a[1] == null) {
                    sawNull = true;
                } else if (Values.compare(e, a[1]) == 0) {
                    return true;
                }
            }
            return sawNull ? null : false;
        });
        fn("shoal_array_text_equals", BOOL, 16, 2, 2, strict(2, (a, v) -> a[0] instanceof PgArray p
                ? p.toString().equals(PgArray.parse(a[1].toString()).toString()) : a[0].toString().equals(a[1].toString())));
        fn("shoal_expandarray_row", b -> b.getTypeFactory().builder().add("x", b.getOperandType(0))
                .add("n", b.getOperandType(1)).build(), 0, 2, 2, (a, v) -> new Object[] {a[0], a[1]});
        fn("shoal_array_text", TEXT, 25, 1, 1, strict(1, (a, v) -> PgArray.from(a[0]).toString()));
        fn("shoal_empty_array", ReturnTypes.ARG0_NULLABLE, 0, 1, 1, (a, v) -> PgArray.of(List.of()));
        fn("shoal_array_item", ELEMENT, 0, 2, 2, strict(2, (a, v) -> PgArray.from(a[0]).subscript(((Number) a[1]).longValue())));
    }

    private static String jsonValue(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Declarations for the validator, by lower-case name. */
    public static List<SqlOperator> operators() {
        List<SqlOperator> out = new ArrayList<>();
        for (Fn f : FUNCTIONS.values()) {
            out.add(f.operator());
        }
        out.addAll(TableFunctions.operators());
        return out;
    }

    /** Compiles a call of one of these functions, or returns null when the call is not theirs. */
    public static Expr compile(RexCall call, List<Expr> args) {
        Fn f = FUNCTIONS.get(call.getOperator().getName().toLowerCase(Locale.ROOT));
        if (f == null || f.operator() != call.getOperator()) {
            return null;
        }
        Impl impl = f.impl();
        return (row, ctx) -> {
            Object[] v = new Object[args.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = args.get(i).eval(row, ctx);
            }
            return impl.apply(v, view(ctx));
        };
    }

    /** The statement's catalog view, built once per execution. */
    static CatalogView view(ExecContext ctx) {
        return ctx.memo(CatalogView.class, () -> new CatalogView(ctx));
    }

    /** pg_proc OIDs of the emulated functions: stable, above PostgreSQL's built-in range is not needed. */
    private static final int FIRST_PROC_OID = 9000;

    private static Fn byProcOid(int oid) {
        int i = FIRST_PROC_OID;
        for (Fn f : FUNCTIONS.values()) {
            if (i++ == oid) {
                return f;
            }
        }
        return null;
    }

    /** pg_proc rows for the functions ShoalDB evaluates, all in pg_catalog. */
    static List<Map<String, Object>> procRows() {
        List<Map<String, Object>> out = new ArrayList<>();
        int oid = FIRST_PROC_OID;
        for (Map.Entry<String, Fn> e : FUNCTIONS.entrySet()) {
            int o = oid++;
            if (e.getKey().startsWith("shoal_")) {
                continue;
            }
            out.add(map("oid", o, "proname", e.getKey(), "pronamespace", CatalogView.NS_PG_CATALOG,
                    "proowner", CatalogView.SUPERUSER_OID, "prolang", 12, "procost", 1f, "prorows", 0f,
                    "provariadic", 0, "prosupport", "-", "prokind", "f", "prosecdef", false, "proleakproof", false,
                    "proisstrict", false, "proretset", false, "provolatile", "s", "proparallel", "s",
                    "pronargs", (short) e.getValue().minArgs(), "pronargdefaults", (short) 0,
                    "prorettype", e.getValue().resultOid(), "proargtypes", PgArray.vector(List.of()),
                    "prosrc", e.getKey()));
        }
        return out;
    }

    private static String typeName(int oid, CatalogView v) {
        for (CatalogView.Table t : v.tables()) {
            if (t.rowTypeOid() == oid) {
                return CatalogView.quoteIdent(t.def().name());
            }
            if (t.arrayTypeOid() == oid) {
                return CatalogView.quoteIdent(t.def().name()) + "[]";
            }
        }
        return Integer.toString(oid);
    }

    static String formatType(int oid, Integer typmod, CatalogView v) {
        return BuiltinTypes.byOid(oid) != null ? BuiltinTypes.format(oid, typmod) : typeName(oid, v);
    }

    static int regclassIn(String text, CatalogView v) {
        String s = text.strip();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(s);
        }
        String name = unquote(s.startsWith("pg_catalog.") ? s.substring(11) : s);
        Integer oid = v.relationOid(name);
        if (oid == null) {
            throw new io.shoaldb.sql.error.SqlException("42P01", "relation \"" + text + "\" does not exist");
        }
        return oid;
    }

    static int regtypeIn(String text, CatalogView v) {
        String s = text.strip();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(s);
        }
        String name = unquote(s.startsWith("pg_catalog.") ? s.substring(11) : s).toLowerCase(Locale.ROOT);
        BuiltinTypes.Type t = name.endsWith("[]") ? BuiltinTypes.byName("_" + BuiltinTypes.byName(
                name.substring(0, name.length() - 2)).name()) : BuiltinTypes.byName(name);
        if (t == null) {
            for (CatalogView.Table table : v.tables()) {
                if (table.def().name().equals(name)) {
                    return table.rowTypeOid();
                }
            }
            throw new io.shoaldb.sql.error.SqlException("42704", "type \"" + text + "\" does not exist");
        }
        return t.oid();
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** pg_get_indexdef: the CREATE INDEX statement ({@code column} 0) or the name of key column {@code column}. */
    static String indexDef(CatalogView.Index i, int column) {
        List<ColumnDef> cols = i.table().def().columns();
        if (column > 0) {
            return column <= i.columns().size() ? CatalogView.quoteIdent(cols.get(i.columns().get(column - 1)).name()) : "";
        }
        StringBuilder b = new StringBuilder("CREATE ");
        if (i.unique()) {
            b.append("UNIQUE ");
        }
        b.append("INDEX ").append(CatalogView.quoteIdent(i.name())).append(" ON public.")
                .append(CatalogView.quoteIdent(i.table().def().name())).append(" USING btree (");
        for (int k = 0; k < i.columns().size(); k++) {
            b.append(k > 0 ? ", " : "").append(CatalogView.quoteIdent(cols.get(i.columns().get(k)).name()));
        }
        return b.append(')').toString();
    }

    static String constraintDef(int oid, CatalogView v) {
        for (CatalogView.Table t : v.tables()) {
            if (oid < t.oid() || oid >= t.oid() + CatalogView.BLOCK) {
                continue;
            }
            for (CatalogView.Index i : CatalogView.indexes(t)) {
                if (i.constraintOid() == oid) {
                    StringBuilder b = new StringBuilder(i.primary() ? "PRIMARY KEY (" : "UNIQUE (");
                    for (int k = 0; k < i.columns().size(); k++) {
                        b.append(k > 0 ? ", " : "").append(CatalogView.quoteIdent(
                                t.def().columns().get(i.columns().get(k)).name()));
                    }
                    return b.append(')').toString();
                }
            }
            for (int c = 0; c < t.def().checks().size(); c++) {
                if (t.checkOid(c) == oid) {
                    return "CHECK ((" + t.def().checks().get(c).sql() + "))";
                }
            }
            // foreign keys follow the checks (PgCatalog.constraints): PostgreSQL's text, which SQLAlchemy parses
            List<io.shoaldb.sql.catalog.ForeignKeyDef> fks = v.ctx().catalog().foreignKeysOf(t.def().name());
            for (int f = 0; f < fks.size(); f++) {
                if (t.checkOid(t.def().checks().size() + f) == oid) {
                    io.shoaldb.sql.catalog.ForeignKeyDef fk = fks.get(f);
                    StringBuilder b = new StringBuilder("FOREIGN KEY (");
                    b.append(String.join(", ", fk.columns().stream().map(CatalogView::quoteIdent).toList()));
                    b.append(") REFERENCES ").append(CatalogView.quoteIdent(fk.refTable())).append('(');
                    b.append(String.join(", ", fk.refColumns().stream().map(CatalogView::quoteIdent).toList())).append(')');
                    for (char[] rule : new char[][] {{'U', fk.onUpdate()}, {'D', fk.onDelete()}}) {
                        String action = switch (rule[1]) {
                            case 'r' -> "RESTRICT";
                            case 'c' -> "CASCADE";
                            case 'n' -> "SET NULL";
                            default -> null;
                        };
                        if (action != null) {
                            b.append(rule[0] == 'U' ? " ON UPDATE " : " ON DELETE ").append(action);
                        }
                    }
                    return b.toString();
                }
            }
        }
        return null;
    }

    /**
     * A column default as pg_get_expr shows it: the stored expression, with the cast PostgreSQL's deparser
     * adds to a string literal of a non-text column ({@code 'x'::character varying}).
     */
    static String defaultExpression(ColumnDef c) {
        String sql = c.defaultSql();
        if (c.sequence() != null) {
            return "nextval('" + c.sequence() + "'::regclass)";
        }
        boolean literal = sql.length() >= 2 && sql.startsWith("'") && sql.endsWith("'")
                && sql.substring(1, sql.length() - 1).replace("''", "").indexOf('\'') < 0;
        if (literal && c.type() != PgType.TEXT) {
            return sql + "::" + BuiltinTypes.format(c.type().oid, null);
        }
        return sql;
    }

    /** A function taking a catalog view: the statement-scoped evaluation used by {@link TableFunctions}. */
    static <T> T withView(ExecContext ctx, Function<CatalogView, T> f) {
        return f.apply(view(ctx));
    }
}
