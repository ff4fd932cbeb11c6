package io.shoaldb.wal;

import java.util.List;
import java.util.Optional;

/**
 * What {@link Wal#open} found on disk: the last durable hard state, the latest snapshot (verified by
 * its checksum) and the log entries after it, contiguous from {@code snapshot.index + 1} (or from 1).
 */
public record Recovered(WalHardState hardState, Optional<WalSnapshot> snapshot, List<WalEntry> entries) {

    public Recovered {
        entries = List.copyOf(entries);
        long expected = snapshot.map(WalSnapshot::index).orElse(0L) + 1;
        for (WalEntry e : entries) {
            if (e.index() != expected) {
                throw new IllegalArgumentException("recovered entries must be contiguous from " + expected + ", found " + e.index());
            }
            expected++;
        }
    }

    /** Index of the last entry, or of the snapshot if there is no entry after it, or 0. */
    public long lastIndex() {
        return entries.isEmpty() ? snapshot.map(WalSnapshot::index).orElse(0L) : entries.getLast().index();
    }
}
