package io.shoaldb.wal;

import io.shoaldb.runtime.Disk;
import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.IoResult;
import io.shoaldb.runtime.Scheduler;
import io.shoaldb.runtime.Trace;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The write-ahead log of one Raft group on one node, for a host that follows etcd's Ready model.
 *
 * <pre>{@code
 * Wal.open(disk, scheduler, trace, WalConfig.of(clusterId, nodeId), result -> switch (result) {
 *     case OpenResult.Opened o -> restore raft from o.recovered(), keep o.wal()
 *     case OpenResult.Refused r -> log r.message() and refuse to start
 * });
 * // for every Ready: persist first, then send messages and Advance
 * wal.save(ready.hardState(), ready.entries(), ready.snapshot(), r -> {
 *     if (r instanceof SaveResult.Durable) { send messages; raft.advance(); } else { stop the node }
 * });
 * // after the state machine took a snapshot at its applied index: compacts the log before it
 * wal.save(null, List.of(), localSnapshot, r -> ...);
 * }</pre>
 *
 * <p>Rules: a save completes with {@link SaveResult.Durable} only after an fsync of everything it
 * carried has completed; saves complete in the order they were made. Saves made while a write or
 * fsync is in flight are queued and written together by the next group commit (one append and one
 * data fsync for the batch, at most {@link WalConfig#maxBatchBytes()} bytes, or one larger save alone,
 * then one fsynced state-slot copy naming the batch's end as the log's durable point). Entries whose index is at or
 * below the last saved index replace the conflicting suffix from that index on. A snapshot is written
 * to its own file atomically (temp file, fsync, rename, fsync of the directory) before its marker
 * enters the log; once the marker is durable, segments wholly before the snapshot and older snapshot
 * files are deleted. After any disk failure the WAL stops and fails every save: the node must restart
 * and recover from what is durable.
 *
 * <p>All methods must be called on the node's event loop; all callbacks are delivered there, never
 * from inside {@link #save}.
 */
public final class Wal {

    /** One segment file of the log, in sequence order. */
    static final class Segment {
        final long seq;
        final String name;
        /** The highest entry index written into this segment, 0 if none; decides when it may be deleted. */
        long maxEntryIndex;

        Segment(long seq, String name, long maxEntryIndex) {
            this.seq = seq;
            this.name = name;
            this.maxEntryIndex = maxEntryIndex;
        }
    }

    private record PendingSave(List<WalFormat.Record> records, WalSnapshot snapshot, int sizeBytes,
                               Consumer<SaveResult> done) {
    }

    private final Disk disk;
    private final Scheduler scheduler;
    private final Trace trace;
    private final WalConfig config;

    /** Live segments in sequence order; the last one is the one being appended to. */
    private final List<Segment> segments;
    private long activeSizeBytes;

    /** The log as the accepted saves will leave it; checks each new save against Raft's rules. */
    private final LogTerms acceptedLog;
    private WalHardState acceptedHardState;

    /** What the records handed to the disk so far say; a new segment starts with this state. */
    private WalHardState writtenHardState;
    private long writtenSnapshotIndex;
    private long writtenSnapshotTerm;
    /** Index of the last entry written; only names a new segment's first index (informational). */
    private long writtenLastIndex;

    /** The snapshot whose marker is durable, and whose file therefore must be kept; null if none. */
    private String durableSnapshotFile;
    private long durableSnapshotIndex;

    private final ArrayDeque<PendingSave> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean compactionDue;
    private String failure;

    private long fsyncCount;
    private long stateFsyncCount;
    private long batchCount;

    /** Sequence number of the next state-slot copy to write ({@link StateSlots}). */
    private long nextSlotSeq;

    /**
     * Whether the next write starts a new segment. After recovery it always does, so that the active
     * segment begins with the current hard state and snapshot marker even if the recovered last segment
     * lost them to a torn write; compaction may then delete every older segment.
     */
    private boolean rollPending;

    Wal(Disk disk, Scheduler scheduler, Trace trace, WalConfig config, List<Segment> segments, long activeSizeBytes,
        Recovered recovered, boolean rollFirst, long nextSlotSeq) {
        this.rollPending = rollFirst;
        this.nextSlotSeq = nextSlotSeq;
        this.disk = disk;
        this.scheduler = scheduler;
        this.trace = trace;
        this.config = config;
        this.segments = new ArrayList<>(segments);
        this.activeSizeBytes = activeSizeBytes;
        long snapIndex = recovered.snapshot().map(WalSnapshot::index).orElse(0L);
        long snapTerm = recovered.snapshot().map(WalSnapshot::term).orElse(0L);
        this.acceptedLog = new LogTerms(snapIndex, snapTerm);
        for (WalEntry e : recovered.entries()) {
            acceptedLog.append(e.index(), e.term());
        }
        this.acceptedHardState = recovered.hardState();
        this.writtenHardState = recovered.hardState();
        this.writtenSnapshotIndex = snapIndex;
        this.writtenSnapshotTerm = snapTerm;
        this.writtenLastIndex = recovered.lastIndex();
        this.durableSnapshotIndex = snapIndex;
        this.durableSnapshotFile = recovered.snapshot().isEmpty() ? null
                : WalFormat.snapshotName(config.filePrefix(), snapIndex, snapTerm);
        if (this.segments.isEmpty()) {
            throw new IllegalArgumentException("a WAL needs at least one segment");
        }
    }

    /**
     * Recovers the log in the directory (or initialises an empty one) and completes with the WAL and
     * what it holds, or with a refusal to start. See docs/wal.md for the recovery algorithm.
     */
    public static void open(Disk disk, Scheduler scheduler, Trace trace, WalConfig config, Consumer<OpenResult> done) {
        new WalRecovery(Objects.requireNonNull(disk), Objects.requireNonNull(scheduler), Objects.requireNonNull(trace),
                Objects.requireNonNull(config), Objects.requireNonNull(done)).start();
    }

    /**
     * Makes a Ready's state durable and then completes {@code done} with {@link SaveResult.Durable}.
     * The snapshot, if any, is applied first, then the entries, then the hard state.
     *
     * @param hardState the new hard state, or null if unchanged; its term never decreases and a vote,
     *                  once cast in a term, never changes within it
     * @param entries   consecutive entries; the first at most one past the last saved index and after
     *                  the snapshot; entries from an index on replace those saved before from there
     * @param snapshot  a snapshot newer than the last one saved, or null; if the log holds its last
     *                  entry with the same term the entries after it stay, otherwise the log restarts
     *                  after it (Raft's InstallSnapshot rule)
     * @throws IllegalArgumentException if the save breaks these rules (a programmer error in the host)
     */
    public void save(WalHardState hardState, List<WalEntry> entries, WalSnapshot snapshot, Consumer<SaveResult> done) {
        Objects.requireNonNull(entries, "entries");
        Objects.requireNonNull(done, "done");
        if (failure != null) {
            scheduler.execute(() -> done.accept(new SaveResult.Failed(failure)));
            return;
        }
        if (queue.size() >= config.maxQueuedSaves()) {
            trace.warn("wal save rejected: " + queue.size() + " saves queued");
            scheduler.execute(() -> done.accept(new SaveResult.Rejected(
                    "WAL overloaded: " + queue.size() + " saves already queued (limit " + config.maxQueuedSaves() + ")")));
            return;
        }
        List<WalFormat.Record> records = validate(hardState, entries, snapshot);
        long size = 0;
        for (WalFormat.Record r : records) {
            size += WalFormat.encodedSize(r);
        }
        if (size > config.maxSaveBytes()) {
            throw new IllegalArgumentException("save of " + size + " bytes exceeds the largest save " + config.maxSaveBytes()
                    + "; bound the entries of a Ready");
        }
        if (snapshot != null) {
            acceptedLog.applySnapshot(snapshot.index(), snapshot.term());
        }
        for (WalEntry e : entries) {
            acceptedLog.append(e.index(), e.term());
        }
        if (hardState != null) {
            acceptedHardState = hardState;
        }
        queue.add(new PendingSave(records, snapshot, (int) size, done));
        pump();
    }

    /** Checks a save against the accepted log without changing anything; returns its records. */
    private List<WalFormat.Record> validate(WalHardState hardState, List<WalEntry> entries, WalSnapshot snapshot) {
        List<WalFormat.Record> records = new ArrayList<>(entries.size() + 2);
        long snapIndex = acceptedLog.snapshotIndex();
        long lastIndex = acceptedLog.lastIndex();
        if (snapshot != null) {
            if (snapshot.index() <= snapIndex) {
                throw new IllegalArgumentException("snapshot " + snapshot.index() + " is not newer than saved snapshot " + snapIndex);
            }
            if (snapshot.data().length() > config.maxSnapshotBytes()) {
                throw new IllegalArgumentException("snapshot of " + snapshot.data().length() + " bytes exceeds maxSnapshotBytes "
                        + config.maxSnapshotBytes());
            }
            boolean keepsLog = acceptedLog.termAt(snapshot.index()) == snapshot.term();
            lastIndex = keepsLog ? lastIndex : snapshot.index();
            snapIndex = snapshot.index();
            records.add(new WalFormat.Record.Snapshot(snapshot.index(), snapshot.term(), keepsLog));
        }
        for (int i = 0; i < entries.size(); i++) {
            WalEntry e = Objects.requireNonNull(entries.get(i), "entry");
            if (i == 0 && (e.index() <= snapIndex || e.index() > lastIndex + 1)) {
                throw new IllegalArgumentException("entry " + e.index() + " does not continue the log (snapshot "
                        + snapIndex + ", last " + lastIndex + ")");
            }
            if (i == 0) {
                long before = snapshot != null && e.index() - 1 == snapshot.index() ? snapshot.term()
                        : acceptedLog.termAt(e.index() - 1);
                if (before > e.term()) {
                    throw new IllegalArgumentException("entry " + e + " has a term below " + before
                            + ", the term of the entry before it");
                }
            }
            if (i > 0 && (e.index() != entries.get(i - 1).index() + 1 || e.term() < entries.get(i - 1).term())) {
                throw new IllegalArgumentException("entries must be consecutive with non-decreasing terms: "
                        + entries.get(i - 1) + " then " + e);
            }
            records.add(new WalFormat.Record.Entry(e));
        }
        if (hardState != null) {
            if (hardState.term() < acceptedHardState.term()) {
                throw new IllegalArgumentException("term went back from " + acceptedHardState.term() + " to " + hardState.term());
            }
            if (hardState.term() == acceptedHardState.term() && acceptedHardState.vote() != WalHardState.NO_VOTE
                    && hardState.vote() != acceptedHardState.vote()) {
                throw new IllegalArgumentException("vote changed within term " + hardState.term() + " from "
                        + acceptedHardState.vote() + " to " + hardState.vote());
            }
            records.add(new WalFormat.Record.HardState(hardState));
        }
        return records;
    }

    /** Index of the last entry the accepted saves leave in the log (or of the snapshot). */
    public long lastIndex() {
        return acceptedLog.lastIndex();
    }

    /** Index of the newest snapshot accepted, 0 if none. */
    public long snapshotIndex() {
        return acceptedLog.snapshotIndex();
    }

    /** Fsyncs completed since open (of segments and snapshot files alike), not counting state slots. */
    public long fsyncCount() {
        return fsyncCount;
    }

    /** Fsyncs of state-slot copies completed since open: one per group commit that wrote anything. */
    public long stateFsyncCount() {
        return stateFsyncCount;
    }

    /** Group commits written since open. */
    public long batchCount() {
        return batchCount;
    }

    /** Live segment files, oldest first. */
    public List<String> segmentNames() {
        return segments.stream().map(s -> s.name).toList();
    }

    /** Why the WAL stopped, or null while it is healthy. */
    public String failure() {
        return failure;
    }

    // ---- the write pipeline: one disk operation chain at a time -----------------------------------

    private void pump() {
        if (busy || failure != null) {
            return;
        }
        if (compactionDue) {
            compactionDue = false;
            busy = true;
            new WalCompaction(this, disk, config.filePrefix()).run(segmentsBefore(durableSnapshotIndex), durableSnapshotFile);
            return;
        }
        if (queue.isEmpty()) {
            return;
        }
        busy = true;
        PendingSave head = queue.peek();
        if (head.snapshot() != null) {
            WalSnapshot snap = head.snapshot();
            SnapshotFiles.write(disk, config, snap, io(
                    "write snapshot " + WalFormat.snapshotName(config.filePrefix(), snap.index(), snap.term()), fsyncs -> {
                        fsyncCount += fsyncs;
                        writeBatch(1);
                    }));
            return;
        }
        int count = 0;
        long bytes = 0;
        for (PendingSave s : queue) {
            if (s.snapshot() != null || (count > 0 && bytes + s.sizeBytes() > config.maxBatchBytes())) {
                break;
            }
            bytes += s.sizeBytes();
            count++;
        }
        writeBatch(count);
    }

    /** Writes the first {@code count} queued saves as one append and one fsync. */
    private void writeBatch(int count) {
        List<PendingSave> batch = new ArrayList<>(count);
        var it = queue.iterator();
        int size = 0;
        for (int i = 0; i < count; i++) {
            PendingSave s = it.next();
            batch.add(s);
            size += s.sizeBytes();
        }
        if (size == 0) {
            // Nothing to write, but the callbacks must not run inside save() (its caller's handler).
            scheduler.execute(() -> finishBatch(batch));
            return;
        }
        boolean roll = rollPending || activeSizeBytes >= config.segmentTargetBytes();
        rollPending = false;
        ByteBuffer buf;
        Segment target;
        if (roll) {
            Segment last = segments.getLast();
            target = new Segment(last.seq + 1, WalFormat.segmentName(config.filePrefix(), last.seq + 1), 0);
            byte[] header = WalFormat.encodeSegmentHeader(new WalFormat.SegmentHeader(config.clusterId(), config.nodeId(),
                    target.seq, writtenLastIndex + 1));
            List<WalFormat.Record> state = new ArrayList<>(2);
            if (writtenSnapshotIndex > 0) {
                // A restatement: the entries after it in older segments are the log's and stay.
                state.add(new WalFormat.Record.Snapshot(writtenSnapshotIndex, writtenSnapshotTerm, true));
            }
            state.add(new WalFormat.Record.HardState(writtenHardState));
            int stateSize = state.stream().mapToInt(WalFormat::encodedSize).sum();
            buf = ByteBuffer.allocate(header.length + stateSize + size);
            buf.put(header);
            for (WalFormat.Record r : state) {
                WalFormat.encode(r, buf);
            }
        } else {
            target = segments.getLast();
            buf = ByteBuffer.allocate(size);
        }
        for (PendingSave s : batch) {
            for (WalFormat.Record r : s.records()) {
                WalFormat.encode(r, buf);
                noteWritten(r, target);
            }
        }
        if (buf.hasRemaining()) {
            throw new AssertionError("batch buffer not filled: " + buf.remaining() + " bytes left");
        }
        byte[] bytes = buf.array();
        if (roll) {
            segments.add(target);
            activeSizeBytes = 0;
            trace.event("wal new segment " + target.name);
        }
        // The fsync (and, for a new segment, the directory fsync that makes its name durable) is issued
        // right behind the append instead of after its completion: operations take effect in the order
        // they are called (the Disk contract), so it covers the append, and the batch costs one round
        // trip to the disk instead of two or three. The durable point is recorded only after all of
        // them completed, so a failure of any stops the WAL before anything is acknowledged.
        Runnable written = joinOf(roll ? 3 : 2, () -> recordDurablePoint(target, batch));
        disk.append(target.name, bytes, io("append to " + target.name, offset -> {
            if (offset != activeSizeBytes) {
                throw new AssertionError("append to " + target.name + " landed at " + offset + ", expected " + activeSizeBytes);
            }
            activeSizeBytes += bytes.length;
            written.run();
        }));
        disk.fsync(target.name, io("fsync " + target.name, v -> {
            fsyncCount++;
            written.run();
        }));
        if (roll) {
            disk.fsyncDirectory(io("fsync directory for " + target.name, v -> written.run()));
        }
    }

    /**
     * A step that runs {@code then} on the {@code parts}-th call, unless the WAL has stopped meanwhile
     * (a sibling operation failed). Completions arrive in any order, each on the event loop.
     */
    Runnable joinOf(int parts, Runnable then) {
        int[] left = {parts};
        return () -> {
            if (--left[0] == 0 && failure == null) {
                then.run();
            } else if (left[0] < 0) {
                throw new AssertionError("join of " + parts + " completed " + (parts - left[0]) + " times");
            }
        };
    }

    /**
     * Writes the next state-slot copy naming the end of what was just fsynced as the log's durable
     * point, then acknowledges the batch. Only after this may recovery refuse damage up to that point
     * instead of cutting it as a torn tail, so nothing is acknowledged before the copy is durable.
     */
    private void recordDurablePoint(Segment target, List<PendingSave> batch) {
        StateSlots.Slot slot = new StateSlots.Slot(nextSlotSeq++, config.nodeId(), writtenHardState, target.seq,
                activeSizeBytes);
        String file = StateSlots.name(config.filePrefix(), (int) Math.floorMod(slot.seq(), (long) StateSlots.COPIES));
        StateSlots.write(disk, config.filePrefix(), slot, io("write state slot " + file, v -> {
            stateFsyncCount++;
            finishBatch(batch);
        }));
    }

    private void noteWritten(WalFormat.Record r, Segment target) {
        switch (r) {
            case WalFormat.Record.HardState h -> writtenHardState = h.state();
            case WalFormat.Record.Entry e -> {
                target.maxEntryIndex = Math.max(target.maxEntryIndex, e.entry().index());
                writtenLastIndex = e.entry().index();
            }
            case WalFormat.Record.Snapshot s -> {
                writtenSnapshotIndex = s.index();
                writtenSnapshotTerm = s.term();
                writtenLastIndex = s.keepsLog() ? Math.max(writtenLastIndex, s.index()) : s.index();
            }
        }
    }

    private void finishBatch(List<PendingSave> batch) {
        batchCount++;
        busy = false;
        for (PendingSave s : batch) {
            if (queue.poll() != s) {
                throw new AssertionError("group commit completed out of order");
            }
            if (s.snapshot() != null) {
                durableSnapshotIndex = s.snapshot().index();
                durableSnapshotFile = WalFormat.snapshotName(config.filePrefix(), s.snapshot().index(), s.snapshot().term());
                compactionDue = true;
                trace.event("wal snapshot durable index=" + s.snapshot().index() + " term=" + s.snapshot().term());
            }
        }
        for (PendingSave s : batch) {
            s.done().accept(SaveResult.DURABLE);
        }
        pump();
    }

    /** The oldest segments, never the active one, whose entries all lie at or before {@code index}. */
    private List<Segment> segmentsBefore(long index) {
        List<Segment> prefix = new ArrayList<>();
        for (int i = 0; i < segments.size() - 1; i++) {
            if (segments.get(i).maxEntryIndex > index) {
                // Only a prefix may go: a later segment's truncation records must not lose the entries they cut.
                break;
            }
            prefix.add(segments.get(i));
        }
        return prefix;
    }

    /**
     * Called by {@link WalCompaction} when its deletions are done. A failed deletion only leaves files
     * behind (recovery copes with any of them reappearing), so it is a warning, not a reason to stop.
     */
    void compactionFinished(List<Segment> deleted, String warning) {
        segments.removeAll(deleted);
        if (!deleted.isEmpty()) {
            trace.event("wal compacted " + deleted.size() + " segments before index " + durableSnapshotIndex);
        }
        if (warning != null) {
            trace.warn("wal compaction incomplete, files stay until the next snapshot: " + warning);
        }
        busy = false;
        pump();
    }

    private <T> Consumer<IoResult<T>> io(String what, Consumer<T> next) {
        return result -> {
            switch (result) {
                case IoResult.Ok<T> ok -> next.accept(ok.value());
                case IoResult.Failed<T> f -> fail(what + " failed: " + f.error() + " " + f.message()
                        + (f.error() == IoError.DISK_FULL ? " (free disk space, then restart the node)" : ""));
            }
        };
    }

    /** Stops the WAL: after a failed write or fsync nothing about the file's contents can be trusted. */
    private void fail(String reason) {
        if (failure != null) {
            return;
        }
        failure = reason;
        busy = false;
        trace.warn("wal stopped: " + reason);
        List<PendingSave> pending = new ArrayList<>(queue);
        queue.clear();
        for (PendingSave s : pending) {
            s.done().accept(new SaveResult.Failed(reason));
        }
    }
}
