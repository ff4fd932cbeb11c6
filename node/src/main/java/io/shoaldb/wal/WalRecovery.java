package io.shoaldb.wal;

import io.shoaldb.runtime.Disk;
import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.IoResult;
import io.shoaldb.runtime.Scheduler;
import io.shoaldb.runtime.Trace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Recovers a WAL directory (docs/wal.md, "Recovery"): reads every segment in sequence order, replays
 * its records, truncates a torn tail of the last segment, refuses on damage anywhere else, loads and
 * verifies the snapshot the log refers to, and removes leftovers of interrupted snapshot writes and
 * compactions. A fresh directory gets its first segment.
 */
final class WalRecovery {

    private final Disk disk;
    private final Scheduler scheduler;
    private final Trace trace;
    private final WalConfig config;
    private final Consumer<OpenResult> done;
    private final String prefix;

    /** Segment files by sequence number, and everything else of ours found in the directory. */
    private final TreeMap<Long, String> segmentFiles = new TreeMap<>();
    private final List<String> snapshotFiles = new ArrayList<>();
    private final List<String> tempFiles = new ArrayList<>();
    private final List<String> slotFiles = new ArrayList<>();

    /** The newest state-slot copy that verifies (the log's durable point), or null for none. */
    private StateSlots.Slot point;
    private final List<String> damagedSlots = new ArrayList<>();

    /** Segments that survived recovery, with their valid length. */
    private final List<Wal.Segment> segments = new ArrayList<>();
    private long lastSegmentBytes;

    /** Replay state: entries after the snapshot by index (gaps allowed until the end), hard state, snapshot. */
    private final TreeMap<Long, WalEntry> log = new TreeMap<>();
    private WalHardState hardState = WalHardState.INITIAL;
    private long snapshotIndex;
    private long snapshotTerm;
    private String snapshotMarkerSegment;

    /** Repairs to make before opening: a torn tail to cut, torn or stale files to delete. */
    private String truncateFile;
    private long truncateAtBytes;
    private final List<String> deletions = new ArrayList<>();
    private boolean finished;

    WalRecovery(Disk disk, Scheduler scheduler, Trace trace, WalConfig config, Consumer<OpenResult> done) {
        this.disk = disk;
        this.scheduler = scheduler;
        this.trace = trace;
        this.config = config;
        this.done = done;
        this.prefix = config.filePrefix();
    }

    void start() {
        disk.list(io("list the data directory", names -> {
            for (String name : names) {
                long seq = WalFormat.segmentSeq(prefix, name);
                if (seq > 0) {
                    segmentFiles.put(seq, name);
                } else if (WalFormat.snapshotIndexTerm(prefix, name) != null) {
                    snapshotFiles.add(name);
                } else if (WalFormat.isSnapshotTemp(prefix, name)) {
                    tempFiles.add(name);
                } else if (StateSlots.copyOf(prefix, name) >= 0) {
                    slotFiles.add(name);
                }
            }
            readSlot(0);
        }));
    }

    /** Reads every state-slot copy and keeps the newest that verifies; then checks it against the segments. */
    private void readSlot(int next) {
        if (next < slotFiles.size()) {
            String name = slotFiles.get(next);
            disk.read(name, 0, StateSlots.SLOT_BYTES + 1, io("read of " + name, bytes -> {
                String[] why = new String[1];
                StateSlots.Slot slot = StateSlots.decode(bytes, why);
                if (slot == null) {
                    damagedSlots.add(name + " (" + why[0] + ")");
                } else if (point == null || slot.seq() > point.seq()) {
                    point = slot;
                }
                readSlot(next + 1);
            }));
            return;
        }
        if (!damagedSlots.isEmpty()) {
            // A crash tears at most the copy being written; rot in one is outvoted by the others.
            trace.warn("wal state slot copies that do not verify (the newest verifying copy is used): " + damagedSlots);
        }
        if (point != null && point.nodeId() != config.nodeId()) {
            refuse(OpenResult.Reason.WRONG_NODE, "data directory was written by node " + point.nodeId() + " (WAL state "
                    + slotFiles.getFirst() + "), but this is node " + config.nodeId()
                    + "; use this node's own data directory or an empty one");
            return;
        }
        if (segmentFiles.isEmpty()) {
            if (point != null && point.segmentSeq() > 0) {
                refuse(OpenResult.Reason.CORRUPT, "WAL state records acknowledged records up to offset " + point.endOffset()
                        + " of segment " + WalFormat.segmentName(prefix, point.segmentSeq())
                        + ", but the directory holds no WAL segment; the log was lost" + restoreAdvice());
                return;
            }
            finishReplay();
            return;
        }
        if (point == null && !slotFiles.isEmpty()) {
            refuse(OpenResult.Reason.CORRUPT, "every copy of the WAL state is damaged: " + damagedSlots
                    + "; the last durable point of the log is unknown" + restoreAdvice());
            return;
        }
        if (point == null) {
            trace.warn("wal directory has no state slots (written before they existed): the tail of the last segment"
                    + " is checked as before and the slots are created now");
        } else if (point.segmentSeq() > 0 && point.segmentSeq() >= segmentFiles.firstKey()
                && !segmentFiles.containsKey(point.segmentSeq())) {
            refuse(OpenResult.Reason.CORRUPT, "WAL segment " + WalFormat.segmentName(prefix, point.segmentSeq())
                    + " holds acknowledged records (up to offset " + point.endOffset() + ", WAL state copy #" + point.seq()
                    + ") but is missing" + restoreAdvice());
            return;
        }
        readSegment(segmentFiles.firstKey());
    }

