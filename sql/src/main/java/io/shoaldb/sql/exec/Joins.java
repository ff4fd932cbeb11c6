package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.plan.PlanNode;
import io.shoaldb.sql.plan.PlanNode.JoinKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Hash join and nested-loop join for every join kind (inner, outer, semi, anti); merge join for inner and left. */
final class Joins {
    private Joins() {
    }

    static Iterator<Object[]> hashJoin(Executor ex, PlanNode.HashJoin j, ExecContext ctx) {
        return join(ex, j.left(), j.right(), j.leftKeys(), j.rightKeys(), j.kind(), j.residual(), ctx);
    }

    /** A nested-loop join is the same loop with no keys: every right row is a candidate for every left row. */
    static Iterator<Object[]> nestedLoop(Executor ex, PlanNode.NestedLoopJoin j, ExecContext ctx) {
        return join(ex, j.left(), j.right(), new int[0], new int[0], j.kind(), j.condition(), ctx);
    }

    private static Iterator<Object[]> join(Executor ex, PlanNode leftNode, PlanNode rightNode, int[] leftKeys,
            int[] rightKeys, JoinKind kind, Expr condition, ExecContext ctx) {
        List<Object[]> right = ex.materialize(rightNode);
        Map<List<Object>, List<Integer>> table = Executor.newHashTable();
        for (int i = 0; i < right.size(); i++) {
            Object[] r = right.get(i);
            if (hasNull(r, rightKeys)) {
                continue; // NULL never equals anything
            }
            table.computeIfAbsent(Executor.keyOf(r, rightKeys), k -> new ArrayList<>()).add(i);
        }
        boolean[] rightMatched = new boolean[right.size()];
        List<Object[]> out = new ArrayList<>();
        int rw = rightNode.width();
        Iterator<Object[]> left = ex.open(leftNode);
        while (left.hasNext()) {
            Object[] l = left.next();
            List<Integer> candidates = hasNull(l, leftKeys) ? List.of()
                    : table.getOrDefault(Executor.keyOf(l, leftKeys), List.of());
            boolean matched = false;
            for (int ri : candidates) {
                ctx.tick(); // a join that examines many pairs and emits few still meets statement_timeout
                Object[] joined = Executor.concat(l, right.get(ri));
                if (condition != null && !Boolean.TRUE.equals(condition.eval(joined, ctx))) {
                    continue;
                }
                matched = true;
                if (kind == JoinKind.SEMI || kind == JoinKind.ANTI) {
                    break;
                }
                rightMatched[ri] = true;
                out.add(joined);
                checkSize(out);
            }
            emitUnmatchedLeft(kind, l, matched, rw, out);
        }
        emitUnmatchedRight(kind, right, rightMatched, leftNode.width(), out);
        return out.iterator();
    }

