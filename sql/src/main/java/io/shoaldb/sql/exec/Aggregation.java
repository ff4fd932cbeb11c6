package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.plan.PlanNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hash and sort aggregation: groups in first-seen order, PostgreSQL result types for SUM and AVG. */
final class Aggregation {
    private Aggregation() {
    }

    /** Running state of one aggregate call in one group. */
    private static final class Acc {
        Object value;
        long count;
        Set<List<Object>> seen;
    }

    static List<Object[]> run(List<Object[]> input, PlanNode.HashAggregate a, ExecContext ctx) {
        Map<List<Object>, Object[]> groupRows = new LinkedHashMap<>();
        Map<List<Object>, Acc[]> groups = new LinkedHashMap<>();
        for (Object[] row : input) {
            List<Object> key = Executor.keyOf(row, a.groupKeys());
            Acc[] accs = groups.get(key);
            if (accs == null) {
                accs = newAccs(a);
                groups.put(key, accs);
                Object[] g = new Object[a.groupKeys().length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = row[a.groupKeys()[i]];
                }
                groupRows.put(key, g);
            }
            for (int i = 0; i < accs.length; i++) {
                accumulate(a.calls().get(i), accs[i], row);
            }
        }
        List<Object[]> out = new ArrayList<>();
        if (groups.isEmpty() && a.groupKeys().length == 0) {
            groups.put(List.of(), newAccs(a));
            groupRows.put(List.of(), new Object[0]);
        }
        for (Map.Entry<List<Object>, Acc[]> e : groups.entrySet()) {
            Object[] g = groupRows.get(e.getKey());
            Object[] r = new Object[g.length + a.calls().size()];
            System.arraycopy(g, 0, r, 0, g.length);
            for (int i = 0; i < a.calls().size(); i++) {
                r[g.length + i] = result(a.calls().get(i), e.getValue()[i]);
            }
            out.add(r);
        }
        return out;
    }

    /**
     * Sort aggregation: the input arrives grouped (ordered by the group keys), so one group's state is held
     * at a time and each group is emitted when the next one starts. Requires at least one group key.
     */
    static Iterator<Object[]> sorted(Iterator<Object[]> input, int[] groupKeys, List<PlanNode.AggCall> calls) {
        if (groupKeys.length == 0) {
            throw new IllegalArgumentException("sort aggregation needs group keys");
        }
        return new Iterator<>() {
            Object[] pending = input.hasNext() ? input.next() : null;

            @Override
            public boolean hasNext() {
                return pending != null;
            }

            @Override
            public Object[] next() {
                if (pending == null) {
                    throw new java.util.NoSuchElementException();
                }
                List<Object> key = Executor.keyOf(pending, groupKeys);
                Object[] g = new Object[groupKeys.length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = pending[groupKeys[i]];
                }
                Acc[] accs = newAccs(calls);
                Object[] row = pending;
                while (true) {
                    for (int i = 0; i < accs.length; i++) {
                        accumulate(calls.get(i), accs[i], row);
                    }
                    if (!input.hasNext()) {
                        pending = null;
                        break;
                    }
                    row = input.next();
                    if (!Executor.keyOf(row, groupKeys).equals(key)) {
                        pending = row;
                        break;
                    }
                }
                Object[] r = new Object[g.length + calls.size()];
                System.arraycopy(g, 0, r, 0, g.length);
                for (int i = 0; i < calls.size(); i++) {
                    r[g.length + i] = result(calls.get(i), accs[i]);
                }
                return r;
            }
        };
    }

    private static Acc[] newAccs(PlanNode.HashAggregate a) {
        return newAccs(a.calls());
    }

    private static Acc[] newAccs(List<PlanNode.AggCall> calls) {
        Acc[] accs = new Acc[calls.size()];
        for (int i = 0; i < accs.length; i++) {
            accs[i] = new Acc();
            if (calls.get(i).distinct()) {
                accs[i].seen = new LinkedHashSet<>();
            }
        }
        return accs;
    }

