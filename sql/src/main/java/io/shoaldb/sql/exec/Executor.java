package io.shoaldb.sql.exec;

import io.shoaldb.sql.catalog.TableDef;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.plan.Fragment;
import io.shoaldb.sql.plan.PlanNode;
import io.shoaldb.storage.ColumnType;
import io.shoaldb.storage.KeyCodec;
import io.shoaldb.storage.KeyRange;
import io.shoaldb.storage.MvccTable;
import io.shoaldb.storage.SecondaryIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the fragments of a physical plan on this node with ShoalDB's own operators. Each fragment's output
 * rows are the input of the {@link PlanNode.Receiver} that names it, pulled as they are needed (the
 * single-node exchange: an iterator in place of the network). Blocking operators (hash join build side,
 * aggregation, sort) hold at most {@link ExecContext#MAX_MATERIALIZED_ROWS} rows.
 */
public final class Executor {
    private final ExecContext ctx;
    /** Source fragments not yet opened, by id: each feeds exactly one receiver, once. */
    private final Map<Integer, Fragment> pendingSources = new TreeMap<>();
    /** The current round's rows of each running WITH RECURSIVE, by work table id. */
    private final Map<Integer, List<Object[]>> workTables = new TreeMap<>();

    private Executor(ExecContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Runs the plan; returns the root fragment's rows. Rows stream across exchanges: a receiver pulls its
     * source fragment's rows as its consumer asks for them, so nothing is materialised at an exchange and a
     * LIMIT above one stops the scans below it early (as PostgreSQL evaluates lazily, an expression that
     * would fail on a row past the LIMIT is never evaluated). Each source fragment feeds one receiver, which
     * opens it once: operators that re-run a subtree (correlated joins, recursive unions) are planned
     * without exchanges inside. Only the root's rows are collected.
     */
    public static List<Object[]> run(List<Fragment> fragments, ExecContext ctx) {
        Executor ex = new Executor(ctx);
        Fragment root = null;
        for (Fragment f : fragments) {
            if (f.targetFragment() >= 0) {
                ex.pendingSources.put(f.id(), f);
            } else {
                if (root != null) {
                    throw new IllegalStateException("a plan with two root fragments");
                }
                root = f;
            }
        }
        if (root == null) {
            throw new IllegalStateException("a plan without a root fragment");
        }
        return ex.drain(ex.open(root.root()));
    }

    /** The rows of a source fragment, streamed to the receiver that names it. */
    private Iterator<Object[]> receive(PlanNode.Receiver r) {
        Fragment source = pendingSources.remove(r.sourceFragment());
        if (source == null) {
            throw new IllegalStateException("fragment " + r.sourceFragment() + " is received twice or does not exist");
        }
        return open(source.root());
    }

    private List<Object[]> drain(Iterator<Object[]> it) {
        List<Object[]> rows = new ArrayList<>();
        while (it.hasNext()) {
            rows.add(it.next());
            if (rows.size() > ExecContext.MAX_MATERIALIZED_ROWS) {
                throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED,
                        "result exceeds " + ExecContext.MAX_MATERIALIZED_ROWS + " rows");
            }
        }
        return rows;
    }

    Iterator<Object[]> open(PlanNode node) {
        Iterator<Object[]> it = openNode(node);
        if (!ctx.hasDeadline()) {
            return it;
        }
        // statement_timeout: every operator's rows count towards the next look at the clock
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Object[] next() {
                ctx.tick();
                return it.next();
            }
        };
    }

    private Iterator<Object[]> openNode(PlanNode node) {
        return switch (node) {
            case PlanNode.TableScan s -> scan(s.table(), KeyRange.ALL);
            case PlanNode.SystemRows r -> {
                Object[] args = new Object[r.args().size()];
                for (int i = 0; i < args.length; i++) {
                    args[i] = r.args().get(i).eval(null, ctx);
                }
                yield io.shoaldb.sql.pgcatalog.TableFunctions.scan(r.source(), args, ctx).iterator();
            }
            case PlanNode.KeyGet k -> keyGet(k);
            case PlanNode.IndexSeek i -> indexSeek(i);
            case PlanNode.Filter f -> filter(open(f.input()), f.condition());
            case PlanNode.Project p -> project(open(p.input()), p.exprs());
            case PlanNode.HashJoin j -> Joins.hashJoin(this, j, ctx);
            case PlanNode.NestedLoopJoin j -> Joins.nestedLoop(this, j, ctx);
            case PlanNode.Correlate c -> Joins.correlate(this, c, ctx);
            case PlanNode.HashAggregate a -> Aggregation.run(drain(open(a.input())), a, ctx).iterator();
            case PlanNode.SortAggregate a -> Aggregation.sorted(open(a.input()), a.groupKeys(), a.calls());
            case PlanNode.MergeJoin j -> Joins.mergeJoin(this, j, ctx);
            case PlanNode.RepeatUnion r -> Recursion.run(this, r, workTables);
            case PlanNode.WorkTableScan w -> {
                List<Object[]> rows = workTables.get(w.workTable());
                if (rows == null) {
                    throw new IllegalStateException("work table " + w.name() + " read outside its recursive union");
                }
                yield rows.iterator();
            }
            case PlanNode.Sort s -> sort(s);
            case PlanNode.SetOp s -> SetOps.run(this, s);
            case PlanNode.Window w -> Windows.run(materialize(w.input()), w, ctx).iterator();
            case PlanNode.Unnest u -> unnest(materialize(u.input()), u.withOrdinality()).iterator();
            case PlanNode.Values v -> values(v);
            case PlanNode.Modify m -> new Modifier(ctx, m).run(drain(open(m.input()))).iterator();
            case PlanNode.Receiver r -> receive(r);
            case PlanNode.Exchange e -> open(e.input());
        };
    }

    List<Object[]> materialize(PlanNode node) {
        return drain(open(node));
    }

    private Iterator<Object[]> scan(TableDef table, KeyRange range) {
        MvccTable t = table.storage();
        Iterator<MvccTable.Entry> it = ctx.txn().scan(t, range);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Object[] next() {
                return t.codec().decode(it.next().row());
            }
        };
    }

    private Iterator<Object[]> keyGet(PlanNode.KeyGet k) {
        Object[] key = evalKey(k.table(), k.table().primaryKey(), k.key());
        if (key == null) {
            return List.<Object[]>of().iterator();
        }
        MvccTable t = k.table().storage();
        byte[] row = ctx.txn().get(t, KeyCodec.encode(types(k.table(), k.table().primaryKey()), key));
        return row == null ? List.<Object[]>of().iterator() : List.<Object[]>of(t.codec().decode(row)).iterator();
    }

    private Iterator<Object[]> indexSeek(PlanNode.IndexSeek s) {
        List<Integer> cols = s.index() == null ? s.table().primaryKey() : s.index().columns();
        List<Integer> prefixCols = cols.subList(0, s.prefix().size());
        Object[] key = evalKey(s.table(), prefixCols, s.prefix());
        if (key == null) {
            return List.<Object[]>of().iterator();
        }
        ColumnType[] prefixTypes = types(s.table(), prefixCols);
        byte[] prefix = KeyCodec.encode(prefixTypes, key);
        byte[] low = prefix;
        byte[] high = prefix;
        boolean lowInclusive = true;
        boolean highInclusive = true;
        if (s.low() != null || s.high() != null) {
            List<Integer> withNext = cols.subList(0, s.prefix().size() + 1);
            ColumnType[] types = types(s.table(), withNext);
            Bound lowBound = bound(s, withNext, key, s.low());
            Bound highBound = bound(s, withNext, key, s.high());
            if (lowBound == Bound.NOTHING || highBound == Bound.NOTHING) {
                return List.<Object[]>of().iterator();
            }
            if (lowBound != null) {
                low = KeyCodec.encode(types, lowBound.values());
                // a bound the cast changed (int column > 2.5) widens to inclusive; the Filter above rechecks
                lowInclusive = s.lowInclusive() || !lowBound.exact();
            }
            if (highBound != null) {
                high = KeyCodec.encode(types, highBound.values());
                highInclusive = s.highInclusive() || !highBound.exact();
            }
        }
        KeyRange range = new KeyRange(low, lowInclusive, high, highInclusive);
        if (s.index() == null) {
            return scan(s.table(), range);
        }
        MvccTable t = s.table().storage();
        SecondaryIndex idx = t.index(s.index().name());
        List<MvccTable.Entry> entries = ctx.txn().indexScan(t, idx, range);
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (MvccTable.Entry e : entries) {
            rows.add(t.codec().decode(e.row()));
        }
        return rows.iterator();
    }

    /** Key values of a range bound; {@code exact} when the cast to the column type kept the value. */
    private record Bound(Object[] values, boolean exact) {
        static final Bound NOTHING = new Bound(new Object[0], true);
    }

    /**
     * The prefix values plus one bound value cast to the column type; null for no bound (also when the value
     * does not fit the column type: the Filter above still applies it), {@link Bound#NOTHING} when the bound
     * is NULL (nothing can match).
     */
    private Bound bound(PlanNode.IndexSeek s, List<Integer> columns, Object[] prefix, Expr e) {
        if (e == null) {
            return null;
        }
        Object v = e.eval(null, ctx);
        if (v == null) {
            return Bound.NOTHING;
        }
        var col = s.table().columns().get(columns.get(columns.size() - 1));
        Object cast;
        try {
            cast = TypeFunctions.castToColumn(v, col.type(), col.precision(), col.scale(), TypeFunctions.zone(ctx));
        } catch (SqlException outOfRange) {
            return null;
        }
        Object[] out = java.util.Arrays.copyOf(prefix, prefix.length + 1);
        out[prefix.length] = cast;
        return new Bound(out, Values.compare(cast, v) == 0);
    }

    /** Evaluates key expressions cast to the key columns' types; null if any is NULL (nothing matches). */
    private Object[] evalKey(TableDef table, List<Integer> columns, List<Expr> exprs) {
        Object[] key = new Object[exprs.size()];
        for (int i = 0; i < key.length; i++) {
            Object v = exprs.get(i).eval(null, ctx);
            if (v == null) {
                return null;
            }
            var col = table.columns().get(columns.get(i));
            Object cast = TypeFunctions.castToColumn(v, col.type(), col.precision(), col.scale(), TypeFunctions.zone(ctx));
            if (Values.compare(cast, v) != 0) {
                return null; // e.g. int column = 1.5 can match nothing
            }
            key[i] = cast;
        }
        return key;
    }

    static ColumnType[] types(TableDef table, List<Integer> columns) {
        ColumnType[] t = new ColumnType[columns.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = table.columns().get(columns.get(i)).type().storageType;
        }
        return t;
    }

    private Iterator<Object[]> filter(Iterator<Object[]> in, Expr cond) {
        return new Iterator<>() {
            Object[] next = advance();

            private Object[] advance() {
                while (in.hasNext()) {
                    Object[] r = in.next();
                    if (Boolean.TRUE.equals(cond.eval(r, ctx))) {
                        return r;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Object[] next() {
                Object[] r = next;
                next = advance();
                return r;
            }
        };
    }

    private Iterator<Object[]> project(Iterator<Object[]> in, List<Expr> exprs) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public Object[] next() {
                Object[] r = in.next();
                Object[] out = new Object[exprs.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = exprs.get(i).eval(r, ctx);
                }
                return out;
            }
        };
    }

    /** Rows of unnest: element i of every array column of each input row; shorter arrays give NULL. */
    private static List<Object[]> unnest(List<Object[]> input, boolean withOrdinality) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] row : input) {
            int n = 0;
            for (Object v : row) {
                n = Math.max(n, v == null ? 0 : ((List<?>) v).size());
            }
            for (int i = 0; i < n; i++) {
                Object[] r = new Object[row.length + (withOrdinality ? 1 : 0)];
                for (int c = 0; c < row.length; c++) {
                    List<?> l = (List<?>) row[c];
                    r[c] = l != null && i < l.size() ? l.get(i) : null;
                }
                if (withOrdinality) {
                    r[row.length] = i + 1;
                }
                if (out.size() >= ExecContext.MAX_MATERIALIZED_ROWS) {
                    throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, "unnest produced more than "
                            + ExecContext.MAX_MATERIALIZED_ROWS + " rows");
                }
                out.add(r);
            }
        }
        return out;
    }

    private Iterator<Object[]> values(PlanNode.Values v) {
        List<Object[]> rows = new ArrayList<>(v.rows().size());
        for (List<Expr> r : v.rows()) {
            Object[] out = new Object[r.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = r.get(i).eval(null, ctx);
            }
            rows.add(out);
        }
        return rows.iterator();
    }

    private Iterator<Object[]> sort(PlanNode.Sort s) {
        long offset = s.offset() == null ? 0 : count(s.offset(), "OFFSET");
        long limit = s.limit() == null ? Long.MAX_VALUE : count(s.limit(), "LIMIT");
        List<Object[]> rows;
        if (s.keys().isEmpty()) {
            rows = new ArrayList<>();
            Iterator<Object[]> in = open(s.input());
            long end = limit == Long.MAX_VALUE ? Long.MAX_VALUE : offset + limit;
            for (long i = 0; i < end && in.hasNext(); i++) {
                Object[] r = in.next();
                if (i >= offset) {
                    rows.add(r);
                }
            }
            return rows.iterator();
        }
        rows = materialize(s.input());
        rows.sort(comparator(s.keys()));
        int from = (int) Math.min(offset, rows.size());
        int to = (int) Math.min(rows.size(), limit == Long.MAX_VALUE ? Long.MAX_VALUE : offset + limit);
        return rows.subList(from, Math.max(from, to)).iterator();
    }

    private long count(Expr e, String what) {
        Object v = e.eval(null, ctx);
        if (v == null) {
            return what.equals("LIMIT") ? Long.MAX_VALUE : 0;
        }
        long n = ((Number) v).longValue();
        if (n < 0) {
            throw new SqlException(what.equals("LIMIT") ? "2201W" : "2201X", what + " must not be negative");
        }
        return n;
    }

    static Comparator<Object[]> comparator(List<PlanNode.SortKey> keys) {
        return (a, b) -> {
            for (PlanNode.SortKey k : keys) {
                Object x = a[k.field()];
                Object y = b[k.field()];
                int c;
                if (x == null || y == null) {
                    if (x == y) {
                        continue;
                    }
                    c = (x == null) == k.nullsFirst() ? -1 : 1;
                    return c;
                }
                c = Values.compare(x, y);
                if (c != 0) {
                    return k.descending() ? -c : c;
                }
            }
            return 0;
        };
    }

    /** Hash key of the given fields of a row (list of normalised values). */
    static List<Object> keyOf(Object[] row, int[] fields) {
        Object[] k = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            k[i] = Values.hashKey(row[fields[i]]);
        }
        return Arrays.asList(k);
    }

    static Object[] concat(Object[] a, Object[] b) {
        Object[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static Map<List<Object>, List<Integer>> newHashTable() {
        return new LinkedHashMap<>();
    }
}