    /**
     * Merge join of inputs ordered ascending by their keys (rows with a NULL key may sit anywhere: they
     * never match). Streams the left input and holds the right rows of one key at a time.
     */
    static Iterator<Object[]> mergeJoin(Executor ex, PlanNode.MergeJoin j, ExecContext ctx) {
        if (j.kind() != JoinKind.INNER && j.kind() != JoinKind.LEFT) {
            throw new IllegalArgumentException("merge join of kind " + j.kind());
        }
        Iterator<Object[]> left = ex.open(j.left());
        Iterator<Object[]> right = ex.open(j.right());
        int rw = j.right().width();
        return new Iterator<>() {
            final java.util.ArrayDeque<Object[]> out = new java.util.ArrayDeque<>();
            final List<Object[]> group = new ArrayList<>();
            Object[] groupKey;
            Object[] r = nextRight();

            private Object[] nextRight() {
                while (right.hasNext()) {
                    Object[] row = right.next();
                    if (!hasNull(row, j.rightKeys())) {
                        return row;
                    }
                }
                return null;
            }

            private void fill() {
                while (out.isEmpty() && left.hasNext()) {
                    Object[] l = left.next();
                    boolean matched = false;
                    if (!hasNull(l, j.leftKeys())) {
                        Object[] lk = key(l, j.leftKeys());
                        if (!group.isEmpty() && compareKeys(groupKey, lk) < 0) {
                            group.clear();
                        }
                        if (group.isEmpty()) {
                            while (r != null && compareKeys(key(r, j.rightKeys()), lk) < 0) {
                                r = nextRight();
                            }
                            if (r != null && compareKeys(key(r, j.rightKeys()), lk) == 0) {
                                groupKey = key(r, j.rightKeys());
                                while (r != null && compareKeys(key(r, j.rightKeys()), groupKey) == 0) {
                                    group.add(r);
                                    if (group.size() > ExecContext.MAX_MATERIALIZED_ROWS) {
                                        throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, "merge join key group exceeds "
                                                + ExecContext.MAX_MATERIALIZED_ROWS + " rows");
                                    }
                                    r = nextRight();
                                }
                            }
                        }
                        if (!group.isEmpty() && compareKeys(groupKey, lk) == 0) {
                            for (Object[] candidate : group) {
                                Object[] joined = Executor.concat(l, candidate);
                                if (j.residual() == null || Boolean.TRUE.equals(j.residual().eval(joined, ctx))) {
                                    matched = true;
                                    out.add(joined);
                                }
                            }
                        }
                    }
                    if (!matched && j.kind() == JoinKind.LEFT) {
                        out.add(Executor.concat(l, new Object[rw]));
                    }
                }
            }

            @Override
            public boolean hasNext() {
                fill();
                return !out.isEmpty();
            }

            @Override
            public Object[] next() {
                fill();
                if (out.isEmpty()) {
                    throw new java.util.NoSuchElementException();
                }
                return out.pollFirst();
            }
        };
    }

    private static Object[] key(Object[] row, int[] keys) {
        Object[] k = new Object[keys.length];
        for (int i = 0; i < keys.length; i++) {
            k[i] = row[keys[i]];
        }
        return k;
    }

    private static int compareKeys(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = Values.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    static Iterator<Object[]> correlate(Executor ex, PlanNode.Correlate c, ExecContext ctx) {
        List<Object[]> out = new ArrayList<>();
        int rw = c.right().width();
        Iterator<Object[]> left = ex.open(c.left());
        while (left.hasNext()) {
            Object[] l = left.next();
            ctx.bindCorrelation(c.correlationId(), l);
            Iterator<Object[]> right = ex.open(c.right());
            boolean matched = false;
            while (right.hasNext()) {
                Object[] r = right.next();
                matched = true;
                if (c.kind() == JoinKind.SEMI || c.kind() == JoinKind.ANTI) {
                    break;
                }
                out.add(Executor.concat(l, r));
                checkSize(out);
            }
            emitUnmatchedLeft(c.kind(), l, matched, rw, out);
        }
        return out.iterator();
    }

    private static void emitUnmatchedLeft(JoinKind kind, Object[] l, boolean matched, int rightWidth, List<Object[]> out) {
        switch (kind) {
            case SEMI -> {
                if (matched) {
                    out.add(l);
                }
            }
            case ANTI -> {
                if (!matched) {
                    out.add(l);
                }
            }
            case LEFT, FULL -> {
                if (!matched) {
                    out.add(Executor.concat(l, new Object[rightWidth]));
                }
            }
            default -> {
            }
        }
    }

    private static void emitUnmatchedRight(JoinKind kind, List<Object[]> right, boolean[] matched, int leftWidth,
            List<Object[]> out) {
        if (kind != JoinKind.RIGHT && kind != JoinKind.FULL) {
            return;
        }
        for (int i = 0; i < right.size(); i++) {
            if (!matched[i]) {
                out.add(Executor.concat(new Object[leftWidth], right.get(i)));
            }
        }
    }

    private static boolean hasNull(Object[] row, int[] keys) {
        for (int k : keys) {
            if (row[k] == null) {
                return true;
            }
        }
        return false;
    }

    private static void checkSize(List<Object[]> out) {
        if (out.size() > ExecContext.MAX_MATERIALIZED_ROWS) {
            throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, "join result exceeds "
                    + ExecContext.MAX_MATERIALIZED_ROWS + " rows");
        }
    }
}