    /** Whether bytes of segment {@code seq} before {@code offset} were acknowledged (lie before the durable point). */
    private boolean acknowledged(long seq, long offset) {
        return point != null && (seq < point.segmentSeq() || (seq == point.segmentSeq() && offset < point.endOffset()));
    }

    private String ackedDamage() {
        return "; it lies before the log's last durable point (offset " + point.endOffset() + " of "
                + WalFormat.segmentName(prefix, point.segmentSeq()) + ", WAL state copy #" + point.seq()
                + "), so it was acknowledged: this is damage, not a torn write";
    }

    private void readSegment(Long seq) {
        if (seq == null) {
            finishReplay();
            return;
        }
        String name = segmentFiles.get(seq);
        boolean last = seq.equals(segmentFiles.lastKey());
        disk.size(name, io("size of " + name, size -> {
            if (size > Disk.MAX_IO_BYTES) {
                refuse(OpenResult.Reason.CORRUPT, "WAL segment " + name + " is " + size
                        + " bytes, larger than any segment this WAL writes" + restoreAdvice());
                return;
            }
            Consumer<byte[]> parse = bytes -> {
                if (bytes.length != size) {
                    refuse(OpenResult.Reason.IO_ERROR, "read of " + name + " returned " + bytes.length + " of " + size + " bytes");
                    return;
                }
                if (parseSegment(name, seq, bytes, last)) {
                    readSegment(segmentFiles.higherKey(seq));
                }
            };
            if (size == 0) {
                parse.accept(new byte[0]);
            } else {
                disk.read(name, 0, (int) (long) size, io("read of " + name, parse));
            }
        }));
    }

