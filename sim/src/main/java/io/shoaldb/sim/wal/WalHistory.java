package io.shoaldb.sim.wal;

import io.shoaldb.wal.Recovered;
import io.shoaldb.wal.WalEntry;
import io.shoaldb.wal.WalHardState;
import io.shoaldb.wal.WalSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One node's WAL as the workload knows it: the state its last recovery returned, the records issued
 * since in write order, and how many of them have been acknowledged. A recovery must return the state
 * after some prefix of the issued records at least as long as the acknowledged part.
 */
final class WalHistory {

    /** One record the WAL writes, in order. */
    sealed interface Step {
        record Hard(WalHardState state) implements Step {
        }

        record Append(WalEntry entry) implements Step {
        }

        record Snap(WalSnapshot snapshot) implements Step {
        }
    }

    /** The logical contents of a WAL. */
    static final class State {
        WalHardState hardState = WalHardState.INITIAL;
        WalSnapshot snapshot;
        final TreeMap<Long, WalEntry> log = new TreeMap<>();

        static State of(Recovered r) {
            State s = new State();
            s.hardState = r.hardState();
            s.snapshot = r.snapshot().orElse(null);
            for (WalEntry e : r.entries()) {
                s.log.put(e.index(), e);
            }
            return s;
        }

        State copy() {
            State s = new State();
            s.hardState = hardState;
            s.snapshot = snapshot;
            s.log.putAll(log);
            return s;
        }

        long snapshotIndex() {
            return snapshot == null ? 0 : snapshot.index();
        }

        long lastIndex() {
            return log.isEmpty() ? snapshotIndex() : log.lastKey();
        }

        long termAt(long index) {
            if (index == snapshotIndex()) {
                return snapshot == null ? 0 : snapshot.term();
            }
            WalEntry e = log.get(index);
            return e == null ? -1 : e.term();
        }

        void apply(Step step) {
            switch (step) {
                case Step.Hard h -> hardState = h.state();
                case Step.Append a -> {
                    log.tailMap(a.entry().index(), true).clear();
                    log.put(a.entry().index(), a.entry());
                }
                case Step.Snap s -> {
                    if (termAt(s.snapshot().index()) == s.snapshot().term()) {
                        log.headMap(s.snapshot().index(), true).clear();
                    } else {
                        log.clear();
                    }
                    snapshot = s.snapshot();
                }
            }
        }

        boolean sameAs(Recovered r) {
            return hardState.equals(r.hardState()) && new ArrayList<>(log.values()).equals(r.entries())
                    && Optional.ofNullable(snapshot).map(WalSnapshot::index).equals(r.snapshot().map(WalSnapshot::index))
                    && (snapshot == null || (snapshot.term() == r.snapshot().get().term()
                    && Arrays.equals(snapshot.data(), r.snapshot().get().data())));
        }
    }

    private State base = new State();
    private final List<Step> issued = new ArrayList<>();
    private int acked;
    private boolean open;

    /** Checks a recovery; returns null if it is consistent, else what is wrong. Then starts afresh from it. */
    String recovered(Recovered r) {
        String problem = null;
        State s = base.copy();
        boolean matched = false;
        for (int i = 0; i <= issued.size() && !matched; i++) {
            if (i >= acked && s.sameAs(r)) {
                matched = true;
            } else if (i < issued.size()) {
                s.apply(issued.get(i));
            }
        }
        if (!matched) {
            problem = "recovered " + describe(r) + " is not the state after " + acked + ".." + issued.size()
                    + " of the " + issued.size() + " records issued since the last recovery (acknowledged: " + acked + ")";
        }
        base = State.of(r);
        issued.clear();
        acked = 0;
        open = true;
        return problem;
    }

    /** Records issued by a save; returns the issued count that acknowledges it. */
    int issue(List<Step> steps) {
        issued.addAll(steps);
        return issued.size();
    }

    void acknowledged(int upTo) {
        if (upTo < acked) {
            throw new AssertionError("acknowledgements out of order: " + upTo + " after " + acked);
        }
        acked = upTo;
    }

    boolean isOpen() {
        return open;
    }

    static String describe(Recovered r) {
        List<WalEntry> e = r.entries();
        return "{hardState=" + r.hardState() + " snapshot=" + r.snapshot().map(s -> s.index() + "@" + s.term()).orElse("none")
                + " entries=" + (e.isEmpty() ? "none" : e.getFirst().index() + ".." + e.getLast().index()
                + " last term " + e.getLast().term()) + "}";
    }
}
