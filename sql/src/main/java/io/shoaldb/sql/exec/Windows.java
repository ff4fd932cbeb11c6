package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.plan.PlanNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Window functions: row_number, rank, dense_rank, lag, lead, first_value, last_value and the aggregates
 * (count, sum, min, max, avg) over ROWS frames and over RANGE frames bounded by UNBOUNDED or CURRENT ROW
 * (peers included). Rows keep their input order; each group appends its calls' values.
 */
final class Windows {
    private Windows() {
    }

    static List<Object[]> run(List<Object[]> input, PlanNode.Window w, ExecContext ctx) {
        int width = w.width();
        List<Object[]> out = new ArrayList<>(input.size());
        for (Object[] r : input) {
            out.add(Arrays.copyOf(r, width));
        }
        int column = w.input().width();
        for (PlanNode.WindowGroup g : w.groups()) {
            List<PlanNode.SortKey> keys = new ArrayList<>();
            for (int p : g.partitionKeys()) {
                keys.add(new PlanNode.SortKey(p, false, false));
            }
            keys.addAll(g.orderKeys());
            Comparator<Object[]> byAll = Executor.comparator(keys);
            Comparator<Object[]> byOrder = Executor.comparator(g.orderKeys());
            Integer[] order = new Integer[out.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> {
                int c = byAll.compare(out.get(a), out.get(b));
                return c != 0 ? c : Integer.compare(a, b);
            });
            int start = 0;
            while (start < order.length) {
                int end = start + 1;
                while (end < order.length && samePartition(out.get(order[start]), out.get(order[end]), g.partitionKeys())) {
                    end++;
                }
                List<Object[]> part = new ArrayList<>();
                for (int i = start; i < end; i++) {
                    part.add(out.get(order[i]));
                }
                for (int c = 0; c < g.calls().size(); c++) {
                    computePartition(part, g, g.calls().get(c), column + c, byOrder, ctx);
                }
                start = end;
            }
            column += g.calls().size();
        }
        return out;
    }

    private static boolean samePartition(Object[] a, Object[] b, int[] keys) {
        for (int k : keys) {
            if (!Values.equal(a[k], b[k])) {
                return false;
            }
        }
        return true;
    }

    private static void computePartition(List<Object[]> part, PlanNode.WindowGroup g, PlanNode.WindowCall call, int col,
            Comparator<Object[]> byOrder, ExecContext ctx) {
        int n = part.size();
        int rank = 0;
        int dense = 0;
        for (int i = 0; i < n; i++) {
            Object[] row = part.get(i);
            boolean newPeer = i == 0 || byOrder.compare(part.get(i - 1), row) != 0;
            if (newPeer) {
                rank = i + 1;
                dense++;
            }
            switch (call.function()) {
                case "ROW_NUMBER" -> row[col] = (long) (i + 1);
                case "RANK" -> row[col] = (long) rank;
                case "DENSE_RANK" -> row[col] = (long) dense;
                case "LAG", "LEAD" -> {
                    long offset = call.args().size() > 1 ? ((Number) call.args().get(1).eval(row, ctx)).longValue() : 1;
                    long j = call.function().equals("LAG") ? i - offset : i + offset;
                    row[col] = j >= 0 && j < n ? call.args().get(0).eval(part.get((int) j), ctx)
                            : call.args().size() > 2 ? call.args().get(2).eval(row, ctx) : null;
                }
                default -> {
                    int[] frame = frame(part, i, g, byOrder);
                    row[col] = aggregate(call, part, frame[0], frame[1], ctx);
                }
            }
        }
    }

    /** [from, to) of the frame of row {@code i}. */
    private static int[] frame(List<Object[]> part, int i, PlanNode.WindowGroup g, Comparator<Object[]> byOrder) {
        int n = part.size();
        int from;
        int to;
        if (g.rows()) {
            from = g.lower().unbounded() ? 0 : (int) Math.max(0, Math.min(n, g.lower().preceding() ? i - g.lower().offset() : i + g.lower().offset()));
            to = g.upper().unbounded() ? n : (int) Math.max(0, Math.min(n, (g.upper().preceding() ? i - g.upper().offset() : i + g.upper().offset()) + 1));
        } else {
            int peerStart = i;
            while (peerStart > 0 && byOrder.compare(part.get(peerStart - 1), part.get(i)) == 0) {
                peerStart--;
            }
            int peerEnd = i + 1;
            while (peerEnd < n && byOrder.compare(part.get(peerEnd), part.get(i)) == 0) {
                peerEnd++;
            }
            from = g.lower().unbounded() && g.lower().preceding() ? 0 : g.lower().unbounded() ? n : peerStart;
            to = g.upper().unbounded() && !g.upper().preceding() ? n : g.upper().unbounded() ? 0 : peerEnd;
        }
        return new int[] {from, Math.max(from, to)};
    }

    private static Object aggregate(PlanNode.WindowCall call, List<Object[]> part, int from, int to, ExecContext ctx) {
        List<Object[]> args = new ArrayList<>(to - from);
        for (int j = from; j < to; j++) {
            Object[] a = new Object[call.args().size()];
            for (int k = 0; k < a.length; k++) {
                a[k] = call.args().get(k).eval(part.get(j), ctx);
            }
            args.add(a);
        }
        return switch (call.function()) {
            case "COUNT", "SUM", "$SUM0", "MIN", "MAX", "AVG" -> {
                int[] argIdx = call.args().isEmpty() ? new int[0] : new int[] {0};
                PlanNode.AggCall agg = new PlanNode.AggCall(call.function(), argIdx, false, -1, call.resultType(), null);
                PlanNode.HashAggregate node = new PlanNode.HashAggregate(null, new int[0], List.of(agg));
                yield Aggregation.run(args, node, ctx).get(0)[0];
            }
            case "FIRST_VALUE" -> args.isEmpty() ? null : args.get(0)[0];
            case "LAST_VALUE" -> args.isEmpty() ? null : args.get(args.size() - 1)[0];
            default -> throw SqlException.notSupported("window function " + call.function().toLowerCase(java.util.Locale.ROOT));
        };
    }
}