    /** Parses and replays one segment; returns false if recovery was refused. */
    private boolean parseSegment(String name, long seq, byte[] bytes, boolean last) {
        int start;
        switch (WalFormat.readSegmentHeader(bytes)) {
            case WalFormat.HeaderRead.Short<WalFormat.SegmentHeader> s -> {
                if (!last || acknowledged(seq, 0)) {
                    return refuse(OpenResult.Reason.CORRUPT, "WAL segment " + name + " is cut short inside its header ("
                            + bytes.length + " bytes) but " + (last ? "holds acknowledged records" : "is not the last segment")
                            + restoreAdvice());
                }
                tornSegment(name, bytes.length);
                return true;
            }
            case WalFormat.HeaderRead.Bad<WalFormat.SegmentHeader> b -> {
                if (!last || acknowledged(seq, 0) || anyValidRecordFrom(bytes, 1)) {
                    return refuse(OpenResult.Reason.CORRUPT, "WAL segment " + name + " has a damaged header at offset 0: "
                            + b.why() + restoreAdvice());
                }
                tornSegment(name, bytes.length);
                return true;
            }
            case WalFormat.HeaderRead.NewerVersion<WalFormat.SegmentHeader> n -> {
                return refuse(OpenResult.Reason.NEWER_FORMAT, "WAL segment " + name + " has format version " + n.version()
                        + ", newer than version " + WalFormat.FORMAT_VERSION + " that this build supports;"
                        + " run a newer ShoalDB on this data directory");
            }
            case WalFormat.HeaderRead.Ok<WalFormat.SegmentHeader> ok -> {
                WalFormat.SegmentHeader h = ok.header();
                if (!h.clusterId().equals(config.clusterId())) {
                    return refuse(OpenResult.Reason.WRONG_CLUSTER, "data directory belongs to cluster '" + h.clusterId()
                            + "' (WAL segment " + name + "), but this node is configured for cluster '" + config.clusterId()
                            + "'; use this cluster's data directory or an empty one");
                }
                if (h.nodeId() != config.nodeId()) {
                    return refuse(OpenResult.Reason.WRONG_NODE, "data directory was written by node " + h.nodeId()
                            + " (WAL segment " + name + "), but this is node " + config.nodeId()
                            + "; use this node's own data directory or an empty one");
                }
                if (h.seq() != seq) {
                    return refuse(OpenResult.Reason.CORRUPT, "WAL segment " + name + " has sequence number " + h.seq()
                            + " in its header" + restoreAdvice());
                }
                start = ok.lengthBytes();
            }
        }
        Wal.Segment segment = new Wal.Segment(seq, name, 0);
        int offset = start;
        long recordNo = 0;
        while (offset < bytes.length) {
            WalFormat.RecordRead read = WalFormat.readRecord(bytes, offset, bytes.length);
            if (read instanceof WalFormat.RecordRead.Ok ok) {
                replay(ok.record(), segment);
                offset = ok.endOffset();
                recordNo++;
                continue;
            }
            String why = read instanceof WalFormat.RecordRead.Bad b ? b.why() : ((WalFormat.RecordRead.PastEnd) read).why();
            if (last && acknowledged(seq, offset)) {
                return refuse(OpenResult.Reason.CORRUPT, "WAL segment " + name + " is corrupt at offset " + offset
                        + " (record #" + recordNo + " of the segment): " + why + ackedDamage() + restoreAdvice());
            }
            if (!last || anyValidRecordFrom(bytes, offset + 1)) {
                return refuse(OpenResult.Reason.CORRUPT, "WAL segment " + name + " is corrupt at offset " + offset
                        + " (record #" + recordNo + " of the segment): " + why + "; "
                        + (last ? "intact records follow it, so this is not a torn write" : "it is not the last segment,"
                        + " so this is not a torn write") + restoreAdvice());
            }
            truncateFile = name;
            truncateAtBytes = offset;
            trace.warn("wal torn tail in " + name + " at offset " + offset + " (record #" + recordNo + "): " + why
                    + "; truncating " + (bytes.length - offset) + " bytes");
            break;
        }
        if (point != null && seq == point.segmentSeq() && bytes.length < point.endOffset()) {
            return refuse(OpenResult.Reason.CORRUPT, "WAL segment " + name + " is " + bytes.length
                    + " bytes long, shorter than its durable point at offset " + point.endOffset() + " (WAL state copy #"
                    + point.seq() + "): acknowledged records were lost" + restoreAdvice());
        }
        segments.add(segment);
        lastSegmentBytes = offset;
        return true;
    }

    /** The last segment's creation was torn before its header was complete: nothing in it was ever acknowledged. */
    private void tornSegment(String name, int sizeBytes) {
        trace.warn("wal segment " + name + " has a torn header (" + sizeBytes + " bytes); deleting it");
        deletions.add(name);
    }

    private void replay(WalFormat.Record record, Wal.Segment segment) {
        switch (record) {
            case WalFormat.Record.HardState h -> hardState = h.state();
            case WalFormat.Record.Entry e -> {
                long index = e.entry().index();
                segment.maxEntryIndex = Math.max(segment.maxEntryIndex, index);
                if (index > snapshotIndex) {
                    // An entry replaces everything from its index on: that is how a conflicting suffix was cut.
                    log.tailMap(index, true).clear();
                    log.put(index, e.entry());
                }
            }
            case WalFormat.Record.Snapshot s -> {
                if (s.index() > snapshotIndex) {
                    if (s.keepsLog()) {
                        log.headMap(s.index(), true).clear();
                    } else {
                        log.clear();
                    }
                    snapshotIndex = s.index();
                    snapshotTerm = s.term();
                    snapshotMarkerSegment = segment.name;
                }
            }
        }
    }

