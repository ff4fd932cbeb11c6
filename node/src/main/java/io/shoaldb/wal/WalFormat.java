package io.shoaldb.wal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The byte layout of segment files, their records and snapshot files (see docs/wal.md). All integers
 * are big-endian. Every header and every record carries a CRC32C that is checked when it is read back.
 */
final class WalFormat {

    /** The format this build writes and the newest it reads. */
    static final int FORMAT_VERSION = 1;

    static final byte[] SEGMENT_MAGIC = "SHOALWAL".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SNAPSHOT_MAGIC = "SHOALSNP".getBytes(StandardCharsets.US_ASCII);

    /** Fixed part of a segment header before the cluster id: magic, version, id length, node, seq, first index. */
    static final int SEGMENT_HEADER_FIXED_BYTES = 8 + 2 + 2 + 4 + 8 + 8;
    /** Fixed part of a snapshot header before the cluster id: magic, version, id length, node, index, term, data length. */
    static final int SNAPSHOT_HEADER_FIXED_BYTES = 8 + 2 + 2 + 4 + 8 + 8 + 8;

    /** crc (4) + body length (4) + type (1). */
    static final int RECORD_HEADER_BYTES = 9;
    /** Largest record body any version-1 writer produces; anything larger is damage. */
    static final int MAX_RECORD_BODY_BYTES = 48 * 1024 * 1024;

    static final byte TYPE_HARD_STATE = 1;
    static final byte TYPE_ENTRY = 2;
    static final byte TYPE_SNAPSHOT = 3;

    static final int HARD_STATE_BODY_BYTES = 8 + 4 + 8;
    static final int ENTRY_BODY_FIXED_BYTES = 8 + 8 + 1;
    static final int SNAPSHOT_BODY_BYTES = 8 + 8 + 1;

    private WalFormat() {
    }

    // ---- file names -------------------------------------------------------------------------------

    static String segmentName(String prefix, long seq) {
        return prefix + "wal-" + hex16(seq) + ".log";
    }

    /** The sequence number in a segment file name, or -1 if {@code name} is not one of ours. */
    static long segmentSeq(String prefix, String name) {
        String head = prefix + "wal-";
        if (!name.startsWith(head) || !name.endsWith(".log") || name.length() != head.length() + 16 + 4) {
            return -1;
        }
        return parseHex16(name.substring(head.length(), head.length() + 16));
    }

    static String snapshotName(String prefix, long index, long term) {
        return prefix + "snap-" + hex16(index) + "-" + hex16(term) + ".snap";
    }

    static String snapshotTempName(String prefix, long index, long term) {
        return snapshotName(prefix, index, term) + ".tmp";
    }

    /** {index, term} from a snapshot file name, or null if {@code name} is not one of our snapshot files. */
    static long[] snapshotIndexTerm(String prefix, String name) {
        String head = prefix + "snap-";
        if (!name.startsWith(head) || !name.endsWith(".snap") || name.length() != head.length() + 33 + 5) {
            return null;
        }
        long index = parseHex16(name.substring(head.length(), head.length() + 16));
        long term = parseHex16(name.substring(head.length() + 17, head.length() + 33));
        if (index < 1 || term < 1 || name.charAt(head.length() + 16) != '-') {
            return null;
        }
        return new long[] {index, term};
    }

    static boolean isSnapshotTemp(String prefix, String name) {
        return name.startsWith(prefix + "snap-") && name.endsWith(".snap.tmp");
    }