    private static void accumulate(PlanNode.AggCall call, Acc acc, Object[] row) {
        if (call.filterArg() >= 0 && !Boolean.TRUE.equals(row[call.filterArg()])) {
            return;
        }
        Object v = call.args().length == 0 ? Boolean.TRUE : row[call.args()[0]];
        if (call.args().length > 0) {
            for (int arg : call.args()) {
                if (row[arg] == null) {
                    if (!call.function().equals("SINGLE_VALUE") && !call.function().equals("ARRAY_AGG")
                            && !call.function().equals("COLLECT")) {
                        return; // aggregates skip NULL inputs
                    }
                }
            }
        }
        if (acc.seen != null && !acc.seen.add(Executor.keyOf(row, call.args()))) {
            return;
        }
        acc.count++;
        switch (call.function()) {
            case "COUNT" -> {
            }
            case "SUM", "$SUM0", "AVG" -> acc.value = acc.value == null ? widen(v) : addWide(acc.value, v);
            case "MIN" -> acc.value = acc.value == null || Values.compare(v, acc.value) < 0 ? v : acc.value;
            case "MAX" -> acc.value = acc.value == null || Values.compare(v, acc.value) > 0 ? v : acc.value;
            case "SINGLE_VALUE" -> {
                if (acc.count > 1) {
                    throw new SqlException(SqlState.CARDINALITY_VIOLATION,
                            "more than one row returned by a subquery used as an expression");
                }
                acc.value = v;
            }
            case "LITERAL_AGG" -> acc.value = call.literal();
            case "ARRAY_AGG", "COLLECT" -> {
                // array_agg and ARRAY(subquery) keep NULL inputs, in input order
                if (acc.value == null) {
                    acc.value = new java.util.ArrayList<Object>();
                }
                @SuppressWarnings("unchecked")
                java.util.List<Object> list = (java.util.List<Object>) acc.value;
                list.add(v);
            }
            case "ANY_VALUE" -> acc.value = acc.value == null ? v : acc.value;
            case "EVERY", "BOOL_AND" -> acc.value = acc.value == null ? v : (Boolean) acc.value && (Boolean) v;
            case "SOME", "BOOL_OR" -> acc.value = acc.value == null ? v : (Boolean) acc.value || (Boolean) v;
            case "STRING_AGG", "LISTAGG" -> {
                Object sep = call.args().length > 1 ? row[call.args()[1]] : "";
                acc.value = acc.value == null ? Values.format(v) : acc.value + Values.format(sep) + Values.format(v);
            }
            default -> throw SqlException.notSupported("aggregate " + call.function().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Sums of integers accumulate exactly (PostgreSQL's sum(int) is bigint, sum(bigint) numeric). */
    private static Object widen(Object v) {
        if (v instanceof Short || v instanceof Integer || v instanceof Long) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        return v;
    }

    private static Object addWide(Object acc, Object v) {
        if (acc instanceof Double d) {
            return d + ((Number) v).doubleValue();
        }
        return ((BigDecimal) acc).add(Values.toDecimal((Number) v));
    }

    private static Object result(PlanNode.AggCall call, Acc acc) {
        return switch (call.function()) {
            case "COUNT" -> acc.count;
            case "$SUM0" -> narrowSum(acc.value == null ? BigDecimal.ZERO : acc.value, call);
            case "SUM" -> acc.value == null ? null : narrowSum(acc.value, call);
            case "AVG" -> {
                if (acc.value == null) {
                    yield null;
                }
                if (acc.value instanceof Double d) {
                    yield d / acc.count;
                }
                yield Values.divideNumeric((BigDecimal) acc.value, BigDecimal.valueOf(acc.count));
            }
            case "LITERAL_AGG" -> call.literal();
            case "ARRAY_AGG" -> acc.value == null ? null : PgArrays.of(((java.util.List<?>) acc.value).toArray());
            case "COLLECT" -> PgArrays.of(acc.value == null ? new Object[0] : ((java.util.List<?>) acc.value).toArray());
            // ARRAY(subquery): an empty array, not NULL, when the subquery has no rows
            default -> acc.value;
        };
    }

    /** The planner states each SUM's result class through {@link PlanNode.AggCall#function()} suffixes. */
    private static Object narrowSum(Object v, PlanNode.AggCall call) {
        return switch (call.resultType()) {
            case BIGINT, INTEGER, SMALLINT -> {
                if (v instanceof Long) {
                    yield Values.cast(v, call.resultType(), -1, -1);
                }
                BigDecimal d = Values.toDecimal((Number) v);
                if (d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
                    throw Values.outOfRange("bigint");
                }
                yield Values.cast(d.longValue(), call.resultType(), -1, -1);
            }
            case DOUBLE, FLOAT -> ((Number) v).doubleValue();
            case REAL -> ((Number) v).floatValue();
            default -> v;
        };
    }
}