    private void finishReplay() {
        if (segments.isEmpty()) {
            if (!snapshotFiles.isEmpty()) {
                refuse(OpenResult.Reason.CORRUPT, "data directory holds snapshot file " + snapshotFiles.getFirst()
                        + " but no WAL segment; the log was lost" + restoreAdvice());
                return;
            }
            initialise();
            return;
        }
        List<WalEntry> entries = new ArrayList<>(log.size());
        long expected = snapshotIndex + 1;
        for (Map.Entry<Long, WalEntry> e : log.entrySet()) {
            if (e.getKey() != expected) {
                refuse(OpenResult.Reason.CORRUPT, "WAL is missing log entries " + expected + ".." + (e.getKey() - 1)
                        + " (after snapshot " + snapshotIndex + "): a segment file was lost or removed by hand"
                        + restoreAdvice());
                return;
            }
            entries.add(e.getValue());
            expected++;
        }
        if (point != null && (hardState.term() < point.hardState().term()
                || (hardState.term() == point.hardState().term() && point.hardState().vote() != WalHardState.NO_VOTE
                && hardState.vote() != point.hardState().vote()))) {
            refuse(OpenResult.Reason.CORRUPT, "the WAL's hard state " + hardState + " is older than the one its state slot"
                    + " copy #" + point.seq() + " recorded as durable, " + point.hardState() + restoreAdvice());
            return;
        }
        if (snapshotIndex == 0) {
            repairAndOpen(new Recovered(hardState, Optional.empty(), entries));
            return;
        }
        SnapshotFiles.read(disk, config, snapshotIndex, snapshotTerm, outcome -> {
            switch (outcome) {
                case SnapshotFiles.ReadOutcome.Refused r -> refuse(r.reason(), r.message()
                        + " (referred to by WAL segment " + snapshotMarkerSegment + ")"
                        + (r.reason() == OpenResult.Reason.CORRUPT ? restoreAdvice() : ""));
                case SnapshotFiles.ReadOutcome.Ok ok -> repairAndOpen(new Recovered(hardState, Optional.of(ok.snapshot()), entries));
            }
        });
    }

    /**
     * Cuts a torn tail, deletes torn segments and snapshot leftovers, then makes everything it returns
     * durable before opening: after a process crash without a machine crash, what recovery read may
     * still sit unsynced in the page cache (a write whose fsync never ran, a file whose directory entry
     * was never synced), and the host will act on what recovery returns as if it were durable.
     */
    private void repairAndOpen(Recovered recovered) {
        String keep = snapshotIndex == 0 ? null : WalFormat.snapshotName(prefix, snapshotIndex, snapshotTerm);
        for (String s : snapshotFiles) {
            if (!s.equals(keep)) {
                deletions.add(s);
            }
        }
        deletions.addAll(tempFiles);
        List<String> toSync = new ArrayList<>();
        for (Wal.Segment s : segments) {
            toSync.add(s.name);
        }
        if (keep != null) {
            toSync.add(keep);
        }
        long firstSlotSeq = point == null ? 1 : point.seq() + 1;
        Wal.Segment lastSegment = segments.getLast();
        // Recovery may have read records that were still only in the page cache and the host will act on
        // them, so once they are fsynced they become acknowledged: every copy now names their end.
        Runnable open = () -> fsyncAll(toSync, 0, () -> deleteAll(0, () -> writeAllSlots(recovered.hardState(),
                lastSegment.seq, lastSegmentBytes, firstSlotSeq, 0, () -> {
            Wal wal = new Wal(disk, scheduler, trace, config, segments, lastSegmentBytes, recovered, true,
                    firstSlotSeq + StateSlots.COPIES);
            trace.event("wal recovered segments=" + segments.size() + " entries=" + recovered.entries().size()
                    + " snapshot=" + snapshotIndex + " term=" + recovered.hardState().term());
            complete(new OpenResult.Opened(wal, recovered));
        })));
        if (truncateFile == null) {
            open.run();
            return;
        }
        String file = truncateFile;
        disk.truncate(file, truncateAtBytes, io("truncate torn tail of " + file, v -> open.run()));
    }

    /**
     * Writes every state-slot copy, one at a time with an fsync after each (a crash tears at most the one
     * being written while the others keep the previous point), then fsyncs the directory for any copy
     * whose file is new.
     */
    private void writeAllSlots(WalHardState state, long segmentSeq, long endOffset, long firstSeq, int written,
                               Runnable then) {
        if (written == StateSlots.COPIES) {
            disk.fsyncDirectory(io("fsync directory for the WAL state", v -> then.run()));
            return;
        }
        StateSlots.Slot slot = new StateSlots.Slot(firstSeq + written, config.nodeId(), state, segmentSeq, endOffset);
        StateSlots.write(disk, prefix, slot, io("write WAL state copy #" + slot.seq(),
                v -> writeAllSlots(state, segmentSeq, endOffset, firstSeq, written + 1, then)));
    }

    private void fsyncAll(List<String> files, int next, Runnable then) {
        if (next == files.size()) {
            then.run();
            return;
        }
        disk.fsync(files.get(next), io("fsync " + files.get(next), v -> fsyncAll(files, next + 1, then)));
    }

