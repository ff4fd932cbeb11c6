package io.shoaldb.wal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The logical contents of a WAL as a plain value, and the meaning of each record applied to it: the
 * reference the property tests compare recovery against.
 */
final class WalModel {

    /** One record of the issued stream, in the order the WAL writes it. */
    sealed interface Step {
        record Hard(WalHardState state) implements Step {
        }

        record Append(WalEntry entry) implements Step {
        }

        record Snap(WalSnapshot snapshot) implements Step {
        }
    }

    WalHardState hardState = WalHardState.INITIAL;
    WalSnapshot snapshot;
    final TreeMap<Long, WalEntry> log = new TreeMap<>();

    static WalModel of(Recovered r) {
        WalModel m = new WalModel();
        m.hardState = r.hardState();
        m.snapshot = r.snapshot().orElse(null);
        for (WalEntry e : r.entries()) {
            m.log.put(e.index(), e);
        }
        return m;
    }

    WalModel copy() {
        WalModel m = new WalModel();
        m.hardState = hardState;
        m.snapshot = snapshot;
        m.log.putAll(log);
        return m;
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

    Recovered toRecovered() {
        return new Recovered(hardState, Optional.ofNullable(snapshot), new ArrayList<>(log.values()));
    }

    /** Whether {@code r} equals the state after applying some prefix of {@code steps} of length at least {@code min}. */
    static boolean matchesSomePrefix(WalModel base, List<Step> steps, int min, Recovered r) {
        WalModel m = base.copy();
        for (int i = 0; i <= steps.size(); i++) {
            if (i >= min && same(m.toRecovered(), r)) {
                return true;
            }
            if (i < steps.size()) {
                m.apply(steps.get(i));
            }
        }
        return false;
    }

    static boolean same(Recovered a, Recovered b) {
        return a.hardState().equals(b.hardState()) && a.entries().equals(b.entries())
                && a.snapshot().isPresent() == b.snapshot().isPresent()
                && (a.snapshot().isEmpty() || (a.snapshot().get().index() == b.snapshot().get().index()
                && a.snapshot().get().term() == b.snapshot().get().term()
                && Arrays.equals(a.snapshot().get().data(), b.snapshot().get().data())));
    }
}
