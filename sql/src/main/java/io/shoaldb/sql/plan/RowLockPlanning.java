package io.shoaldb.sql.plan;

import io.shoaldb.sql.catalog.Catalog;
import io.shoaldb.sql.catalog.TableDef;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.parser.PgLockingSelect;
import io.shoaldb.sql.parser.PgRowLocking;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Turns {@code SELECT ... FOR UPDATE} into a plain query that also returns the primary key of every row it
 * returns from each locked table (hidden columns after the visible ones), after PostgreSQL's checks: no
 * DISTINCT, GROUP BY, HAVING, aggregates, window functions, set operations or VALUES (0A000); OF names
 * FROM items (42P01 otherwise); no locked item on the nullable side of an outer join (0A000).
 */
final class RowLockPlanning {
    /** A FROM item: the name it is known by (its alias, else its table's name) and what it is. */
    private record FromItem(String name, Kind kind, TableDef table, boolean nullable) {
    }

    private enum Kind { TABLE, VIEW_OR_SUBQUERY, OTHER_RELATION, IGNORED }

    /** The rewritten query and, per locked table, its item and how many hidden key columns it added. */
    record Prepared(SqlNode query, List<Pending> locked, int hiddenColumns, PgRowLocking.Strength strength,
                    String systemRelation, long offset, long limit) {
    }

    record Pending(TableDef table, int firstHidden, PgRowLocking.Strength strength, PgRowLocking.WaitPolicy waitPolicy) {
    }

    private RowLockPlanning() {
    }

