package io.shoaldb.checker.whitebox;

import io.shoaldb.checker.Anomaly;
import io.shoaldb.checker.CheckResult;
import io.shoaldb.checker.Workload;
import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.HistoryJson;
import io.shoaldb.checker.history.Mop;
import io.shoaldb.checker.history.Op;
import io.shoaldb.checker.history.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a transactional history against the commit order the system reports: each committed
 * transaction's {@link Operation#commit()} position (the {@code commit} field of its completion event),
 * or an explicit array. Replaying the committed transactions in that order on a sequential list or
 * register model must reproduce every read of every ok transaction (serializability, with the system's
 * own order as the witness); with {@code strict}, no transaction may commit after one that was invoked
 * after it completed (strict serializability).
 *
 * <p>Anomalies: {@code missing-commit} (an ok transaction the order lacks), {@code failed-commit} (a failed
 * transaction in the order), {@code duplicate-commit} (two transactions at one position),
 * {@code commit-order-read} (a read the replay contradicts), {@code commit-order-realtime}. An info
 * transaction committed exactly when it has a position.
 *
 * <p>Cost: one pass to order the transactions (counting sort when positions are dense, as a commit
 * sequence is; a comparison sort for sparse timestamps), one replay pass, one backwards pass for real time.
 */
public final class CommitOrderChecker {
    private final Workload workload;
    private final boolean strict;
    /** Anomalies shown per type; all are counted. */
    private static final int MAX_ANOMALIES_PER_TYPE = 8;

    public CommitOrderChecker(Workload workload, boolean strict) {
        if (!workload.isTransactional()) {
            throw new IllegalArgumentException("the commit-order checker is for list-append and rw-register, not " + workload);
        }
        this.workload = workload;
        this.strict = strict;
    }

    /** Uses the commit positions carried by the history's completion events. */
    public CheckResult check(History history) {
        long[] commit = new long[history.operations().size()];
        for (Operation o : history.operations()) {
            commit[o.id()] = o.commit();
        }
        return check(history, commit);
    }

