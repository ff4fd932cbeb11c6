package io.shoaldb.wal;

import io.shoaldb.runtime.Disk;
import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.IoResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Snapshot files: written atomically (temp file, fsync, rename, fsync of the directory) and read
 * back with both checksums verified. Layout: header with its CRC32C, the data, a CRC32C of the data.
 */
final class SnapshotFiles {

    /** Largest single append or read of a snapshot file; keeps each disk operation bounded. */
    static final int CHUNK_BYTES = 8 * 1024 * 1024;

    private SnapshotFiles() {
    }

    /** Writes the snapshot file and completes once its name is durable; the value is the number of fsyncs. */
    static void write(Disk disk, WalConfig config, WalSnapshot snap, Consumer<IoResult<Integer>> done) {
        String tmp = WalFormat.snapshotTempName(config.filePrefix(), snap.index(), snap.term());
        String target = WalFormat.snapshotName(config.filePrefix(), snap.index(), snap.term());
        byte[] header = WalFormat.encodeSnapshotHeader(new WalFormat.SnapshotHeader(config.clusterId(), config.nodeId(),
                snap.index(), snap.term(), snap.data().length));
        byte[] data = snap.data();
        List<byte[]> pieces = new ArrayList<>();
        int firstPart = Math.min(data.length, CHUNK_BYTES);
        pieces.add(concat(header, Arrays.copyOfRange(data, 0, firstPart)));
        for (int off = firstPart; off < data.length; off += CHUNK_BYTES) {
            pieces.add(Arrays.copyOfRange(data, off, Math.min(data.length, off + CHUNK_BYTES)));
        }
        pieces.add(ByteBuffer.allocate(4).putInt(WalFormat.crc32c(data, 0, data.length)).array());
        // A temp file left by a crash would otherwise receive our appends after its stale bytes.
        disk.delete(tmp, deleted -> {
            if (deleted instanceof IoResult.Failed<Void> f && f.error() != IoError.NOT_FOUND) {
                done.accept(IoResult.failed(f.error(), f.message()));
                return;
            }
            appendPieces(disk, tmp, pieces, 0, 0L, appended -> then(appended, done, v ->
                    disk.fsync(tmp, synced -> then(synced, done, v2 ->
                            disk.rename(tmp, target, renamed -> then(renamed, done, v3 ->
                                    disk.fsyncDirectory(dir -> then(dir, done, v4 -> done.accept(IoResult.ok(1))))))))));
        });
    }

    private static void appendPieces(Disk disk, String file, List<byte[]> pieces, int next, long expectedOffset,
                                     Consumer<IoResult<Void>> done) {
        if (next == pieces.size()) {
            done.accept(IoResult.ok(null));
            return;
        }
        byte[] piece = pieces.get(next);
        disk.append(file, piece, r -> then(r, done, offset -> {
            if (offset != expectedOffset) {
                throw new AssertionError("snapshot append to " + file + " landed at " + offset + ", expected " + expectedOffset);
            }
            appendPieces(disk, file, pieces, next + 1, expectedOffset + piece.length, done);
        }));
    }

    /** What reading a snapshot file found. */
    sealed interface ReadOutcome {
        record Ok(WalSnapshot snapshot) implements ReadOutcome {
        }

        record Refused(OpenResult.Reason reason, String message) implements ReadOutcome {
        }
    }

    /** Reads and verifies the snapshot file with the given index and term. */
    static void read(Disk disk, WalConfig config, long index, long term, Consumer<ReadOutcome> done) {
        String name = WalFormat.snapshotName(config.filePrefix(), index, term);
        disk.size(name, sized -> {
            switch (sized) {
                case IoResult.Failed<Long> f when f.error() == IoError.NOT_FOUND -> done.accept(new ReadOutcome.Refused(
                        OpenResult.Reason.CORRUPT, "snapshot file " + name + " that the WAL refers to is missing"));
                case IoResult.Failed<Long> f -> done.accept(ioRefusal("size of " + name, f));
                case IoResult.Ok<Long> ok -> {
                    long size = ok.value();
                    if (size > (long) config.maxSnapshotBytes() + 1024) {
                        done.accept(corrupt(name, 0, "file of " + size + " bytes exceeds the snapshot size limit"));
                        return;
                    }
                    byte[] all = new byte[(int) size];
                    readChunks(disk, name, all, 0, r -> {
                        if (r instanceof IoResult.Failed<Void> f) {
                            done.accept(ioRefusal("read of " + name, f));
                        } else {
                            done.accept(verify(config, name, index, term, all));
                        }
                    });
                }
            }
        });
    }