    /**
     * Checks {@code l} and rewrites its query; {@code isAggregate} tells whether a function call is an
     * aggregate (the planner's operator table knows).
     */
    static Prepared prepare(PgLockingSelect l, Catalog catalog, Predicate<SqlCall> isAggregate) {
        PgRowLocking.Strength first = l.clauses.get(0).strength();
        String what = first.sql;
        SqlNode inner = l.query;
        TreeSet<String> withNames = new TreeSet<>();
        List<SqlNode> orderBy = new ArrayList<>();
        // WITH and ORDER BY/LIMIT wrap the SELECT in either order (WITH ... ORDER BY parses as ORDER BY(WITH))
        for (int depth = 0; depth < 4; depth++) {
            if (inner instanceof SqlWith w) {
                for (SqlNode item : w.withList) {
                    withNames.add(((SqlWithItem) item).name.getSimple());
                }
                inner = w.body;
            } else if (inner instanceof SqlOrderBy ob) {
                if (ob.orderList != null) {
                    orderBy.addAll(ob.orderList.getList());
                }
                inner = ob.query;
            }
        }
        if (inner.getKind() == SqlKind.UNION || inner.getKind() == SqlKind.INTERSECT || inner.getKind() == SqlKind.EXCEPT) {
            throw notAllowed(what + " is not allowed with UNION/INTERSECT/EXCEPT");
        }
        if (inner.getKind() == SqlKind.VALUES) {
            throw notAllowed(what + " cannot be applied to VALUES");
        }
        if (!(inner instanceof SqlSelect select)) {
            throw SqlException.notSupported(what + " on this kind of query");
        }
        if (select.isDistinct()) {
            throw notAllowed(what + " is not allowed with DISTINCT clause");
        }
        if (select.getGroup() != null && !select.getGroup().isEmpty()) {
            throw notAllowed(what + " is not allowed with GROUP BY clause");
        }
        if (select.getHaving() != null) {
            throw notAllowed(what + " is not allowed with HAVING clause");
        }
        List<SqlNode> scanned = new ArrayList<>(select.getSelectList().getList());
        scanned.addAll(orderBy);
        if (select.getOrderList() != null) {
            scanned.addAll(select.getOrderList().getList());
        }
        if (anyCall(scanned, c -> c.getKind() != SqlKind.OVER && isAggregate.test(c), true)) {
            throw notAllowed(what + " is not allowed with aggregate functions");
        }
        if (anyCall(scanned, c -> c.getKind() == SqlKind.OVER, false)
                || (select.getWindowList() != null && !select.getWindowList().isEmpty())) {
            throw notAllowed(what + " is not allowed with window functions");
        }
        // SKIP LOCKED: rows are skipped after the query ran, so LIMIT/OFFSET must apply after the skipping;
        // the plan runs without them and RowLocker applies them to the rows it could lock
        SqlNode query = l.query;
        long offset = 0;
        long limit = -1;
        boolean skipLocked = l.clauses.stream().anyMatch(c -> c.waitPolicy() == PgRowLocking.WaitPolicy.SKIP_LOCKED);
        if (skipLocked && query instanceof SqlOrderBy ob && (ob.offset != null || ob.fetch != null)) {
            offset = ob.offset == null ? 0 : constant(ob.offset, "OFFSET");
            limit = ob.fetch == null ? -1 : constant(ob.fetch, "LIMIT");
            query = new SqlOrderBy(ob.getParserPosition(), ob.query, ob.orderList, null, null);
        }
        List<FromItem> items = new ArrayList<>();
        if (select.getFrom() != null) {
            fromItems(select.getFrom(), false, withNames, catalog, items);
        }
        // per FROM item (by position): the strongest strength and the wait policy of the clauses naming it
        Map<Integer, PgRowLocking.Clause> chosen = new LinkedHashMap<>();
        for (PgRowLocking.Clause c : l.clauses) {
            List<Integer> targets = new ArrayList<>();
            if (c.of().isEmpty()) {
                for (int i = 0; i < items.size(); i++) {
                    targets.add(i);
                }
            }
            for (String name : c.of()) {
                int found = -1;
                for (int i = 0; i < items.size() && found < 0; i++) {
                    if (items.get(i).name().equals(name)) {
                        found = i;
                    }
                }
                if (found < 0) {
                    throw new SqlException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" in " + c.strength().sql
                            + " clause not found in FROM clause");
                }
                targets.add(found);
            }
            for (int i : targets) {
                PgRowLocking.Clause before = chosen.get(i);
                PgRowLocking.Strength s = before == null || c.strength().ordinal() < before.strength().ordinal()
                        ? c.strength() : before.strength();
                // PostgreSQL: NOWAIT if any clause naming the item says so, else SKIP LOCKED if any does
                PgRowLocking.WaitPolicy w = before == null || c.waitPolicy().ordinal() > before.waitPolicy().ordinal()
                        ? c.waitPolicy() : before.waitPolicy();
                chosen.put(i, new PgRowLocking.Clause(s, List.of(), w));
            }
        }
        List<Pending> locked = new ArrayList<>();
        String systemRelation = null;
        List<SqlNode> selectList = new ArrayList<>(select.getSelectList().getList());
        int hidden = 0;
        SqlParserPos pos = select.getParserPosition();
        for (Map.Entry<Integer, PgRowLocking.Clause> e : new java.util.TreeMap<>(chosen).entrySet()) {
            FromItem item = items.get(e.getKey());
            PgRowLocking.Clause c = e.getValue();
            switch (item.kind()) {
                case IGNORED -> {
                    continue; // a WITH query or a function: PostgreSQL locks nothing for them either
                }
                case VIEW_OR_SUBQUERY -> throw SqlException.notSupported(c.strength().sql + " of the view or subquery \""
                        + item.name() + "\" (name the tables to lock with OF)");
                case OTHER_RELATION -> {
                    // a system relation, or none at all: planning tells which (42P01), then the planner refuses it
                    systemRelation = c.strength().sql + " of system relation \"" + item.name() + "\"";
                    continue;
                }
                case TABLE -> {
                }
            }
            if (item.nullable()) {
                throw notAllowed(c.strength().sql + " cannot be applied to the nullable side of an outer join");
            }
            TableDef t = item.table();
            if (t.primaryKey().isEmpty()) {
                throw SqlException.notSupported(c.strength().sql + " of table \"" + t.name() + "\" without a primary key");
            }
            locked.add(new Pending(t, hidden, c.strength(), c.waitPolicy()));
            for (int col : t.primaryKey()) {
                SqlNode ref = new SqlIdentifier(List.of(item.name(), t.columns().get(col).name()), pos);
                selectList.add(SqlStdOperatorTable.AS.createCall(pos, ref, new SqlIdentifier("$lock" + hidden, pos)));
                hidden++;
            }
        }
        select.setSelectList(new SqlNodeList(selectList, select.getSelectList().getParserPosition()));
        return new Prepared(query, locked, hidden, first, systemRelation, offset, limit);
    }

    /** A LIMIT or OFFSET of a SKIP LOCKED query: a non-negative integer constant. */
    private static long constant(SqlNode n, String what) {
        if (n instanceof org.apache.calcite.sql.SqlNumericLiteral lit && lit.isInteger()) {
            long v = lit.longValue(true);
            if (v >= 0) {
                return v;
            }
        }
        throw SqlException.notSupported("SKIP LOCKED with a " + what + " other than an integer constant");
    }

    private static SqlException notAllowed(String message) {
        return new SqlException(SqlState.FEATURE_NOT_SUPPORTED, message);
    }

    /** Whether a call matching {@code p} appears in {@code nodes}, outside subqueries (and OVER, if asked). */
    private static boolean anyCall(List<SqlNode> nodes, Predicate<SqlCall> p, boolean skipOver) {
        for (SqlNode n : nodes) {
            if (anyCall(n, p, skipOver, 0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyCall(SqlNode n, Predicate<SqlCall> p, boolean skipOver, int depth) {
        if (!(n instanceof SqlCall c) || n instanceof SqlSelect || n.isA(SqlKind.QUERY) || depth > 200) {
            return false;
        }
        if (p.test(c)) {
            return true;
        }
        if (skipOver && c.getKind() == SqlKind.OVER) {
            return false; // count(*) OVER () is a window function, found by the window check
        }
        for (SqlNode o : c.getOperandList()) {
            if (o != null && anyCall(o, p, skipOver, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private static void fromItems(SqlNode n, boolean nullable, TreeSet<String> withNames, Catalog catalog,
                                  List<FromItem> out) {
        if (n instanceof SqlJoin j) {
            JoinType jt = j.getJoinType();
            fromItems(j.getLeft(), nullable || jt == JoinType.RIGHT || jt == JoinType.FULL, withNames, catalog, out);
            fromItems(j.getRight(), nullable || jt == JoinType.LEFT || jt == JoinType.FULL, withNames, catalog, out);
            return;
        }
        SqlNode item = n;
        String alias = null;
        if (n.getKind() == SqlKind.AS && n instanceof SqlCall as) {
            item = as.operand(0);
            alias = ((SqlIdentifier) as.operand(1)).getSimple();
        }
        if (item instanceof SqlIdentifier id) {
            String name = id.names.get(id.names.size() - 1);
            String known = alias != null ? alias : name;
            if (id.names.size() == 1 && withNames.contains(name)) {
                out.add(new FromItem(known, Kind.IGNORED, null, nullable));
            } else if (catalog.table(name) != null) {
                out.add(new FromItem(known, Kind.TABLE, catalog.table(name), nullable));
            } else if (catalog.view(name) != null) {
                out.add(new FromItem(known, Kind.VIEW_OR_SUBQUERY, null, nullable));
            } else {
                out.add(new FromItem(known, Kind.OTHER_RELATION, null, nullable));
            }
        } else if (item.isA(SqlKind.QUERY) || item.getKind() == SqlKind.LATERAL) {
            out.add(new FromItem(alias == null ? "" : alias, Kind.VIEW_OR_SUBQUERY, null, nullable));
        } else {
            out.add(new FromItem(alias == null ? "" : alias, Kind.IGNORED, null, nullable));
        }
    }
}
