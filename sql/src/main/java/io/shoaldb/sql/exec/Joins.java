package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.plan.PlanNode;
import io.shoaldb.sql.plan.PlanNode.JoinKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Hash join and nested-loop join for every join kind (inner, outer, semi, anti). */
final class Joins {
    private Joins() {
    }

    static Iterator<Object[]> hashJoin(Executor ex, PlanNode.HashJoin j, ExecContext ctx) {
        List<Object[]> right = ex.materialize(j.right());
        Map<List<Object>, List<Integer>> table = Executor.newHashTable();
        for (int i = 0; i < right.size(); i++) {
            Object[] r = right.get(i);
            if (hasNull(r, j.rightKeys())) {
                continue; // NULL never equals anything
            }
            table.computeIfAbsent(Executor.keyOf(r, j.rightKeys()), k -> new ArrayList<>()).add(i);
        }
        boolean[] rightMatched = new boolean[right.size()];
        List<Object[]> out = new ArrayList<>();
        int rw = j.right().width();
        Iterator<Object[]> left = ex.open(j.left());
        while (left.hasNext()) {
            Object[] l = left.next();
            List<Integer> candidates = hasNull(l, j.leftKeys()) ? List.of()
                    : table.getOrDefault(Executor.keyOf(l, j.leftKeys()), List.of());
            boolean matched = false;
            for (int ri : candidates) {
                Object[] r = right.get(ri);
                Object[] joined = Executor.concat(l, r);
                if (j.residual() != null && !Boolean.TRUE.equals(j.residual().eval(joined, ctx))) {
                    continue;
                }
                matched = true;
                if (j.kind() == JoinKind.SEMI || j.kind() == JoinKind.ANTI) {
                    break;
                }
                rightMatched[ri] = true;
                out.add(joined);
                checkSize(out);
            }
            emitUnmatchedLeft(j.kind(), l, matched, rw, out);
        }
        emitUnmatchedRight(j.kind(), right, rightMatched, j.left().width(), out);
        return out.iterator();
    }

    static Iterator<Object[]> nestedLoop(Executor ex, PlanNode.NestedLoopJoin j, ExecContext ctx) {
        List<Object[]> right = ex.materialize(j.right());
        boolean[] rightMatched = new boolean[right.size()];
        List<Object[]> out = new ArrayList<>();
        int rw = j.right().width();
        Iterator<Object[]> left = ex.open(j.left());
        while (left.hasNext()) {
            Object[] l = left.next();
            boolean matched = false;
            for (int i = 0; i < right.size(); i++) {
                Object[] joined = Executor.concat(l, right.get(i));
                if (j.condition() != null && !Boolean.TRUE.equals(j.condition().eval(joined, ctx))) {
                    continue;
                }
                matched = true;
                if (j.kind() == JoinKind.SEMI || j.kind() == JoinKind.ANTI) {
                    break;
                }
                rightMatched[i] = true;
                out.add(joined);
                checkSize(out);
            }
            emitUnmatchedLeft(j.kind(), l, matched, rw, out);
        }
        emitUnmatchedRight(j.kind(), right, rightMatched, j.left().width(), out);
        return out.iterator();
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