    private static void readChunks(Disk disk, String name, byte[] into, int offset, Consumer<IoResult<Void>> done) {
        if (offset == into.length) {
            done.accept(IoResult.ok(null));
            return;
        }
        int length = Math.min(CHUNK_BYTES, into.length - offset);
        disk.read(name, offset, length, r -> then(r, done, bytes -> {
            if (bytes.length != length) {
                done.accept(IoResult.failed(IoError.IO_ERROR, name + ": short read at " + offset));
                return;
            }
            System.arraycopy(bytes, 0, into, offset, length);
            readChunks(disk, name, into, offset + length, done);
        }));
    }

    private static ReadOutcome verify(WalConfig config, String name, long index, long term, byte[] file) {
        return switch (WalFormat.readSnapshotHeader(file)) {
            case WalFormat.HeaderRead.Short<WalFormat.SnapshotHeader> s -> corrupt(name, 0, "file too short for a header");
            case WalFormat.HeaderRead.Bad<WalFormat.SnapshotHeader> b -> corrupt(name, 0, b.why());
            case WalFormat.HeaderRead.NewerVersion<WalFormat.SnapshotHeader> n -> new ReadOutcome.Refused(
                    OpenResult.Reason.NEWER_FORMAT, name + " has format version " + n.version()
                    + ", newer than version " + WalFormat.FORMAT_VERSION + " that this build reads; run a newer ShoalDB");
            case WalFormat.HeaderRead.Ok<WalFormat.SnapshotHeader> ok -> {
                WalFormat.SnapshotHeader h = ok.header();
                if (!h.clusterId().equals(config.clusterId())) {
                    yield new ReadOutcome.Refused(OpenResult.Reason.WRONG_CLUSTER, name + " belongs to cluster '"
                            + h.clusterId() + "', not '" + config.clusterId() + "'");
                }
                if (h.nodeId() != config.nodeId()) {
                    yield new ReadOutcome.Refused(OpenResult.Reason.WRONG_NODE, name + " was written by node "
                            + h.nodeId() + ", not node " + config.nodeId());
                }
                if (h.index() != index || h.term() != term) {
                    yield corrupt(name, 0, "header says index " + h.index() + " term " + h.term());
                }
                long expected = ok.lengthBytes() + h.dataLength() + 4;
                if (h.dataLength() < 0 || expected != file.length) {
                    yield corrupt(name, ok.lengthBytes(), "file is " + file.length + " bytes, header promises " + expected);
                }
                int dataLength = (int) h.dataLength();
                int dataStart = ok.lengthBytes();
                int stored = ByteBuffer.wrap(file).getInt(dataStart + dataLength);
                if (stored != WalFormat.crc32c(file, dataStart, dataLength)) {
                    yield corrupt(name, dataStart, "data checksum mismatch");
                }
                yield new ReadOutcome.Ok(new WalSnapshot(index, term, Arrays.copyOfRange(file, dataStart, dataStart + dataLength)));
            }
        };
    }

    private static ReadOutcome corrupt(String name, long offset, String why) {
        return new ReadOutcome.Refused(OpenResult.Reason.CORRUPT, "snapshot file " + name + " is corrupt at offset "
                + offset + ": " + why);
    }

    private static ReadOutcome ioRefusal(String what, IoResult.Failed<?> f) {
        return new ReadOutcome.Refused(OpenResult.Reason.IO_ERROR, what + " failed: " + f.error() + " " + f.message());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static <T, U> void then(IoResult<T> r, Consumer<IoResult<U>> onFailure, Consumer<T> next) {
        switch (r) {
            case IoResult.Ok<T> ok -> next.accept(ok.value());
            case IoResult.Failed<T> f -> onFailure.accept(IoResult.failed(f.error(), f.message()));
        }
    }
}
