package io.shoaldb.sql.plan;

import io.shoaldb.sql.catalog.PgType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The result column names a PostgreSQL client sees. Calcite's validator makes a row's field names unique
 * ({@code id0}, {@code EXPR$1}); PostgreSQL does not ({@code SELECT t.id, u.id} has two columns named
 * {@code id}, {@code SELECT 1, 2} two named {@code ?column?}). The executor keeps Calcite's unique names;
 * these are derived from the statement's own select list as PostgreSQL's FigureColname does: an alias, a
 * column's own name, a function's name, a cast's type name, {@code ?column?} otherwise. Set operations take
 * their names from the first branch, VALUES is {@code column1..n}.
 */
final class OutputNames {
    private OutputNames() {
    }

    /**
     * The select items of the query whose names the result carries, captured before validation (the
     * validator replaces a SELECT's list with the {@code *}-expanded one), or null when the query is a VALUES.
     */
    record Raw(List<SqlNode> items, boolean select, int valuesWidth,
            java.util.SortedMap<String, Derived> derived) {
        Raw(List<SqlNode> items, boolean select, int valuesWidth) {
            this(items, select, valuesWidth, new java.util.TreeMap<>());
        }
    }

    /** A derived table's column names: PostgreSQL's and, position by position, Calcite's (null: unknown). */
    record Derived(List<String> names, List<String> internal) {
    }

    /** Captures the raw select items of {@code query} (call before validation). Null when not a query. */
    static Raw capture(SqlNode query) {
        SqlNode q = leading(query);
        if (q instanceof SqlSelect s) {
            return new Raw(new ArrayList<>(s.getSelectList().getList()), true, -1);
        }
        if (q != null && q.getKind() == SqlKind.VALUES && q instanceof SqlCall v && !v.getOperandList().isEmpty()
                && v.getOperandList().get(0) instanceof SqlCall row) {
            return new Raw(List.of(), false, row.operandCount());
        }
        return null;
    }

    /**
     * Prepares the derived tables of {@code query} (FROM subqueries, WITH items; call after {@link #capture}
     * and before validation): an unaliased expression gets its PostgreSQL name as an alias, so Calcite's
     * field names are PostgreSQL's ({@code count} rather than {@code EXPR$0}) and a star over the derived
     * table shows them; the names are recorded by the derived table's alias, so a star can show a name the
     * derived table repeats ({@code a}, not Calcite's {@code a0}). An outer reference to a name a derived
     * table repeats is ambiguous, as in PostgreSQL (42702).
     */
    static void prepareDerivedTables(SqlNode query, Raw raw) {
        if (raw != null) {
            visitQuery(query, raw.derived(), 0);
        }
    }

    private static final int MAX_DEPTH = 200;

    private static void visitQuery(SqlNode q, java.util.SortedMap<String, Derived> derived, int depth) {
        if (depth > MAX_DEPTH || q == null) {
            return;
        }
        switch (q) {
            case SqlOrderBy o -> visitQuery(o.query, derived, depth + 1);
            case SqlWith w -> {
                for (SqlNode item : w.withList) {
                    if (item instanceof org.apache.calcite.sql.SqlWithItem wi) {
                        visitQuery(wi.query, derived, depth + 1);
                        Derived names = wi.columnList != null ? new Derived(identifiers(wi.columnList), null)
                                : aliasItems(leading(wi.query));
                        if (names != null) {
                            derived.put(wi.name.getSimple(), names);
                        }
                    }
                }
                visitQuery(w.body, derived, depth + 1);
            }
            case SqlSelect s -> {
                java.util.SortedMap<String, Derived> here = new java.util.TreeMap<>();
                visitFrom(s.getFrom(), here, depth + 1);
                derived.putAll(here);
                checkAmbiguous(s, here);
            }
            case SqlCall c when c.getKind() == SqlKind.UNION || c.getKind() == SqlKind.INTERSECT
                    || c.getKind() == SqlKind.EXCEPT -> {
                for (SqlNode operand : c.getOperandList()) {
                    visitQuery(operand, derived, depth + 1);
                }
            }
            default -> {
            }
        }
    }

