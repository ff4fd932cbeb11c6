package io.shoaldb.wal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The logical contents of a WAL as a plain value, and the meaning of each record applied to it. The WAL
 * itself never uses it: it is the reference that the property tests and the simulator's WAL workload
 * compare a recovery against, so both judge recoveries by one definition.
 */
public final class WalImage {

    /** One record of the issued stream, in the order the WAL writes it. */
    public sealed interface Step {
        record Hard(WalHardState state) implements Step {
        }

        record Append(WalEntry entry) implements Step {
        }

        record Snap(WalSnapshot snapshot) implements Step {
        }
    }

    private WalHardState hardState = WalHardState.INITIAL;
    private WalSnapshot snapshot;
    private final TreeMap<Long, WalEntry> log = new TreeMap<>();

    /** An empty WAL. */
    public WalImage() {
    }

    public static WalImage of(Recovered r) {
        WalImage m = new WalImage();
        m.hardState = r.hardState();
        m.snapshot = r.snapshot().orElse(null);
        for (WalEntry e : r.entries()) {
            m.log.put(e.index(), e);
        }
        return m;
    }

    public WalImage copy() {
        WalImage m = new WalImage();
        m.hardState = hardState;
        m.snapshot = snapshot;
        m.log.putAll(log);
        return m;
    }

    public WalHardState hardState() {
        return hardState;
    }

    public long snapshotIndex() {
        return snapshot == null ? 0 : snapshot.index();
    }

    public long lastIndex() {
        return log.isEmpty() ? snapshotIndex() : log.lastKey();
    }

    /** The term of the last entry in the log, 0 if the log is empty. */
    public long lastLogTerm() {
        return log.isEmpty() ? 0 : log.lastEntry().getValue().term();
    }

    /** The term at {@code index}: the snapshot's at its index, -1 where there is no entry. */
    public long termAt(long index) {
        if (index == snapshotIndex()) {
            return snapshot == null ? 0 : snapshot.term();
        }
        WalEntry e = log.get(index);
        return e == null ? -1 : e.term();
    }

    public void apply(Step step) {
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

    public Recovered toRecovered() {
        return new Recovered(hardState, Optional.ofNullable(snapshot), new ArrayList<>(log.values()));
    }

    /** Whether {@code r} is the state after applying some prefix of {@code steps} to {@code base} of length at least {@code min}. */
    public static boolean matchesSomePrefix(WalImage base, List<Step> steps, int min, Recovered r) {
        WalImage m = base.copy();
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

    /** Equality of recoveries, comparing snapshot data by content. */
    public static boolean same(Recovered a, Recovered b) {
        return a.hardState().equals(b.hardState()) && a.entries().equals(b.entries())
                && a.snapshot().isPresent() == b.snapshot().isPresent()
                && (a.snapshot().isEmpty() || (a.snapshot().get().index() == b.snapshot().get().index()
                && a.snapshot().get().term() == b.snapshot().get().term()
                && a.snapshot().get().data().equals(b.snapshot().get().data())));
    }
}
