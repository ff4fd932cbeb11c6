package io.shoaldb.checker.elle;

import io.shoaldb.checker.CheckResult;
import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.HistoryJson;
import io.shoaldb.checker.history.Mop;
import io.shoaldb.checker.history.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Elle's list-append checker. Every append is unique, so a read names the transactions whose appends it
 * saw, and a read list shows the order of those appends: the longest read of each key is a known prefix
 * of its version order, and every other read must be a prefix of it.
 *
 * <p>Reported without cycles: {@code duplicate-elements} and {@code incompatible-order} (reads that no
 * version order explains), {@code garbage-read} (a value nobody appended), {@code internal} (a transaction
 * that does not see its own earlier reads and appends), {@code G1a} (aborted read), {@code G1b}
 * (intermediate read), {@code dirty-update} (a failed append followed by committed ones). Then ww, wr, rw
 * (and real-time) edges go to {@link CycleAnalysis}.
 *
 * <p>Beyond Elle: a committed append that no read saw lies after the longest read in the version order, so
 * it gets a ww edge from the last observed writer and rw edges from the readers of the whole list; this
 * finds lost appends.
 */
public final class ListAppendChecker {
    /** Bound on rw edges to unobserved appends per key (readers × appenders); beyond it they are skipped, which is sound. */
    private static final int MAX_UNOBSERVED_EDGES_PER_KEY = 100_000;

    private final ElleOptions options;

    public ListAppendChecker(ElleOptions options) {
        this.options = options;
    }

