package io.shoaldb.checker.elle;

import io.shoaldb.checker.CheckResult;
import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.Mop;
import io.shoaldb.checker.history.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * Elle's read-write-register checker. Each value is written at most once per key, so a read names the
 * transaction it read from (wr edges). Writes are blind, so the version order is only partly known; it
 * is inferred from two facts that hold in every serializable execution:
 * <ul>
 *   <li>nil, the initial version, precedes every write: a reader of nil has an rw edge to every writer;</li>
 *   <li>a transaction that read v1 from a key and then wrote v2 to it installed v2 after v1 (Elle's
 *       {@code wfr-keys}): ww from v1's writer, rw from v1's other readers.</li>
 * </ul>
 * With strict serializability, real time orders writes too: a write invoked after another completed
 * installs a later version. Only a transaction's external reads (before its own write of the key) count
 * as reads of others' writes.
 * Reported without cycles: {@code garbage-read}, {@code internal}, {@code G1a}, {@code G1b}. This finds
 * fewer anomalies than list-append, by construction.
 */
public final class RwRegisterChecker {
    /** Bound on rw edges from readers of nil to writers, per key; beyond it they are skipped (sound). */
    private static final int MAX_NIL_EDGES_PER_KEY = 100_000;
    /** Bound on real-time-inferred rw edges per read (sound to skip, see addRealtimeVersionEdges). */
    private static final int MAX_STALE_WRITERS_PER_READ = 8;

    private final ElleOptions options;

    public RwRegisterChecker(ElleOptions options) {
        this.options = options;
    }

    public CheckResult check(History history) {
        TxnHistory h = new TxnHistory(history);
        Findings findings = new Findings(options.maxAnomaliesPerType());
        List<Operation> ops = h.ops;
        int n = ops.size();
        int keys = h.keyCount();

        KeyValueIndex writer = new KeyValueIndex(Math.max(16, n));
        IntList[] writersOfKey = new IntList[keys];
        for (int t = 0; t < n; t++) {
            for (Mop m : h.mops.get(t)) {
                if (m instanceof Mop.Write w) {
                    int k = h.keyId(w.key());
                    int prev = writer.putIfAbsent(k, w.value(), t);
                    if (prev >= 0) {
                        throw new IllegalArgumentException("rw-register needs unique writes per key, but "
                                + ops.get(prev).describe() + " and " + ops.get(t).describe() + " both write "
                                + w.value() + " to " + w.key());
                    }
                    if (writersOfKey[k] == null) {
                        writersOfKey[k] = new IntList(2);
                    }
                    IntList ws = writersOfKey[k];
                    if (ws.size() == 0 || ws.get(ws.size() - 1) != t) {
                        ws.add(t);
                    }
                } else if (!(m instanceof Mop.ReadRegister)) {
                    throw new IllegalArgumentException("operation " + ops.get(t).describe()
                            + " is not a rw-register transaction (w / r)");
                }
            }
        }

        // External reads of committed transactions: (reader, key, value), value NIL for nil.
        IntList readT = new IntList(n);
        IntList readK = new IntList(n);
        List<Long> readV = new ArrayList<>(n);
        // Reads followed by a write of the same key in the same transaction: (t, key, value read).
        IntList wfrT = new IntList(16);
        IntList wfrK = new IntList(16);
        List<Long> wfrV = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            if (ops.get(t).isOk()) {
                scanTransaction(h, t, findings, readT, readK, readV, wfrT, wfrK, wfrV);
            }
        }

        // Readers of each (key, value), for the rw edges the version order implies.
        KeyValueIndex slotOf = new KeyValueIndex(Math.max(16, readT.size()));
        List<IntList> readersOfSlot = new ArrayList<>();
        IntList[] nilReaders = new IntList[keys];
        for (int i = 0; i < readT.size(); i++) {
            int k = readK.get(i);
            long v = readV.get(i);
            if (v == io.shoaldb.checker.history.Op.NIL) {
                if (nilReaders[k] == null) {
                    nilReaders[k] = new IntList(2);
                }
                nilReaders[k].add(readT.get(i));
                continue;
            }
            int slot = slotOf.putIfAbsent(k, v, readersOfSlot.size());
            if (slot < 0) {
                slot = readersOfSlot.size();
                readersOfSlot.add(new IntList(2));
            }
            readersOfSlot.get(slot).add(readT.get(i));
        }

