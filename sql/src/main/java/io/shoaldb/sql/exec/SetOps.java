package io.shoaldb.sql.exec;

import io.shoaldb.sql.plan.PlanNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UNION, INTERSECT and EXCEPT, with and without ALL (rows compared as IS NOT DISTINCT FROM).
 *
 * <p>UNION ALL concatenates its inputs without hashing (a multi-row VALUES arrives as a UNION ALL of many
 * one-row inputs when it is not planned as one Values operator). The other operators fold the inputs
 * left to right, two at a time, which is what PostgreSQL's left-associative n-ary forms mean: the work is
 * linear in the rows whatever the number of inputs.
 */
final class SetOps {
    private SetOps() {
    }

    static Iterator<Object[]> run(Executor ex, PlanNode.SetOp s) {
        int width = s.width();
        int[] all = new int[width];
        for (int i = 0; i < width; i++) {
            all[i] = i;
        }
        List<PlanNode> inputs = s.inputs();
        if (s.kind() == PlanNode.SetKind.UNION) {
            return s.all() ? unionAll(ex, inputs) : union(ex, inputs, all);
        }
        List<Object[]> acc = ex.materialize(inputs.get(0));
        for (int i = 1; i < inputs.size(); i++) {
            acc = fold(s.kind() == PlanNode.SetKind.INTERSECT, s.all(), acc, ex.materialize(inputs.get(i)), all);
        }
        if (!s.all() && inputs.size() == 1) {
            acc = distinct(acc, all);
        }
        return acc.iterator();
    }

    private static Iterator<Object[]> unionAll(Executor ex, List<PlanNode> inputs) {
        List<Object[]> out = new ArrayList<>();
        for (PlanNode in : inputs) {
            out.addAll(ex.materialize(in));
        }
        return out.iterator();
    }

    private static Iterator<Object[]> union(Executor ex, List<PlanNode> inputs, int[] all) {
        // first row of each distinct key, in order of first appearance
        Map<List<Object>, Object[]> seen = new LinkedHashMap<>();
        for (PlanNode in : inputs) {
            for (Object[] r : ex.materialize(in)) {
                seen.putIfAbsent(Executor.keyOf(r, all), r);
            }
        }
        return new ArrayList<>(seen.values()).iterator();
    }

    /** One step of left ∩ right or left − right; with ALL the multiplicities are min(l, r) or max(0, l − r). */
    private static List<Object[]> fold(boolean intersect, boolean all, List<Object[]> left, List<Object[]> right,
            int[] cols) {
        // only looked up and decremented, never iterated, so hash order does not matter
        Map<List<Object>, long[]> rightCounts = new HashMap<>();
        for (Object[] r : right) {
            rightCounts.computeIfAbsent(Executor.keyOf(r, cols), x -> new long[1])[0]++;
        }
        List<Object[]> out = new ArrayList<>();
        Map<List<Object>, Boolean> emitted = new HashMap<>();
        for (Object[] r : left) {
            List<Object> k = Executor.keyOf(r, cols);
            long[] c = rightCounts.get(k);
            boolean inRight = c != null && c[0] > 0;
            if (all) {
                if (inRight) {
                    c[0]--;
                }
                if (inRight == intersect) {
                    out.add(r);
                }
            } else if (inRight == intersect && emitted.putIfAbsent(k, Boolean.TRUE) == null) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<Object[]> distinct(List<Object[]> rows, int[] cols) {
        Map<List<Object>, Object[]> seen = new LinkedHashMap<>();
        for (Object[] r : rows) {
            seen.putIfAbsent(Executor.keyOf(r, cols), r);
        }
        return new ArrayList<>(seen.values());
    }
}
