package io.shoaldb.sql.exec;

import io.shoaldb.sql.plan.PlanNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** UNION, INTERSECT and EXCEPT, with and without ALL (rows compared as IS NOT DISTINCT FROM). */
final class SetOps {
    private SetOps() {
    }

    static Iterator<Object[]> run(Executor ex, PlanNode.SetOp s) {
        int width = s.width();
        int[] all = new int[width];
        for (int i = 0; i < width; i++) {
            all[i] = i;
        }
        List<List<Object[]>> inputs = new ArrayList<>();
        for (PlanNode in : s.inputs()) {
            inputs.add(ex.materialize(in));
        }
        // per distinct row: first row seen and its count in every input
        Map<List<Object>, long[]> counts = new LinkedHashMap<>();
        Map<List<Object>, Object[]> firstRow = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            for (Object[] r : inputs.get(i)) {
                List<Object> k = Executor.keyOf(r, all);
                counts.computeIfAbsent(k, x -> new long[inputs.size()])[i]++;
                firstRow.putIfAbsent(k, r);
            }
        }
        List<Object[]> out = new ArrayList<>();
        if (s.kind() == PlanNode.SetKind.UNION && s.all()) {
            for (List<Object[]> in : inputs) {
                out.addAll(in);
            }
            return out.iterator();
        }
        for (Map.Entry<List<Object>, long[]> e : counts.entrySet()) {
            long[] c = e.getValue();
            long n;
            switch (s.kind()) {
                case UNION -> n = 1;
                case INTERSECT -> {
                    long m = Long.MAX_VALUE;
                    for (long x : c) {
                        m = Math.min(m, x);
                    }
                    n = s.all() ? m : Math.min(m, 1);
                }
                default -> {
                    long rest = 0;
                    for (int i = 1; i < c.length; i++) {
                        rest += c[i];
                    }
                    n = s.all() ? Math.max(0, c[0] - rest) : (c[0] > 0 && rest == 0 ? 1 : 0);
                }
            }
            for (long i = 0; i < n; i++) {
                out.add(firstRow.get(e.getKey()));
            }
        }
        return out.iterator();
    }
}