    public CheckResult check(History history) {
        TxnHistory h = new TxnHistory(history);
        Findings findings = new Findings(options.maxAnomaliesPerType());
        List<Operation> ops = h.ops;
        int n = ops.size();
        int keys = h.keyCount();

        // 1. Who appended what. Appends come from the workload, so a duplicate is a malformed history.
        KeyValueIndex writer = new KeyValueIndex(Math.max(16, n));
        long appends = 0;
        for (int t = 0; t < n; t++) {
            for (Mop m : h.mops.get(t)) {
                if (m instanceof Mop.Append a) {
                    int prev = writer.putIfAbsent(h.keyId(a.key()), a.value(), t);
                    if (prev >= 0) {
                        throw new IllegalArgumentException("list-append needs unique appends, but " + ops.get(prev).describe()
                                + " and " + ops.get(t).describe() + " both append " + a.value() + " to " + a.key());
                    }
                    appends++;
                } else if (!(m instanceof Mop.ReadList)) {
                    throw new IllegalArgumentException("operation " + ops.get(t).describe()
                            + " is not a list-append transaction (append / r)");
                }
            }
        }

        // 2. Internal consistency, and the longest read of each key.
        long[][] longest = new long[keys][];
        int[] longestBy = new int[keys];
        Arrays.fill(longestBy, -1);
        for (int t = 0; t < n; t++) {
            if (!ops.get(t).isOk()) {
                continue;
            }
            checkInternal(h, t, findings);
            for (Mop m : h.mops.get(t)) {
                if (m instanceof Mop.ReadList r) {
                    int k = h.keyId(r.key());
                    long[] v = r.valuesUnsafe();
                    if (longest[k] == null || v.length > longest[k].length) {
                        longest[k] = v;
                        longestBy[k] = t;
                    }
                }
            }
        }

        // 3. Per key: the version order (longest read), its writers, duplicates, garbage, failed writers.
        KeyValueIndex position = new KeyValueIndex(Math.max(16, (int) Math.min(appends, Integer.MAX_VALUE / 4)));
        int[][] writersOf = new int[keys][];
        int[] firstFailed = new int[keys];
        boolean[] usable = new boolean[keys];
        for (int k = 0; k < keys; k++) {
            long[] order = longest[k] == null ? new long[0] : longest[k];
            int[] w = new int[order.length];
            firstFailed[k] = Integer.MAX_VALUE;
            usable[k] = true;
            for (int i = 0; i < order.length; i++) {
                int prevPos = position.putIfAbsent(k, order[i], i);
                if (prevPos >= 0) {
                    int reader = longestBy[k];
                    String key = h.keyNames.get(k);
                    long value = order[i];
                    findings.add("duplicate-elements", List.of(reader), () -> ops.get(reader).describe() + " read "
                            + value + " twice in " + key + ", which no sequence of appends produces");
                    usable[k] = false;
                    break;
                }
                w[i] = writer.get(k, order[i]);
                if (w[i] < 0) {
                    int reader = longestBy[k];
                    String key = h.keyNames.get(k);
                    long value = order[i];
                    findings.add("garbage-read", List.of(reader), () -> ops.get(reader).describe() + " read " + value
                            + " in " + key + ", which no transaction appended");
                    usable[k] = false;
                    break;
                }
                if (ops.get(w[i]).isFail() && firstFailed[k] == Integer.MAX_VALUE) {
                    firstFailed[k] = i;
                }
            }
            writersOf[k] = w;
            if (usable[k]) {
                checkOwnAppendOrder(h, k, order, w, position, longestBy[k], findings);
            }
            if (usable[k] && firstFailed[k] != Integer.MAX_VALUE) {
                for (int i = firstFailed[k] + 1; i < order.length; i++) {
                    if (!ops.get(w[i]).isFail()) {
                        int failed = w[firstFailed[k]];
                        int later = w[i];
                        String key = h.keyNames.get(k);
                        findings.add("dirty-update", List.of(failed, later), () -> "in " + key + ", "
                                + ops.get(later).describe() + " appended after the append of failed "
                                + ops.get(failed).describe());
                        break;
                    }
                }
            }
        }

        // Transactions known to have committed: ok ones, and info ones whose appends someone read.
        boolean[] committed = new boolean[n];
        for (int t = 0; t < n; t++) {
            committed[t] = ops.get(t).isOk();
        }
        for (int k = 0; k < keys; k++) {
            if (usable[k]) {
                for (int x : writersOf[k]) {
                    committed[x] |= ops.get(x).isInfo();
                }
            }
        }
        // Unobserved appends of committed transactions, per key: they follow the longest read in the version order.
        IntList[] unobserved = new IntList[keys];
        for (int t = 0; t < n; t++) {
            if (!committed[t]) {
                continue;
            }
            for (Mop m : h.mops.get(t)) {
                if (m instanceof Mop.Append a) {
                    int k = h.keyId(a.key());
                    if (usable[k] && position.get(k, a.value()) < 0) {
                        if (unobserved[k] == null) {
                            unobserved[k] = new IntList(2);
                        }
                        // t's appends are visited together, so this keeps each transaction once per key.
                        if (unobserved[k].size() == 0 || unobserved[k].get(unobserved[k].size() - 1) != t) {
                            unobserved[k].add(t);
                        }
                    }
                }
            }
        }

        DependencyGraph graph = new DependencyGraph(n, (int) Math.min(Integer.MAX_VALUE - 8, appends * 3 + n * 4L));
        // 4. ww edges along each version order.
        for (int k = 0; k < keys; k++) {
            if (!usable[k]) {
                continue;
            }
            int[] w = writersOf[k];
            for (int i = 0; i + 1 < w.length; i++) {
                if (w[i] != w[i + 1] && h.mayHaveCommitted(w[i]) && h.mayHaveCommitted(w[i + 1])) {
                    graph.addEdge(w[i], w[i + 1], DependencyGraph.WW, k);
                }
            }
            if (unobserved[k] != null && w.length > 0 && h.mayHaveCommitted(w[w.length - 1])) {
                for (int j = 0; j < unobserved[k].size(); j++) {
                    int u = unobserved[k].get(j);
                    if (u != w[w.length - 1]) {
                        graph.addEdge(w[w.length - 1], u, DependencyGraph.WW, k);
                    }
                }
            }
        }

        // 5. Each committed read: prefix of the version order, G1a, G1b, and its wr / rw edges.
        int[] unobservedEdges = new int[keys];
        for (int t = 0; t < n; t++) {
            if (!ops.get(t).isOk()) {
                continue;
            }
            for (Mop m : h.mops.get(t)) {
                if (!(m instanceof Mop.ReadList r)) {
                    continue;
                }
                int k = h.keyId(r.key());
                if (!usable[k]) {
                    continue;
                }
                long[] v = r.valuesUnsafe();
                long[] order = longest[k];
                if (!isPrefix(v, order)) {
                    int reader = t;
                    int other = longestBy[k];
                    findings.add("incompatible-order", List.of(reader, other), () -> "no version order of "
                            + h.keyNames.get(k) + " explains both " + ops.get(reader).describe() + " and "
                            + ops.get(other).describe());
                    continue;
                }
                int len = v.length;
                int[] w = writersOf[k];
                if (len > firstFailed[k]) {
                    int reader = t;
                    int failed = w[firstFailed[k]];
                    long value = order[firstFailed[k]];
                    findings.add("G1a", List.of(failed, reader), () -> ops.get(reader).describe() + " read "
                            + value + " in " + h.keyNames.get(k) + ", appended by failed " + ops.get(failed).describe());
                }
                if (len > 0) {
                    int last = w[len - 1];
                    if (last != t && !ops.get(last).isFail() && lastAppend(h, last, r.key()) != order[len - 1]) {
                        int reader = t;
                        long value = order[len - 1];
                        findings.add("G1b", List.of(last, reader), () -> ops.get(reader).describe() + " read "
                                + h.keyNames.get(k) + " ending in " + value + ", an intermediate append of "
                                + ops.get(last).describe());
                    }
                    if (last != t && h.mayHaveCommitted(last)) {
                        graph.addEdge(last, t, DependencyGraph.WR, k);
                    }
                }
                if (len < w.length) {
                    int next = w[len];
                    if (next != t && h.mayHaveCommitted(next)) {
                        graph.addEdge(t, next, DependencyGraph.RW, k);
                    }
                } else if (unobserved[k] != null) {
                    IntList us = unobserved[k];
                    for (int j = 0; j < us.size() && unobservedEdges[k] < MAX_UNOBSERVED_EDGES_PER_KEY; j++) {
                        if (us.get(j) != t) {
                            graph.addEdge(t, us.get(j), DependencyGraph.RW, k);
                            unobservedEdges[k]++;
                        }
                    }
                }
            }
        }
        return CycleAnalysis.conclude(h, graph, options, findings);
    }

