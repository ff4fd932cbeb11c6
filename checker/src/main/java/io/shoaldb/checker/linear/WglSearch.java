package io.shoaldb.checker.linear;

import io.shoaldb.checker.history.Op;
import io.shoaldb.checker.history.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Wing–Gong–Lowe search for one register (one partition), with Porcupine's memoisation: a
 * configuration (set of linearized operations, register state) that was already explored is never
 * explored again.
 *
 * <p>Calls and returns sit in one doubly linked list in real-time order. The search walks it: at a call it
 * tries to linearize that operation now (step the model, "lift" the call and its return out of the list,
 * restart from the head); at a return whose call is still in the list it backtracks, because that
 * operation had to take effect before it returned. Indeterminate (info) operations return at +∞, after
 * every ok return, so they may be linearized at any point after their invocation; they may also never
 * take effect, so the search succeeds as soon as every ok operation is linearized.
 *
 * <p>Single use, single thread.
 */
final class WglSearch {
    /** The outcome of one search. */
    enum Outcome { LINEARIZABLE, NOT_LINEARIZABLE, BUDGET_EXHAUSTED }

    private final List<Operation> ops;
    private final RegisterStep[] steps;
    private final boolean[] info;
    private final int n;
    private final int head;
    private final int tail;
    private final int[] next;
    private final int[] prev;
    private final long[] zobrist;
    private final long maxSteps;
    private final int maxCacheEntries;

    private long stepsTaken;
    private int cacheSize;

    // Best progress, for the explanation of a failure.
    private int bestDepth = -1;
    private int[] bestPrefix = new int[0];
    private long bestState = Op.NIL;
    private int bestBlocked = -1;
    private int[] bestCandidates = new int[0];

    /**
     * @param ops             ok and info operations of one register (fail operations and info reads removed)
     * @param maxSteps        search steps allowed before giving up with BUDGET_EXHAUSTED
     * @param maxCacheEntries memo entries allowed before giving up (bounds memory)
     */
    WglSearch(List<Operation> ops, long maxSteps, int maxCacheEntries) {
        if (maxSteps <= 0 || maxCacheEntries <= 0) {
            throw new IllegalArgumentException("budgets must be positive");
        }
        this.ops = List.copyOf(ops);
        this.n = ops.size();
        this.steps = new RegisterStep[n];
        this.info = new boolean[n];
        for (int i = 0; i < n; i++) {
            Operation o = ops.get(i);
            if (o.isFail() || (o.isInfo() && o.invoke() instanceof Op.Read)) {
                throw new IllegalArgumentException("fail operations and info reads must be removed first: " + o.describe());
            }
            steps[i] = RegisterStep.of(o);
            info[i] = o.isInfo();
        }
        this.maxSteps = maxSteps;
        this.maxCacheEntries = maxCacheEntries;
        this.head = 2 * n;
        this.tail = 2 * n + 1;
        this.next = new int[2 * n + 2];
        this.prev = new int[2 * n + 2];
        // Zobrist keys make the hash of the linearized set O(1) to update; seeded, so runs are reproducible.
        SplittableRandom rnd = new SplittableRandom(0x5eed_c0ffeeL);
        this.zobrist = new long[n];
        for (int i = 0; i < n; i++) {
            zobrist[i] = rnd.nextLong();
        }
        buildList();
    }

    private void buildList() {
        // Entry 2i is the call of op i, 2i+1 its return. Sort by time; info returns go last.
        Integer[] entries = new Integer[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            entries[i] = i;
        }
        Arrays.sort(entries, (x, y) -> {
            long tx = timeOf(x);
            long ty = timeOf(y);
            return tx != ty ? Long.compare(tx, ty) : Integer.compare(x, y);
        });
        int last = head;
        for (int e : entries) {
            next[last] = e;
            prev[e] = last;
            last = e;
        }
        next[last] = tail;
        prev[tail] = last;
        next[tail] = -1;
        prev[head] = -1;
    }

    private long timeOf(int entry) {
        Operation o = ops.get(entry >> 1);
        if ((entry & 1) == 0) {
            return o.invokeIndex();
        }
        return o.isInfo() ? Long.MAX_VALUE : o.completeIndex();
    }