    /** Deletes the leftovers, then fsyncs the directory: for the deletions and for every name recovery kept. */
    private void deleteAll(int next, Runnable then) {
        if (next == deletions.size()) {
            disk.fsyncDirectory(io("fsync directory", v -> then.run()));
            return;
        }
        String name = deletions.get(next);
        disk.delete(name, r -> {
            if (r instanceof IoResult.Failed<Void> f && f.error() != IoError.NOT_FOUND) {
                refuse(OpenResult.Reason.IO_ERROR, "delete " + name + " failed: " + f.error() + " " + f.message());
                return;
            }
            trace.event("wal removed leftover " + name);
            deleteAll(next + 1, then);
        });
    }

    /** A directory with no segment: start the log with segment 1 holding the initial hard state. */
    private void initialise() {
        deletions.addAll(tempFiles);
        long firstSlotSeq = point == null ? 1 : point.seq() + 1;
        // The state slots exist (with no durable point yet) before the first segment does, so a segment
        // is never found without them.
        deleteAll(0, () -> writeAllSlots(WalHardState.INITIAL, 0, 0, firstSlotSeq, 0, () -> {
            String name = WalFormat.segmentName(prefix, 1);
            byte[] header = WalFormat.encodeSegmentHeader(new WalFormat.SegmentHeader(config.clusterId(), config.nodeId(), 1, 1));
            WalFormat.Record initial = new WalFormat.Record.HardState(WalHardState.INITIAL);
            ByteBuffer b = ByteBuffer.allocate(header.length + WalFormat.encodedSize(initial));
            b.put(header);
            WalFormat.encode(initial, b);
            disk.append(name, b.array(), io("create " + name, offset -> disk.fsync(name, io("fsync " + name, v ->
                    disk.fsyncDirectory(io("fsync directory for " + name, v2 -> {
                        Recovered empty = new Recovered(WalHardState.INITIAL, Optional.empty(), List.of());
                        Wal wal = new Wal(disk, scheduler, trace, config, List.of(new Wal.Segment(1, name, 0)),
                                b.capacity(), empty, false, firstSlotSeq + StateSlots.COPIES);
                        trace.event("wal initialised " + name);
                        complete(new OpenResult.Opened(wal, empty));
                    }))))));
        }));
    }

    /**
     * Whether a complete record with a valid checksum starts anywhere at or after {@code from}. A torn
     * write leaves only garbage after the point where it broke off; an intact record after a damaged
     * one proves the damage is not a torn tail but corruption of data that was once durable.
     */
    static boolean anyValidRecordFrom(byte[] bytes, int from) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        for (int p = Math.max(0, from); p + WalFormat.RECORD_HEADER_BYTES <= bytes.length; p++) {
            int bodyLength = b.getInt(p + 4);
            byte type = bytes[p + 8];
            boolean plausible = switch (type) {
                case WalFormat.TYPE_HARD_STATE -> bodyLength == WalFormat.HARD_STATE_BODY_BYTES;
                case WalFormat.TYPE_SNAPSHOT -> bodyLength == WalFormat.SNAPSHOT_BODY_BYTES;
                case WalFormat.TYPE_ENTRY -> bodyLength >= WalFormat.ENTRY_BODY_FIXED_BYTES;
                default -> false;
            };
            if (plausible && (long) p + WalFormat.RECORD_HEADER_BYTES + bodyLength <= bytes.length
                    && WalFormat.readRecord(bytes, p, bytes.length) instanceof WalFormat.RecordRead.Ok) {
                return true;
            }
        }
        return false;
    }

    private static String restoreAdvice() {
        return ". The node will not start on damaged data: move this data directory aside and let the node"
                + " rejoin empty so its peers send it a snapshot, or restore the directory from a backup";
    }

    private boolean refuse(OpenResult.Reason reason, String message) {
        trace.warn("wal refused to open: " + message);
        complete(new OpenResult.Refused(reason, message));
        return false;
    }

    private void complete(OpenResult result) {
        if (finished) {
            throw new AssertionError("recovery completed twice");
        }
        finished = true;
        done.accept(result);
    }

    private <T> Consumer<IoResult<T>> io(String what, Consumer<T> next) {
        return result -> {
            switch (result) {
                case IoResult.Ok<T> ok -> next.accept(ok.value());
                case IoResult.Failed<T> f -> refuse(OpenResult.Reason.IO_ERROR, what + " failed: " + f.error() + " "
                        + f.message());
            }
        };
    }
}
