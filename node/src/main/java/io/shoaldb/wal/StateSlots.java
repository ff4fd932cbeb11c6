package io.shoaldb.wal;

import io.shoaldb.runtime.Disk;
import io.shoaldb.runtime.IoResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The WAL's redundant state store (docs/wal.md, "State slots"): {@link #COPIES} small fixed-size files,
 * each holding one copy of the hard state and of the log's last durable point (segment and end offset)
 * with a sequence number and a CRC32C. Copy {@code seq % COPIES} is overwritten and fsynced after every
 * group commit, one copy at a time, so a crash or torn write can only damage the copy being written and
 * a bit flip in one copy is outvoted by the others: recovery takes the newest copy that verifies.
 *
 * <p>The durable point is what lets recovery tell rot from a torn write at the end of the log: every
 * record before it was acknowledged, so damage there is refused; only bytes after it may be a torn tail.
 */
final class StateSlots {

    static final int COPIES = 4;
    static final int SLOT_BYTES = 64;
    static final int VERSION = 1;
    static final byte[] MAGIC = "SHOALSTA".getBytes(StandardCharsets.US_ASCII);

    private StateSlots() {
    }

    /**
     * One copy. {@code segmentSeq} 0 means no durable point yet (a log being initialised).
     *
     * @param seq        grows by one per copy written; the newest verifying copy wins
     * @param segmentSeq the segment holding the end of the durable log
     * @param endOffset  every byte of that segment before this offset was fsynced before the copy was written
     */
    record Slot(long seq, int nodeId, WalHardState hardState, long segmentSeq, long endOffset) {
    }

    static String name(String prefix, int copy) {
        return prefix + "wal-state-" + copy + ".slot";
    }

    /** The copy index in a slot file name, or -1 if {@code name} is not one of ours. */
    static int copyOf(String prefix, String name) {
        for (int i = 0; i < COPIES; i++) {
            if (name.equals(name(prefix, i))) {
                return i;
            }
        }
        return -1;
    }

    static byte[] encode(Slot s) {
        ByteBuffer b = ByteBuffer.allocate(SLOT_BYTES);
        b.put(MAGIC).putShort((short) VERSION).putShort((short) 0).putInt(s.nodeId()).putLong(s.seq())
                .putLong(s.hardState().term()).putInt(s.hardState().vote()).putLong(s.hardState().commit())
                .putLong(s.segmentSeq()).putLong(s.endOffset());
        b.putInt(WalFormat.crc32c(b.array(), 0, SLOT_BYTES - 4));
        if (b.hasRemaining()) {
            throw new AssertionError("slot layout is not " + SLOT_BYTES + " bytes");
        }
        return b.array();
    }

    /** Decodes a copy, or returns null with the reason in {@code why[0]} if it does not verify. */
    static Slot decode(byte[] bytes, String[] why) {
        if (bytes.length != SLOT_BYTES) {
            why[0] = "length " + bytes.length + " instead of " + SLOT_BYTES;
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt(SLOT_BYTES - 4) != WalFormat.crc32c(bytes, 0, SLOT_BYTES - 4)) {
            why[0] = "checksum mismatch";
            return null;
        }
        if (!Arrays.equals(bytes, 0, 8, MAGIC, 0, 8) || Short.toUnsignedInt(b.getShort(8)) != VERSION) {
            why[0] = "bad magic or version";
            return null;
        }
        try {
            WalHardState hs = new WalHardState(b.getLong(24), b.getInt(32), b.getLong(36));
            long segmentSeq = b.getLong(44);
            long endOffset = b.getLong(52);
            if (segmentSeq < 0 || endOffset < 0) {
                why[0] = "negative durable point";
                return null;
            }
            return new Slot(b.getLong(16), b.getInt(12), hs, segmentSeq, endOffset);
        } catch (IllegalArgumentException e) {
            why[0] = "invalid values: " + e.getMessage();
            return null;
        }
    }

    /**
     * Overwrites copy {@code seq % COPIES} and fsyncs it; completes once with the result of the pair:
     * the first failure, or success when both succeeded. The fsync is issued right behind the write
     * (operations take effect in call order), saving a round trip to the disk.
     */
    static void write(Disk disk, String prefix, Slot slot, Consumer<IoResult<Void>> done) {
        String file = name(prefix, (int) Math.floorMod(slot.seq(), (long) COPIES));
        int[] left = {2};
        boolean[] reported = {false};
        Consumer<IoResult<Void>> part = r -> {
            left[0]--;
            if (reported[0]) {
                return;
            }
            if (r instanceof IoResult.Failed<Void> || left[0] == 0) {
                reported[0] = true;
                done.accept(r);
            }
        };
        disk.write(file, 0, encode(slot), part);
        disk.fsync(file, part);
    }
}