    private static void visitFrom(SqlNode from, java.util.SortedMap<String, Derived> derived, int depth) {
        if (from == null || depth > MAX_DEPTH) {
            return;
        }
        if (from instanceof org.apache.calcite.sql.SqlJoin j) {
            visitFrom(j.getLeft(), derived, depth + 1);
            visitFrom(j.getRight(), derived, depth + 1);
        } else if (from.getKind() == SqlKind.AS && from instanceof SqlCall as && as.operand(1) instanceof SqlIdentifier alias) {
            SqlNode q = as.operand(0);
            if (!q.isA(SqlKind.QUERY)) {
                return;
            }
            visitQuery(q, derived, depth + 1);
            Derived names;
            if (as.operandCount() > 2) {
                List<String> given = new ArrayList<>();
                for (int i = 2; i < as.operandCount(); i++) {
                    given.add(((SqlIdentifier) as.operand(i)).getSimple());
                }
                names = new Derived(given, null);
            } else {
                names = aliasItems(leading(q));
            }
            if (names != null) {
                derived.put(alias.getSimple(), names);
            }
        }
    }

    private static List<String> identifiers(SqlNodeList list) {
        List<String> out = new ArrayList<>();
        for (SqlNode n : list) {
            out.add(((SqlIdentifier) n).getSimple());
        }
        return out;
    }