    Outcome run() {
        int okRemaining = 0;
        for (boolean b : info) {
            if (!b) {
                okRemaining++;
            }
        }
        long[] bits = new long[(n + 63) >>> 6];
        long bitsHash = 0;
        HashSet<MemoKey> cache = new HashSet<>();
        int[] stackOp = new int[n];
        long[] stackState = new long[n];
        int depth = 0;
        long state = Op.NIL;
        int e = next[head];
        while (okRemaining > 0) {
            if (++stepsTaken > maxSteps || cacheSize > maxCacheEntries) {
                return Outcome.BUDGET_EXHAUSTED;
            }
            if (e == tail) {
                throw new IllegalStateException("walked off the list with " + okRemaining + " ok operations left");
            }
            int i = e >> 1;
            if ((e & 1) == 0) {
                RegisterStep s = steps[i];
                if (s.accepts(state)) {
                    long next2 = s.apply(state);
                    bits[i >>> 6] |= 1L << i;
                    bitsHash ^= zobrist[i];
                    MemoKey key = MemoKey.of(bits, next2, bitsHash);
                    if (cache.add(key)) {
                        cacheSize++;
                        stackOp[depth] = i;
                        stackState[depth] = state;
                        depth++;
                        state = next2;
                        if (!info[i]) {
                            okRemaining--;
                        }
                        lift(i);
                        e = next[head];
                        continue;
                    }
                    bits[i >>> 6] &= ~(1L << i);
                    bitsHash ^= zobrist[i];
                }
                e = next[e];
            } else {
                if (info[i]) {
                    // Only info returns remain ahead, yet ok operations are pending: impossible by construction.
                    throw new IllegalStateException("reached an info return with ok operations pending");
                }
                // The return of an operation not yet linearized: it cannot take effect any later.
                recordProgress(depth, stackOp, state, i);
                if (depth == 0) {
                    return Outcome.NOT_LINEARIZABLE;
                }
                depth--;
                int j = stackOp[depth];
                state = stackState[depth];
                bits[j >>> 6] &= ~(1L << j);
                bitsHash ^= zobrist[j];
                if (!info[j]) {
                    okRemaining++;
                }
                unlift(j);
                e = next[2 * j];
            }
        }
        return Outcome.LINEARIZABLE;
    }

    private void recordProgress(int depth, int[] stackOp, long state, int blocked) {
        if (depth <= bestDepth) {
            return;
        }
        bestDepth = depth;
        bestPrefix = Arrays.copyOf(stackOp, depth);
        bestState = state;
        bestBlocked = blocked;
        List<Integer> candidates = new ArrayList<>();
        for (int e = next[head]; e != tail && candidates.size() < 8; e = next[e]) {
            if ((e & 1) == 0) {
                candidates.add(e >> 1);
            } else if (e >> 1 == blocked) {
                break;
            }
        }
        bestCandidates = candidates.stream().mapToInt(Integer::intValue).toArray();
    }

    private void lift(int i) {
        unlink(2 * i);
        unlink(2 * i + 1);
    }

    private void unlift(int i) {
        relink(2 * i + 1);
        relink(2 * i);
    }

    private void unlink(int e) {
        next[prev[e]] = next[e];
        prev[next[e]] = prev[e];
    }

    private void relink(int e) {
        next[prev[e]] = e;
        prev[next[e]] = e;
    }

    long stepsTaken() {
        return stepsTaken;
    }

    int cacheSize() {
        return cacheSize;
    }

    /** Printable explanation of a NOT_LINEARIZABLE outcome, and the operation ids it names. */
    Explanation explain(String partition) {
        if (bestBlocked < 0) {
            throw new IllegalStateException("explain() after a successful or unfinished search");
        }
        StringBuilder b = new StringBuilder();
        List<Integer> ids = new ArrayList<>();
        b.append(partition).append(": no linearization exists. The longest linearizable prefix has ")
                .append(bestDepth).append(" of ").append(n).append(" operations");
        int from = Math.max(0, bestPrefix.length - 4);
        if (bestPrefix.length > 0) {
            b.append("; it ends with:");
            for (int k = from; k < bestPrefix.length; k++) {
                Operation o = ops.get(bestPrefix[k]);
                b.append("\n    ").append(o.describe());
                ids.add(o.id());
            }
        }
        b.append("\n  leaving the register at ").append(RegisterStep.show(bestState)).append(". Then ")
                .append(ops.get(bestBlocked).describe())
                .append(" must take effect before it returns, but no operation that may come next can:");
        for (int c : bestCandidates) {
            Operation o = ops.get(c);
            b.append("\n    ").append(o.describe()).append(steps[c].accepts(bestState) ? "  (possible here, but leads nowhere)"
                    : "  (impossible in state " + RegisterStep.show(bestState) + ")");
            if (!ids.contains(o.id())) {
                ids.add(o.id());
            }
        }
        if (!ids.contains(ops.get(bestBlocked).id())) {
            ids.add(ops.get(bestBlocked).id());
        }
        return new Explanation(b.toString(), ids);
    }

    record Explanation(String text, List<Integer> operationIds) {
    }

    /**
     * A memo entry: the linearized set and the state it led to. The set is stored compactly: words below
     * {@code fullWords} are all ones (the search linearizes roughly in time order, so the set is mostly a
     * full prefix) and {@code rest} holds the words from there to the last non-zero one, so an entry costs
     * a few words instead of n/64. {@code bitsHash} is the Zobrist hash of the whole set.
     */
    private record MemoKey(int fullWords, long[] rest, long state, long bitsHash) {
        static MemoKey of(long[] bits, long state, long bitsHash) {
            int lo = 0;
            while (lo < bits.length && bits[lo] == -1L) {
                lo++;
            }
            int hi = bits.length;
            while (hi > lo && bits[hi - 1] == 0L) {
                hi--;
            }
            return new MemoKey(lo, Arrays.copyOfRange(bits, lo, hi), state, bitsHash);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MemoKey k && k.state == state && k.bitsHash == bitsHash && k.fullWords == fullWords
                    && Arrays.equals(k.rest, rest);
        }

        @Override
        public int hashCode() {
            long h = bitsHash ^ (state * 0x9E3779B97F4A7C15L);
            return (int) (h ^ (h >>> 32));
        }
    }
}