    private static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0".repeat(16 - h.length()) + h;
    }

    private static long parseHex16(String s) {
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0 || Character.isUpperCase(s.charAt(i))) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v < 0 ? -1 : v;
    }

    // ---- checksums --------------------------------------------------------------------------------

    static int crc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    // ---- segment header ---------------------------------------------------------------------------

    record SegmentHeader(String clusterId, int nodeId, long seq, long firstIndex) {
    }

    static byte[] encodeSegmentHeader(SegmentHeader h) {
        byte[] id = h.clusterId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER_FIXED_BYTES + id.length + 4);
        b.put(SEGMENT_MAGIC).putShort((short) FORMAT_VERSION).putShort((short) id.length)
                .putInt(h.nodeId()).putLong(h.seq()).putLong(h.firstIndex()).put(id);
        b.putInt(crc32c(b.array(), 0, b.position()));
        return b.array();
    }

    /** The outcome of reading a header at the start of a file. */
    sealed interface HeaderRead<H> {
        record Ok<H>(H header, int lengthBytes) implements HeaderRead<H> {
        }

        /** The file ends inside the header: a file whose creation was torn. */
        record Short<H>() implements HeaderRead<H> {
        }

        record NewerVersion<H>(int version) implements HeaderRead<H> {
        }

        /** Not a header of ours or damaged; {@code why} says which check failed. */
        record Bad<H>(String why) implements HeaderRead<H> {
        }
    }

    /**
     * A header whose checksum fails is damage, whatever its version field says: every format version
     * keeps version 1's header layout up to and including its checksum (docs/wal.md), so a genuinely
     * newer file always passes the check and is refused as newer, and a flipped version bit is not.
     */
    private static String headerMismatch(int version) {
        return "header checksum mismatch" + (version > FORMAT_VERSION
                ? " (its version field reads " + version + "; a newer format would still pass this check)" : "");
    }

    static HeaderRead<SegmentHeader> readSegmentHeader(byte[] file) {
        if (file.length < SEGMENT_HEADER_FIXED_BYTES) {
            return new HeaderRead.Short<>();
        }
        ByteBuffer b = ByteBuffer.wrap(file);
        if (!Arrays.equals(file, 0, 8, SEGMENT_MAGIC, 0, 8)) {
            return new HeaderRead.Bad<>("bad magic (not a ShoalDB WAL segment)");
        }
        int version = Short.toUnsignedInt(b.getShort(8));
        int idLength = Short.toUnsignedInt(b.getShort(10));
        if (idLength < 1 || idLength > 255) {
            return new HeaderRead.Bad<>("cluster id length " + idLength + " out of range");
        }
        int total = SEGMENT_HEADER_FIXED_BYTES + idLength + 4;
        if (file.length < total) {
            return new HeaderRead.Short<>();
        }
        int crc = b.getInt(total - 4);
        if (crc != crc32c(file, 0, total - 4)) {
            return new HeaderRead.Bad<>(headerMismatch(version));
        }
        if (version > FORMAT_VERSION) {
            return new HeaderRead.NewerVersion<>(version);
        }
        if (version < 1) {
            return new HeaderRead.Bad<>("format version " + version + " is invalid");
        }
        String clusterId = new String(file, SEGMENT_HEADER_FIXED_BYTES, idLength, StandardCharsets.UTF_8);
        return new HeaderRead.Ok<>(new SegmentHeader(clusterId, b.getInt(12), b.getLong(16), b.getLong(24)), total);
    }

    // ---- records ----------------------------------------------------------------------------------

    /** One record of a segment. */
    sealed interface Record {
        record HardState(WalHardState state) implements Record {
        }

        record Entry(WalEntry entry) implements Record {
        }

        /**
         * The snapshot file with this index and term is durable; the log up to it is covered by it.
         * {@code keepsLog} says whether the entries after it stay (the log held the snapshot's last
         * entry with its term) or the log restarts after it; it is decided when the record is written,
         * because at recovery the entry it was decided on may sit in a segment already compacted away.
         */
        record Snapshot(long index, long term, boolean keepsLog) implements Record {
        }
    }

    static int encodedSize(Record r) {
        return RECORD_HEADER_BYTES + switch (r) {
            case Record.HardState h -> HARD_STATE_BODY_BYTES;
            case Record.Entry e -> ENTRY_BODY_FIXED_BYTES + e.entry().data().length;
            case Record.Snapshot s -> SNAPSHOT_BODY_BYTES;
        };
    }

    /** Writes {@code r} at the buffer's position, checksum included, and checks the checksum back. */
    static void encode(Record r, ByteBuffer b) {
        int start = b.position();
        int bodyLength = encodedSize(r) - RECORD_HEADER_BYTES;
        b.putInt(0).putInt(bodyLength);
        switch (r) {
            case Record.HardState h -> b.put(TYPE_HARD_STATE).putLong(h.state().term()).putInt(h.state().vote())
                    .putLong(h.state().commit());
            case Record.Entry e -> b.put(TYPE_ENTRY).putLong(e.entry().index()).putLong(e.entry().term())
                    .put((byte) e.entry().kind()).put(e.entry().data());
            case Record.Snapshot s -> b.put(TYPE_SNAPSHOT).putLong(s.index()).putLong(s.term()).put((byte) (s.keepsLog() ? 1 : 0));
        }
        int end = b.position();
        if (end - start != RECORD_HEADER_BYTES + bodyLength) {
            throw new AssertionError("record size mismatch: " + (end - start) + " != " + (RECORD_HEADER_BYTES + bodyLength));
        }
        b.putInt(start, crc32c(b.array(), start + 4, end - start - 4));
    }

    /** The outcome of reading one record at an offset. */
    sealed interface RecordRead {
        record Ok(Record record, int endOffset) implements RecordRead {
        }

        /** The record runs past the end of the file. */
        record PastEnd(String why) implements RecordRead {
        }

        /** The record is complete but damaged. */
        record Bad(String why) implements RecordRead {
        }
    }

    static RecordRead readRecord(byte[] file, int offset, int limit) {
        if (limit - offset < RECORD_HEADER_BYTES) {
            return new RecordRead.PastEnd("record header cut short: " + (limit - offset) + " of " + RECORD_HEADER_BYTES + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(file, 0, limit);
        int crc = b.getInt(offset);
        int bodyLength = b.getInt(offset + 4);
        if (bodyLength < 0 || bodyLength > MAX_RECORD_BODY_BYTES) {
            return new RecordRead.Bad("record length " + Integer.toUnsignedString(bodyLength) + " out of range");
        }
        int end = offset + RECORD_HEADER_BYTES + bodyLength;
        if (end > limit || end < 0) {
            return new RecordRead.PastEnd("record of " + bodyLength + " bytes runs past the end of the file");
        }
        if (crc != crc32c(file, offset + 4, end - offset - 4)) {
            return new RecordRead.Bad("record checksum mismatch");
        }
        byte type = file[offset + 8];
        int body = offset + RECORD_HEADER_BYTES;
        try {
            return switch (type) {
                case TYPE_HARD_STATE -> bodyLength != HARD_STATE_BODY_BYTES
                        ? new RecordRead.Bad("hard-state record of " + bodyLength + " bytes")
                        : new RecordRead.Ok(new Record.HardState(new WalHardState(b.getLong(body), b.getInt(body + 8),
                                b.getLong(body + 12))), end);
                case TYPE_ENTRY -> {
                    if (bodyLength < ENTRY_BODY_FIXED_BYTES) {
                        yield new RecordRead.Bad("entry record of " + bodyLength + " bytes");
                    }
                    byte[] data = Arrays.copyOfRange(file, body + ENTRY_BODY_FIXED_BYTES, end);
                    yield new RecordRead.Ok(new Record.Entry(new WalEntry(b.getLong(body), b.getLong(body + 8),
                            Byte.toUnsignedInt(file[body + 16]), data)), end);
                }
                case TYPE_SNAPSHOT -> bodyLength != SNAPSHOT_BODY_BYTES || (file[body + 16] & 0xFE) != 0
                        ? new RecordRead.Bad("snapshot record of " + bodyLength + " bytes, flags " + file[body + 16])
                        : new RecordRead.Ok(new Record.Snapshot(b.getLong(body), b.getLong(body + 8), file[body + 16] == 1), end);
                default -> new RecordRead.Bad("unknown record type " + type);
            };
        } catch (IllegalArgumentException e) {
            // A record whose checksum matches but whose values are impossible was written wrongly.
            return new RecordRead.Bad("invalid record values: " + e.getMessage());
        }
    }

    // ---- snapshot files ---------------------------------------------------------------------------

    record SnapshotHeader(String clusterId, int nodeId, long index, long term, long dataLength) {
    }

    static byte[] encodeSnapshotHeader(SnapshotHeader h) {
        byte[] id = h.clusterId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(SNAPSHOT_HEADER_FIXED_BYTES + id.length + 4);
        b.put(SNAPSHOT_MAGIC).putShort((short) FORMAT_VERSION).putShort((short) id.length).putInt(h.nodeId())
                .putLong(h.index()).putLong(h.term()).putLong(h.dataLength()).put(id);
        b.putInt(crc32c(b.array(), 0, b.position()));
        return b.array();
    }

    static HeaderRead<SnapshotHeader> readSnapshotHeader(byte[] file) {
        if (file.length < SNAPSHOT_HEADER_FIXED_BYTES) {
            return new HeaderRead.Short<>();
        }
        ByteBuffer b = ByteBuffer.wrap(file);
        if (!Arrays.equals(file, 0, 8, SNAPSHOT_MAGIC, 0, 8)) {
            return new HeaderRead.Bad<>("bad magic (not a ShoalDB snapshot)");
        }
        int version = Short.toUnsignedInt(b.getShort(8));
        int idLength = Short.toUnsignedInt(b.getShort(10));
        if (idLength < 1 || idLength > 255) {
            return new HeaderRead.Bad<>("cluster id length " + idLength + " out of range");
        }
        int total = SNAPSHOT_HEADER_FIXED_BYTES + idLength + 4;
        if (file.length < total) {
            return new HeaderRead.Short<>();
        }
        if (b.getInt(total - 4) != crc32c(file, 0, total - 4)) {
            return new HeaderRead.Bad<>(headerMismatch(version));
        }
        if (version > FORMAT_VERSION) {
            return new HeaderRead.NewerVersion<>(version);
        }
        String clusterId = new String(file, SNAPSHOT_HEADER_FIXED_BYTES, idLength, StandardCharsets.UTF_8);
        return new HeaderRead.Ok<>(new SnapshotHeader(clusterId, b.getInt(12), b.getLong(16), b.getLong(24),
                b.getLong(32)), total);
    }
}
