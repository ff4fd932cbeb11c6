package io.shoaldb.sim.wal;

import io.shoaldb.wal.Recovered;
import io.shoaldb.wal.WalEntry;
import io.shoaldb.wal.WalImage;
import java.util.ArrayList;
import java.util.List;

/**
 * One node's WAL as the workload knows it: the state its last recovery returned, the records issued
 * since in write order, and how many of them have been acknowledged. A recovery must return the state
 * after some prefix of the issued records at least as long as the acknowledged part.
 */
final class WalHistory {

    private WalImage base = new WalImage();
    private final List<WalImage.Step> issued = new ArrayList<>();
    private int acked;
    private boolean open;

    /** Checks a recovery; returns null if it is consistent, else what is wrong. Then starts afresh from it. */
    String recovered(Recovered r) {
        String problem = null;
        if (!WalImage.matchesSomePrefix(base, issued, acked, r)) {
            problem = "recovered " + describe(r) + " is not the state after " + acked + ".." + issued.size()
                    + " of the " + issued.size() + " records issued since the last recovery (acknowledged: " + acked + ")";
        }
        base = WalImage.of(r);
        issued.clear();
        acked = 0;
        open = true;
        return problem;
    }

    /** Records issued by a save; returns the issued count that acknowledges it. */
    int issue(List<WalImage.Step> steps) {
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