    /**
     * @param commitOfOperation for each operation id, its commit position, or -1 if it did not commit
     */
    public CheckResult check(History history, long[] commitOfOperation) {
        List<Operation> ops = history.operations();
        if (commitOfOperation.length != ops.size()) {
            throw new IllegalArgumentException("need one commit position per operation: " + commitOfOperation.length
                    + " != " + ops.size());
        }
        Map<String, Integer> counts = new java.util.TreeMap<>();
        List<Anomaly> anomalies = new ArrayList<>();
        int committed = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Operation o : ops) {
            if (!(o.result() instanceof Op.Txn)) {
                throw new IllegalArgumentException("operation " + o.describe() + " is not a transaction");
            }
            long c = commitOfOperation[o.id()];
            if (c < -1) {
                throw new IllegalArgumentException("commit position " + c + " of #" + o.id() + " is negative");
            }
            if (o.isOk() && c < 0) {
                add(counts, anomalies, new Anomaly("missing-commit", List.of(o.id()),
                        o.describe() + " was acknowledged but is not in the commit order"));
            } else if (o.isFail() && c >= 0) {
                add(counts, anomalies, new Anomaly("failed-commit", List.of(o.id()),
                        o.describe() + " failed but is in the commit order at " + c));
            }
            if (c >= 0 && !o.isFail()) {
                committed++;
                min = Math.min(min, c);
                max = Math.max(max, c);
            }
        }
        int[] order = order(ops, commitOfOperation, committed, min, max);
        for (int i = 0; i + 1 < order.length; i++) {
            if (commitOfOperation[order[i]] == commitOfOperation[order[i + 1]]) {
                Operation a = ops.get(order[i]);
                Operation b = ops.get(order[i + 1]);
                add(counts, anomalies, new Anomaly("duplicate-commit", List.of(a.id(), b.id()), a.describe() + " and "
                        + b.describe() + " share commit position " + commitOfOperation[order[i]]));
            }
        }
        replay(ops, order, commitOfOperation, counts, anomalies);
        if (strict) {
            realtime(ops, order, commitOfOperation, counts, anomalies);
        }
        if (anomalies.isEmpty()) {
            return CheckResult.valid("the commit order of " + committed + " transactions is a valid "
                    + (strict ? "strict " : "") + "serialization");
        }
        StringBuilder text = new StringBuilder("the reported commit order is not a valid " + (strict ? "strict " : "")
                + "serialization. Anomalies: ");
        text.append(String.join(", ", counts.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList()));
        for (Anomaly a : anomalies) {
            text.append("\n\n").append(a.type()).append(": ").append(a.explanation());
        }
        return new CheckResult(io.shoaldb.checker.Verdict.INVALID, text.toString(), anomalies);
    }

    private void add(Map<String, Integer> counts, List<Anomaly> anomalies, Anomaly a) {
        if (counts.merge(a.type(), 1, Integer::sum) <= MAX_ANOMALIES_PER_TYPE) {
            anomalies.add(a);
        }
    }

    /** Committed operation ids sorted by commit position (ties by id). */
    private static int[] order(List<Operation> ops, long[] commit, int committed, long min, long max) {
        int[] order = new int[committed];
        if (committed == 0) {
            return order;
        }
        long range = max - min + 1;
        if (range <= 4L * committed + 16) {
            int[] bucketStart = new int[(int) range + 1];
            for (Operation o : ops) {
                if (commit[o.id()] >= 0 && !o.isFail()) {
                    bucketStart[(int) (commit[o.id()] - min) + 1]++;
                }
            }
            for (int i = 0; i < range; i++) {
                bucketStart[i + 1] += bucketStart[i];
            }
            for (Operation o : ops) {
                if (commit[o.id()] >= 0 && !o.isFail()) {
                    order[bucketStart[(int) (commit[o.id()] - min)]++] = o.id();
                }
            }
            return order;
        }
        Integer[] boxed = new Integer[committed];
        int k = 0;
        for (Operation o : ops) {
            if (commit[o.id()] >= 0 && !o.isFail()) {
                boxed[k++] = o.id();
            }
        }
        Arrays.sort(boxed, (a, b) -> commit[a] != commit[b] ? Long.compare(commit[a], commit[b]) : Integer.compare(a, b));
        for (int i = 0; i < committed; i++) {
            order[i] = boxed[i];
        }
        return order;
    }

    private void replay(List<Operation> ops, int[] order, long[] commit, Map<String, Integer> counts,
                        List<Anomaly> anomalies) {
        Map<String, long[]> lists = new HashMap<>();
        Map<String, Integer> listLength = new HashMap<>();
        Map<String, Long> registers = new HashMap<>();
        for (int id : order) {
            Operation o = ops.get(id);
            Op.Txn txn = (Op.Txn) (o.isOk() ? o.result() : o.invoke());
            for (Mop m : txn.mops()) {
                switch (m) {
                    case Mop.Append a -> {
                        requireWorkload(Workload.LIST_APPEND, o);
                        long[] l = lists.get(a.key());
                        int len = listLength.getOrDefault(a.key(), 0);
                        if (l == null || len == l.length) {
                            l = Arrays.copyOf(l == null ? new long[0] : l, Math.max(4, len * 2));
                            lists.put(a.key(), l);
                        }
                        l[len] = a.value();
                        listLength.put(a.key(), len + 1);
                    }
                    case Mop.ReadList r -> {
                        requireWorkload(Workload.LIST_APPEND, o);
                        if (!o.isOk()) {
                            continue;
                        }
                        long[] l = lists.get(r.key());
                        int len = listLength.getOrDefault(r.key(), 0);
                        long[] expected = l == null ? new long[0] : Arrays.copyOf(l, len);
                        if (!Arrays.equals(expected, r.valuesUnsafe())) {
                            add(counts, anomalies, new Anomaly("commit-order-read", List.of(o.id()), o.describe()
                                    + " at commit position " + commit[id] + ": " + HistoryJson.describe(r)
                                    + ", but replaying the commit order gives " + HistoryJson.describe(Mop.readList(r.key(), expected))));
                        }
                    }
                    case Mop.Write w -> {
                        requireWorkload(Workload.RW_REGISTER, o);
                        registers.put(w.key(), w.value());
                    }
                    case Mop.ReadRegister r -> {
                        requireWorkload(Workload.RW_REGISTER, o);
                        if (!o.isOk()) {
                            continue;
                        }
                        Long expected = registers.get(r.key());
                        if (!Objects.equals(expected, r.value())) {
                            add(counts, anomalies, new Anomaly("commit-order-read", List.of(o.id()), o.describe()
                                    + " at commit position " + commit[id] + ": read " + r.key() + " = "
                                    + (r.value() == null ? "nil" : r.value()) + ", but replaying the commit order gives "
                                    + (expected == null ? "nil" : expected)));
                        }
                    }
                }
            }
        }
    }

    private void requireWorkload(Workload expected, Operation o) {
        if (workload != expected) {
            throw new IllegalArgumentException("operation " + o.describe() + " is not a " + workload + " transaction");
        }
    }

    /** Walks the order backwards, tracking the earliest completion among later commits. */
    private void realtime(List<Operation> ops, int[] order, long[] commit, Map<String, Integer> counts,
                          List<Anomaly> anomalies) {
        int earliestLater = Integer.MAX_VALUE;
        int earliestLaterOp = -1;
        for (int i = order.length - 1; i >= 0; i--) {
            Operation t = ops.get(order[i]);
            if (earliestLater < t.invokeIndex()) {
                Operation u = ops.get(earliestLaterOp);
                add(counts, anomalies, new Anomaly("commit-order-realtime", List.of(u.id(), t.id()), u.describe()
                        + " completed (event " + u.completeIndex() + ") before " + t.describe() + " was invoked (event "
                        + t.invokeIndex() + "), yet commits after it (" + commit[u.id()] + " > " + commit[t.id()] + ")"));
            }
            if (t.completeIndex() < earliestLater) {
                earliestLater = t.completeIndex();
                earliestLaterOp = t.id();
            }
        }
    }
}