        DependencyGraph graph = new DependencyGraph(n, readT.size() * 3 + n * 4);
        for (int i = 0; i < readT.size(); i++) {
            int t = readT.get(i);
            int k = readK.get(i);
            long v = readV.get(i);
            if (v == io.shoaldb.checker.history.Op.NIL) {
                continue;
            }
            int w = writer.get(k, v);
            String key = h.keyNames.get(k);
            if (w < 0) {
                findings.add("garbage-read", List.of(t), () -> ops.get(t).describe() + " read " + v + " from " + key
                        + ", which no transaction wrote");
                continue;
            }
            if (w == t) {
                // An external read precedes the transaction's own writes of the key, so it cannot see them.
                findings.add("internal", List.of(t), () -> ops.get(t).describe() + " read " + v + " from " + key
                        + " before writing it itself");
                continue;
            }
            if (ops.get(w).isFail()) {
                findings.add("G1a", List.of(w, t), () -> ops.get(t).describe() + " read " + v + " from " + key
                        + ", written by failed " + ops.get(w).describe());
                continue;
            }
            if (lastWrite(h, w, key) != v) {
                findings.add("G1b", List.of(w, t), () -> ops.get(t).describe() + " read " + v + " from " + key
                        + ", an intermediate write of " + ops.get(w).describe());
            }
            graph.addEdge(w, t, DependencyGraph.WR, k);
        }
        // nil precedes every write.
        for (int k = 0; k < keys; k++) {
            if (nilReaders[k] == null || writersOfKey[k] == null) {
                continue;
            }
            int added = 0;
            outer:
            for (int i = 0; i < nilReaders[k].size(); i++) {
                int r = nilReaders[k].get(i);
                for (int j = 0; j < writersOfKey[k].size(); j++) {
                    int w = writersOfKey[k].get(j);
                    if (w != r && h.mayHaveCommitted(w)) {
                        if (++added > MAX_NIL_EDGES_PER_KEY) {
                            break outer;
                        }
                        graph.addEdge(r, w, DependencyGraph.RW, k);
                    }
                }
            }
        }
        // A write follows the version its transaction read.
        for (int i = 0; i < wfrT.size(); i++) {
            int t = wfrT.get(i);
            int k = wfrK.get(i);
            long v = wfrV.get(i);
            if (v == io.shoaldb.checker.history.Op.NIL) {
                continue;
            }
            int w = writer.get(k, v);
            if (w >= 0 && w != t && h.mayHaveCommitted(w)) {
                graph.addEdge(w, t, DependencyGraph.WW, k);
            }
            int slot = slotOf.get(k, v);
            if (slot >= 0) {
                IntList rs = readersOfSlot.get(slot);
                for (int j = 0; j < rs.size(); j++) {
                    if (rs.get(j) != t) {
                        graph.addEdge(rs.get(j), t, DependencyGraph.RW, k);
                    }
                }
            }
        }
        if (options.strict()) {
            addRealtimeVersionEdges(h, writer, writersOfKey, readT, readK, readV, graph);
        }
        return CycleAnalysis.conclude(h, graph, options, findings);
    }

    /**
     * Under strict serializability, a write W2 invoked after W1 completed installs a later version than
     * W1's (Elle's {@code linearizable-keys}). So a transaction R that read W1's value precedes W2: an rw
     * edge R → W2. To stay linear, at most {@link #MAX_STALE_WRITERS_PER_READ} such W2 are linked per read:
     * the first invoked after W1 completed (the likeliest next versions) and the last completed before R
     * was invoked (they make stale reads visible as cycles with the real-time edge W2 → R).
     */
    private static void addRealtimeVersionEdges(TxnHistory h, KeyValueIndex writer, IntList[] writersOfKey,
                                                IntList readT, IntList readK, List<Long> readV, DependencyGraph graph) {
        List<Operation> ops = h.ops;
        int[][] byCompletion = new int[writersOfKey.length][];
        int[][] byInvocation = new int[writersOfKey.length][];
        for (int k = 0; k < writersOfKey.length; k++) {
            if (writersOfKey[k] == null) {
                continue;
            }
            IntList ws = writersOfKey[k];
            int okCount = 0;
            for (int i = 0; i < ws.size(); i++) {
                okCount += ops.get(ws.get(i)).isOk() ? 1 : 0;
            }
            int[] sorted = new int[okCount];
            int at = 0;
            for (int i = 0; i < ws.size(); i++) {
                if (ops.get(ws.get(i)).isOk()) {
                    sorted[at++] = ws.get(i);
                }
            }
            byInvocation[k] = sorted.clone(); // ids are in invocation order
            // Completion order differs from invocation order.
            Integer[] boxed = java.util.Arrays.stream(sorted).boxed().toArray(Integer[]::new);
            java.util.Arrays.sort(boxed, (a, b) -> Integer.compare(ops.get(a).completeIndex(), ops.get(b).completeIndex()));
            for (int i = 0; i < boxed.length; i++) {
                sorted[i] = boxed[i];
            }
            byCompletion[k] = sorted;
        }
        for (int i = 0; i < readT.size(); i++) {
            int r = readT.get(i);
            int k = readK.get(i);
            long v = readV.get(i);
            if (v == io.shoaldb.checker.history.Op.NIL || byCompletion[k] == null) {
                continue; // nil already precedes every write
            }
            int w1 = writer.get(k, v);
            if (w1 < 0 || !ops.get(w1).isOk()) {
                continue;
            }
            int[] ws = byCompletion[k];
            int w1Done = ops.get(w1).completeIndex();
            int rInvoked = ops.get(r).invokeIndex();
            // The last writer that completed before r was invoked, then earlier ones.
            int lo = 0;
            int hi = ws.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ops.get(ws[mid]).completeIndex() < rInvoked) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int linked = 0;
            // The first writers invoked after w1 completed: the likeliest next versions.
            int[] byInvoke = byInvocation[k];
            int a = 0;
            int b = byInvoke.length;
            while (a < b) {
                int mid = (a + b) >>> 1;
                if (ops.get(byInvoke[mid]).invokeIndex() <= w1Done) {
                    a = mid + 1;
                } else {
                    b = mid;
                }
            }
            for (int j = a; j < byInvoke.length && linked < MAX_STALE_WRITERS_PER_READ / 2; j++) {
                if (byInvoke[j] != r && byInvoke[j] != w1) {
                    graph.addEdge(r, byInvoke[j], DependencyGraph.RW, k);
                    linked++;
                }
            }
            // The last writers that completed before r was invoked: these make stale reads visible.
            for (int j = lo - 1; j >= 0 && linked < MAX_STALE_WRITERS_PER_READ; j--) {
                int w2 = ws[j];
                if (ops.get(w2).completeIndex() <= w1Done) {
                    break; // every earlier writer completed before w1 did, so none was invoked after it
                }
                if (w2 != r && w2 != w1 && ops.get(w2).invokeIndex() > w1Done) {
                    graph.addEdge(r, w2, DependencyGraph.RW, k);
                    linked++;
                }
            }
        }
    }

    /** Checks internal consistency and collects external reads and write-follows-read pairs. */
    private static void scanTransaction(TxnHistory h, int t, Findings findings, IntList readT, IntList readK,
                                        List<Long> readV, IntList wfrT, IntList wfrK, List<Long> wfrV) {
        List<Mop> mops = h.mops.get(t);
        List<String> keys = new ArrayList<>(4);
        List<Long> state = new ArrayList<>(4);   // the value this transaction knows the key holds
        List<Boolean> wrote = new ArrayList<>(4);
        for (Mop m : mops) {
            int i = keys.indexOf(m.key());
            if (i < 0) {
                keys.add(m.key());
                state.add(null);
                wrote.add(false);
                i = keys.size() - 1;
            }
            switch (m) {
                case Mop.Write w -> {
                    if (!wrote.get(i) && state.get(i) != null) {
                        // Written after an external read: the write follows the version read.
                        wfrT.add(t);
                        wfrK.add(h.keyId(w.key()));
                        wfrV.add(state.get(i));
                    }
                    state.set(i, w.value());
                    wrote.set(i, true);
                }
                case Mop.ReadRegister r -> {
                    long v = r.value() == null ? io.shoaldb.checker.history.Op.NIL : r.value();
                    Long expected = state.get(i);
                    if (expected != null && expected != v) {
                        String show = expected == io.shoaldb.checker.history.Op.NIL ? "nil" : expected.toString();
                        findings.add("internal", List.of(t), () -> h.ops.get(t).describe() + ": read " + r.key() + " = "
                                + (r.value() == null ? "nil" : r.value()) + " but its own earlier operations imply " + show);
                    } else if (expected == null) {
                        readT.add(t);
                        readK.add(h.keyId(r.key()));
                        readV.add(v);
                    }
                    state.set(i, v);
                }
                default -> throw new IllegalArgumentException("not a rw-register micro-operation: " + m);
            }
        }
    }

    private static long lastWrite(TxnHistory h, int t, String key) {
        long last = 0;
        boolean any = false;
        for (Mop m : h.mops.get(t)) {
            if (m instanceof Mop.Write w && w.key().equals(key)) {
                last = w.value();
                any = true;
            }
        }
        if (!any) {
            throw new IllegalStateException("transaction " + t + " never wrote " + key);
        }
        return last;
    }
}