    private static boolean isPrefix(long[] v, long[] order) {
        if (v.length > order.length) {
            return false;
        }
        for (int i = 0; i < v.length; i++) {
            if (v[i] != order[i]) {
                return false;
            }
        }
        return true;
    }

    /** The value transaction {@code t} appended last to {@code key}. */
    private static long lastAppend(TxnHistory h, int t, String key) {
        long last = 0;
        boolean any = false;
        for (Mop m : h.mops.get(t)) {
            if (m instanceof Mop.Append a && a.key().equals(key)) {
                last = a.value();
                any = true;
            }
        }
        if (!any) {
            throw new IllegalStateException("transaction " + t + " never appended to " + key);
        }
        return last;
    }

    /** A transaction must see its own earlier reads and appends. */
    private static void checkInternal(TxnHistory h, int t, Findings findings) {
        List<Mop> mops = h.mops.get(t);
        if (mops.size() < 2) {
            return;
        }
        List<String> keys = new ArrayList<>(4);
        List<long[]> known = new ArrayList<>(4);
        List<long[]> suffix = new ArrayList<>(4);
        for (Mop m : mops) {
            int i = keys.indexOf(m.key());
            if (i < 0) {
                keys.add(m.key());
                known.add(null);
                suffix.add(new long[0]);
                i = keys.size() - 1;
            }
            switch (m) {
                case Mop.Append a -> {
                    if (known.get(i) != null) {
                        known.set(i, append(known.get(i), a.value()));
                    } else {
                        suffix.set(i, append(suffix.get(i), a.value()));
                    }
                }
                case Mop.ReadList r -> {
                    long[] v = r.valuesUnsafe();
                    long future = ownLaterAppendIn(mops, m, v);
                    if (future != Long.MIN_VALUE) {
                        findings.add("internal", List.of(t), () -> h.ops.get(t).describe() + ": " + HistoryJson.describe(r)
                                + " already contains " + future + ", which the transaction appends only later");
                    }
                    long[] expected = known.get(i);
                    boolean ok = expected != null ? Arrays.equals(v, expected) : endsWith(v, suffix.get(i));
                    if (!ok) {
                        String want = expected != null ? Arrays.toString(expected)
                                : "a list ending in " + Arrays.toString(suffix.get(i));
                        findings.add("internal", List.of(t), () -> h.ops.get(t).describe() + ": " + HistoryJson.describe(r)
                                + " but the transaction's own earlier operations imply " + want);
                    }
                    known.set(i, v);
                }
                default -> throw new IllegalArgumentException("not a list-append micro-operation: " + m);
            }
        }
    }

    /** A value in {@code v} that this transaction appends to the same key after {@code read}, or Long.MIN_VALUE. */
    private static long ownLaterAppendIn(List<Mop> mops, Mop read, long[] v) {
        boolean after = false;
        for (Mop m : mops) {
            if (m == read) {
                after = true;
            } else if (after && m instanceof Mop.Append a && a.key().equals(read.key())) {
                for (long x : v) {
                    if (x == a.value()) {
                        return x;
                    }
                }
            }
        }
        return Long.MIN_VALUE;
    }

    /**
     * A transaction's appends to one key enter the version order in its program order: for each observed
     * append, the same transaction's previous append to that key must be observed earlier.
     */
    private static void checkOwnAppendOrder(TxnHistory h, int k, long[] order, int[] w, KeyValueIndex position,
                                            int reader, Findings findings) {
        String key = h.keyNames.get(k);
        for (int i = 0; i < order.length; i++) {
            long previous = 0;
            boolean hasPrevious = false;
            for (Mop m : h.mops.get(w[i])) {
                if (m instanceof Mop.Append a && a.key().equals(key)) {
                    if (a.value() == order[i]) {
                        break;
                    }
                    previous = a.value();
                    hasPrevious = true;
                }
            }
            if (hasPrevious) {
                int at = position.get(k, previous);
                if (at < 0 || at > i) {
                    int t = w[i];
                    long before = previous;
                    long after = order[i];
                    findings.add("incompatible-order", List.of(t, reader), () -> h.ops.get(reader).describe()
                            + " shows " + after + (at < 0 ? " without " + before : " before " + before) + " in " + key
                            + ", but " + h.ops.get(t).describe() + " appended " + before + " first");
                }
            }
        }
    }

    private static long[] append(long[] a, long v) {
        long[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    private static boolean endsWith(long[] v, long[] suffix) {
        if (suffix.length > v.length) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (v[v.length - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }
}
