package io.shoaldb.sim.raftkv;

import io.shoaldb.kv.KvNode;
import io.shoaldb.raft.Entry;
import io.shoaldb.raft.Raft;
import io.shoaldb.raft.Role;
import io.shoaldb.sim.SimulationView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks Raft's safety properties across all live nodes, continuously, by inspecting their state:
 * election safety (one leader per term, over the whole run), state-machine safety (every node commits
 * the same entry at an index), leader completeness (a leader elected after an entry committed holds
 * it) and log matching (equal index and term imply equal prefixes; checked over a bounded window
 * below the highest common point of every pair).
 */
final class RaftObserver {

    private static final int MATCH_SCAN_LIMIT = 256;
    private static final int MATCH_WINDOW = 32;

    private final TreeMap<Long, Integer> leaderOfTerm = new TreeMap<>();
    private final TreeMap<Long, Entry> committed = new TreeMap<>();
    /** index -> highest term with a known leader when the commit was first observed. */
    private final TreeMap<Long, Long> committedBefore = new TreeMap<>();
    /** node -> {incarnation, commit index checked up to}. */
    private final TreeMap<Integer, long[]> checkedCommit = new TreeMap<>();
    private long checks;

    long checks() {
        return checks;
    }

    long leaderTerms() {
        return leaderOfTerm.size();
    }

    long committedEntries() {
        return committed.isEmpty() ? 0 : committed.lastKey();
    }

    void check(SimulationView view) {
        checks++;
        List<Raft> live = new ArrayList<>();
        for (int id : view.nodeIds()) {
            if (view.process(id) instanceof KvNode n && n.isRunning()) {
                Raft r = n.raft();
                live.add(r);
                checkLeader(r);
                checkCommitted(r, view.incarnation(id));
            }
        }
        for (int i = 0; i < live.size(); i++) {
            for (int j = i + 1; j < live.size(); j++) {
                checkLogMatching(live.get(i), live.get(j));
            }
        }
    }

    private void checkLeader(Raft r) {
        if (r.role() != Role.LEADER) {
            return;
        }
        Integer prior = leaderOfTerm.putIfAbsent(r.term(), r.id());
        if (prior != null && prior != r.id()) {
            throw new AssertionError("election safety: nodes " + prior + " and " + r.id() + " both led term " + r.term());
        }
        if (prior == null) {
            // a new leader: it must hold every entry committed before its election
            for (Map.Entry<Long, Long> e : committedBefore.tailMap(r.firstIndex(), true).entrySet()) {
                if (e.getValue() < r.term()) {
                    Entry c = committed.get(e.getKey());
                    if (e.getKey() > r.lastIndex() || !r.entryAt(e.getKey()).equals(c)) {
                        throw new AssertionError("leader completeness: leader " + r.id() + " of term " + r.term()
                                + " lacks committed " + c);
                    }
                }
            }
        }
    }

    private void checkCommitted(Raft r, int incarnation) {
        long[] seen = checkedCommit.computeIfAbsent(r.id(), k -> new long[] {incarnation, 0});
        if (seen[0] != incarnation) {
            seen[0] = incarnation;
            seen[1] = 0;
        }
        long from = Math.max(seen[1] + 1, r.firstIndex());
        long maxLeaderTerm = leaderOfTerm.isEmpty() ? 0 : leaderOfTerm.lastKey();
        for (long idx = from; idx <= r.commitIndex(); idx++) {
            Entry e = r.entryAt(idx);
            Entry prior = committed.putIfAbsent(idx, e);
            if (prior == null) {
                committedBefore.put(idx, maxLeaderTerm);
            } else if (!prior.equals(e)) {
                throw new AssertionError("state-machine safety: node " + r.id() + " committed " + e + " at " + idx
                        + " where another node committed " + prior);
            }
        }
        seen[1] = Math.max(seen[1], r.commitIndex());
    }

    private static void checkLogMatching(Raft a, Raft b) {
        long lo = Math.max(a.firstIndex(), b.firstIndex());
        long hi = Math.min(a.lastIndex(), b.lastIndex());
        long top = -1;
        for (long i = hi; i >= lo && i > hi - MATCH_SCAN_LIMIT; i--) {
            if (a.termAt(i) == b.termAt(i)) {
                top = i;
                break;
            }
        }
        for (long i = Math.max(lo, top - MATCH_WINDOW); i <= top; i++) {
            if (!a.entryAt(i).equals(b.entryAt(i))) {
                throw new AssertionError("log matching: at index " + i + " node " + a.id() + " has " + a.entryAt(i)
                        + " and node " + b.id() + " has " + b.entryAt(i) + " below a common entry at " + top);
            }
        }
    }
}