    /** Aliases a derived table's unaliased expressions with their names; its names, or null if it has a star. */
    private static Derived aliasItems(SqlNode q) {
        if (q != null && q.getKind() == SqlKind.VALUES && q instanceof SqlCall v && !v.getOperandList().isEmpty()
                && v.getOperandList().get(0) instanceof SqlCall row) {
            List<String> out = new ArrayList<>();
            List<String> calcite = new ArrayList<>();
            for (int i = 1; i <= row.operandCount(); i++) {
                out.add("column" + i);
                calcite.add("EXPR$" + (i - 1));
            }
            return new Derived(out, calcite);
        }
        if (!(q instanceof SqlSelect s)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        List<String> internalNames = new ArrayList<>();
        java.util.SortedSet<String> internal = new java.util.TreeSet<>();
        SqlNodeList list = s.getSelectList();
        for (int i = 0; i < list.size(); i++) {
            SqlNode item = list.get(i);
            if (item instanceof SqlIdentifier id && id.isStar()) {
                out = null;
                continue;
            }
            String name = name(item, null);
            String unique = name;
            // Calcite's derived row keeps repeated names and then finds them ambiguous even under a star;
            // a repeat gets a unique internal name, the PostgreSQL name is kept in `out`
            for (int k = 0; internal.contains(unique); k++) {
                unique = name + k;
            }
            boolean named = item.getKind() == SqlKind.AS || item instanceof SqlIdentifier;
            if (!name.equals("?column?") && (!named || !unique.equals(name))) {
                SqlNode expr = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
                list.set(i, org.apache.calcite.sql.fun.SqlStdOperatorTable.AS.createCall(item.getParserPosition(), expr,
                        new SqlIdentifier(unique, item.getParserPosition())));
            }
            internal.add(unique);
            if (out != null) {
                out.add(name);
                internalNames.add(name.equals("?column?") ? "EXPR$" + i : unique);
            }
        }
        return out == null ? null : new Derived(out, internalNames);
    }

    /** PostgreSQL: a reference to a column name a derived table has twice is ambiguous. */
    private static void checkAmbiguous(SqlSelect s, java.util.SortedMap<String, Derived> here) {
        java.util.SortedMap<String, java.util.SortedSet<String>> repeated = new java.util.TreeMap<>();
        for (var e : here.entrySet()) {
            java.util.SortedSet<String> seen = new java.util.TreeSet<>();
            for (String n : e.getValue().names()) {
                if (!n.equals("?column?") && !seen.add(n)) {
                    repeated.computeIfAbsent(e.getKey(), k -> new java.util.TreeSet<>()).add(n);
                }
            }
        }
        if (repeated.isEmpty()) {
            return;
        }
        org.apache.calcite.sql.util.SqlBasicVisitor<Void> refs = new org.apache.calcite.sql.util.SqlBasicVisitor<>() {
            @Override
            public Void visit(SqlIdentifier id) {
                if (id.isStar()) {
                    return null;
                }
                String last = id.names.get(id.names.size() - 1);
                for (var e : repeated.entrySet()) {
                    boolean qualifies = id.names.size() == 1 || id.names.get(id.names.size() - 2).equals(e.getKey());
                    if (qualifies && e.getValue().contains(last)) {
                        throw new io.shoaldb.sql.error.SqlException(io.shoaldb.sql.error.SqlState.AMBIGUOUS_COLUMN,
                                "column reference \"" + last + "\" is ambiguous");
                    }
                }
                return null;
            }

            @Override
            public Void visit(SqlCall call) {
                if (call instanceof SqlSelect) {
                    return null; // a subquery resolves names in its own scope first
                }
                if (call.getKind() == SqlKind.AS) {
                    call.operand(0).accept(this);
                    return null;
                }
                return super.visit(call);
            }
        };
        for (SqlNode n : new SqlNode[] {s.getSelectList(), s.getWhere(), s.getGroup(), s.getHaving()}) {
            if (n != null) {
                n.accept(refs);
            }
        }
    }

    /** RETURNING's items (call before validation). */
    static Raw returning(SqlNodeList items) {
        return new Raw(new ArrayList<>(items.getList()), true, -1);
    }

    /** The query that names the result: through ORDER BY, WITH and the first branch of set operations. */
    private static SqlNode leading(SqlNode n) {
        for (int guard = 0; guard < 10_000 && n != null; guard++) {
            switch (n) {
                case SqlOrderBy o -> n = o.query;
                case SqlWith w -> n = w.body;
                case SqlSelect s -> {
                    return s;
                }
                case SqlCall c when c.getKind() == SqlKind.UNION || c.getKind() == SqlKind.INTERSECT
                        || c.getKind() == SqlKind.EXCEPT -> n = c.operand(0);
                default -> {
                    return n;
                }
            }
        }
        return null;
    }

    /**
     * The client-visible names for a validated query. {@code validated} is the validated statement (its
     * leading SELECT has the expanded select list); the result has one name per field of {@code rowType},
     * falling back to Calcite's name (with {@code EXPR$n} shown as {@code ?column?}) where the select list
     * cannot be matched to the row.
     */
    static List<String> names(Raw raw, SqlNode validated, RelDataType rowType) {
        int n = rowType.getFieldCount();
        List<String> out = new ArrayList<>();
        if (raw != null && raw.valuesWidth() == n) {
            for (int i = 1; i <= n; i++) {
                out.add("column" + i);
            }
            return out;
        }
        List<String> derived = raw == null || !raw.select() ? null : fromSelect(raw, leading(validated), rowType);
        if (derived != null && derived.size() == n) {
            return derived;
        }
        return calciteNames(rowType);
    }

    static List<String> calciteNames(RelDataType rowType) {
        List<String> out = new ArrayList<>();
        for (var f : rowType.getFieldList()) {
            out.add(f.getName().startsWith("EXPR$") ? "?column?" : f.getName());
        }
        return out;
    }

    private static List<String> fromSelect(Raw raw, SqlNode validated, RelDataType rowType) {
        if (!(validated instanceof SqlSelect s)) {
            return null;
        }
        List<SqlNode> expanded = s.getSelectList().getList();
        List<String> out = new ArrayList<>();
        int j = 0;
        for (int i = 0; i < raw.items().size(); i++) {
            SqlNode item = raw.items().get(i);
            if (item instanceof SqlIdentifier id && id.isStar()) {
                // The validator expands a star into one qualified identifier per column, placed at the star.
                int nonStarAfter = 0;
                int starsAfter = 0;
                for (int k = i + 1; k < raw.items().size(); k++) {
                    if (raw.items().get(k) instanceof SqlIdentifier o && o.isStar()) {
                        starsAfter++;
                    } else {
                        nonStarAfter++;
                    }
                }
                while (j < expanded.size() - nonStarAfter) {
                    SqlNode e = stripAs(expanded.get(j));
                    if (starsAfter > 0 && !e.getParserPosition().equals(id.getParserPosition())) {
                        break;
                    }
                    out.add(e instanceof SqlIdentifier eid ? starName(eid, raw.derived())
                            : rowType.getFieldList().get(j).getName());
                    j++;
                }
            } else {
                if (j >= expanded.size()) {
                    return null;
                }
                out.add(name(item, rowType.getFieldList().get(j).getType()));
                j++;
            }
        }
        return j == expanded.size() ? out : null;
    }

    /** A star-expanded column's name: its own, or the derived table's PostgreSQL name behind Calcite's. */
    private static String starName(SqlIdentifier id, java.util.SortedMap<String, Derived> derived) {
        String f = id.names.get(id.names.size() - 1);
        Derived d = id.names.size() > 1 ? derived.get(id.names.get(id.names.size() - 2)) : null;
        if (d == null || d.internal() == null) {
            return f;
        }
        int i = d.internal().indexOf(f);
        return i >= 0 ? d.names().get(i) : f;
    }

    private static SqlNode stripAs(SqlNode n) {
        return n.getKind() == SqlKind.AS ? ((SqlCall) n).operand(0) : n;
    }

    /** PostgreSQL's name for one select item (FigureColname). */
    static String name(SqlNode item, RelDataType type) {
        if (item.getKind() == SqlKind.AS) {
            SqlNode alias = ((SqlCall) item).operand(1);
            if (alias instanceof SqlIdentifier a) {
                return a.names.get(a.names.size() - 1);
            }
        }
        String n = figure(item, type);
        return n == null ? "?column?" : n;
    }

    /** The name an expression gives its column, or null when it gives none ({@code ?column?}). */
    private static String figure(SqlNode e, RelDataType type) {
        switch (e) {
            case SqlIdentifier id -> {
                String last = id.names.get(id.names.size() - 1);
                return last.isEmpty() ? null : last;
            }
            case org.apache.calcite.sql.SqlUnknownLiteral lit -> {
                return lit.tag.toLowerCase(Locale.ROOT); // DATE '...', TIMESTAMP '...' before validation
            }
            case SqlLiteral lit -> {
                // typed literals (DATE '...', INTERVAL '...') are casts in PostgreSQL's grammar; true is not
                return switch (lit.getTypeName()) {
                    case DATE -> "date";
                    case TIME -> "time";
                    case TIMESTAMP -> "timestamp";
                    case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "timestamptz";
                    default -> lit.getTypeName().getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.INTERVAL_DAY_TIME
                            || lit.getTypeName().getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.INTERVAL_YEAR_MONTH
                            ? "interval" : null;
                };
            }
            case SqlSelect sub -> {
                // a scalar subquery is named by its own (first) column
                if (sub.getSelectList().size() == 1 && !(sub.getSelectList().get(0) instanceof SqlIdentifier id && id.isStar())) {
                    String n = name(sub.getSelectList().get(0), type);
                    return n.equals("?column?") ? null : n;
                }
                return null;
            }
            case SqlNodeList l -> {
                return null;
            }
            case SqlCall call -> {
                return figureCall(call, type);
            }
            default -> {
                return null;
            }
        }
    }

    private static String figureCall(SqlCall call, RelDataType type) {
        SqlKind k = call.getKind();
        switch (k) {
            case CAST -> {
                String inner = figure(call.operand(0), type);
                return inner != null ? inner : castTypeName(call.operand(1), type);
            }
            case CASE -> {
                return "case";
            }
            case EXISTS -> {
                return "exists";
            }
            case ARRAY_VALUE_CONSTRUCTOR, ARRAY_QUERY_CONSTRUCTOR -> {
                return "array";
            }
            case ROW -> {
                return "row";
            }
            case SCALAR_QUERY -> {
                return figure(call.operand(0), type);
            }
            case COALESCE -> {
                return "coalesce";
            }
            case NULLIF -> {
                return "nullif";
            }
            case GREATEST -> {
                return "greatest";
            }
            case LEAST -> {
                return "least";
            }
            default -> {
            }
        }
        if (call.getOperator() instanceof SqlFunction f) {
            String name = f.getName();
            if (f instanceof org.apache.calcite.sql.SqlUnresolvedFunction u && u.getSqlIdentifier() != null) {
                SqlIdentifier id = u.getSqlIdentifier();
                name = id.names.get(id.names.size() - 1);
            }
            return name.toLowerCase(Locale.ROOT);
        }
        return null;
    }

    /** The type name of a cast target as written; varchar and char are not text to PostgreSQL. */
    private static String castTypeName(SqlNode spec, RelDataType type) {
        if (spec instanceof org.apache.calcite.sql.SqlDataTypeSpec d) {
            var name = d.getTypeNameSpec();
            if (name instanceof org.apache.calcite.sql.SqlCollectionTypeNameSpec c) {
                name = c.getElementTypeName();
            }
            if (name instanceof org.apache.calcite.sql.SqlUserDefinedTypeNameSpec u) {
                PgType t = PgType.byName(u.getTypeName().getSimple().toLowerCase(Locale.ROOT));
                if (t != null && t != PgType.UNKNOWN) {
                    return (t.element != null ? t.element : t).name().toLowerCase(Locale.ROOT);
                }
            }
            if (name instanceof org.apache.calcite.sql.SqlBasicTypeNameSpec b) {
                SqlTypeName tn = SqlTypeName.get(b.getTypeName().getSimple().toUpperCase(Locale.ROOT));
                if (tn == SqlTypeName.VARCHAR) {
                    return "varchar";
                }
                if (tn == SqlTypeName.CHAR) {
                    return "bpchar";
                }
            }
        }
        return type == null ? null : typeName(type);
    }

    /** PostgreSQL's internal type name (typname) of a cast's target, as FigureColname uses it. */
    private static String typeName(RelDataType type) {
        PgType t = PgType.of(type);
        if (t.element != null) {
            t = t.element;
        }
        return t == PgType.UNKNOWN ? null : t.name().toLowerCase(Locale.ROOT);
    }
}
