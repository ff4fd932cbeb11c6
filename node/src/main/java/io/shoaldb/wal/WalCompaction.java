package io.shoaldb.wal;

import io.shoaldb.runtime.Disk;
import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.IoResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes what a durable snapshot made redundant: the oldest segments whose entries it covers and
 * every snapshot file but its own. Deletions run one at a time, oldest segment first, then one fsync
 * of the directory. A crash in between may bring any of them back; recovery copes, because every
 * resurrected segment holds only entries at or before the snapshot (see docs/wal.md). For the same
 * reason a failed deletion is no danger to the log: it is reported as a warning, the files stay, and
 * the next snapshot's compaction tries again.
 */
final class WalCompaction {

    private final Wal wal;
    private final Disk disk;
    private final String prefix;

    WalCompaction(Wal wal, Disk disk, String prefix) {
        this.wal = wal;
        this.disk = disk;
        this.prefix = prefix;
    }

    void run(List<Wal.Segment> segments, String keepSnapshot) {
        disk.list(listed -> {
            switch (listed) {
                case IoResult.Failed<List<String>> f -> wal.compactionFinished(List.of(), "list for compaction failed: "
                        + f.error() + " " + f.message());
                case IoResult.Ok<List<String>> ok -> {
                    List<String> victims = new ArrayList<>();
                    for (Wal.Segment s : segments) {
                        victims.add(s.name);
                    }
                    for (String name : ok.value()) {
                        if (WalFormat.snapshotIndexTerm(prefix, name) != null && !name.equals(keepSnapshot)) {
                            victims.add(name);
                        }
                    }
                    delete(victims, 0, segments, new ArrayList<>());
                }
            }
        });
    }

    private void delete(List<String> victims, int next, List<Wal.Segment> segments, List<Wal.Segment> deleted) {
        if (next == victims.size()) {
            if (victims.isEmpty()) {
                wal.compactionFinished(deleted, null);
                return;
            }
            disk.fsyncDirectory(r -> wal.compactionFinished(deleted, r instanceof IoResult.Failed<Void> f
                    ? "fsync directory after compaction failed: " + f.error() + " " + f.message() : null));
            return;
        }
        String name = victims.get(next);
        disk.delete(name, r -> {
            if (r instanceof IoResult.Failed<Void> f && f.error() != IoError.NOT_FOUND) {
                wal.compactionFinished(deleted, "delete " + name + " failed: " + f.error() + " " + f.message());
                return;
            }
            if (next < segments.size()) {
                deleted.add(segments.get(next));
            }
            delete(victims, next + 1, segments, deleted);
        });
    }
}
