package io.shoaldb.wal;

import io.shoaldb.runtime.Disk;
import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.IoResult;
import io.shoaldb.image.ImageBytes;
import io.shoaldb.image.ImageWriter;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Snapshot files: written atomically (temp file, fsync, rename, fsync of the directory) and read
 * back with both checksums verified. Layout: header with its CRC32C, the data, a CRC32C of the data.
 * The data is an {@link ImageBytes} of any length; it is written and read in pieces of
 * {@link WalConfig#imageChunkBytes()}, never gathered into one array, and the data checksum is computed
 * piece by piece on both paths.
 */
final class SnapshotFiles {

    private SnapshotFiles() {
    }

    /** Writes the snapshot file and completes once its name is durable; the value is the number of fsyncs. */
    static void write(Disk disk, WalConfig config, WalSnapshot snap, Consumer<IoResult<Integer>> done) {
        String tmp = WalFormat.snapshotTempName(config.filePrefix(), snap.index(), snap.term());
        String target = WalFormat.snapshotName(config.filePrefix(), snap.index(), snap.term());
        byte[] header = WalFormat.encodeSnapshotHeader(new WalFormat.SnapshotHeader(config.clusterId(), config.nodeId(),
                snap.index(), snap.term(), snap.data().length()));
        // A temp file left by a crash would otherwise receive our appends after its stale bytes.
        disk.delete(tmp, deleted -> {
            if (deleted instanceof IoResult.Failed<Void> f && f.error() != IoError.NOT_FOUND) {
                done.accept(IoResult.failed(f.error(), f.message()));
                return;
            }
            disk.append(tmp, header, h -> then(h, done, headerAt -> {
                if (headerAt != 0) {
                    throw new AssertionError("snapshot header of " + tmp + " landed at " + headerAt);
                }
                new Appender(disk, tmp, snap.data(), config.imageChunkBytes(), header.length, appended -> then(appended, done, v ->
                        disk.fsync(tmp, synced -> then(synced, done, v2 ->
                                disk.rename(tmp, target, renamed -> then(renamed, done, v3 ->
                                        disk.fsyncDirectory(dir -> then(dir, done, v4 -> done.accept(IoResult.ok(1)))))))))).next();
            }));
        });
    }

    /** Appends the image piece by piece (one piece in memory at a time), then the CRC32C of all of it. */
    private static final class Appender {
        private final Disk disk;
        private final String file;
        private final ImageBytes data;
        private final int pieceBytes;
        private final long fileStart;
        private final Consumer<IoResult<Void>> done;
        private final CRC32C crc = new CRC32C();
        private long written;

        Appender(Disk disk, String file, ImageBytes data, int pieceBytes, long fileStart, Consumer<IoResult<Void>> done) {
            this.disk = disk;
            this.file = file;
            this.data = data;
            this.pieceBytes = pieceBytes;
            this.fileStart = fileStart;
            this.done = done;
        }

        void next() {
            if (written == data.length()) {
                int sum = (int) crc.getValue();
                if (sum != data.crc32c()) {
                    throw new AssertionError("snapshot data checksum changed while writing " + file);
                }
                append(ByteBuffer.allocate(4).putInt(sum).array(), true);
                return;
            }
            byte[] piece = data.range(written, (int) Math.min(pieceBytes, data.length() - written));
            crc.update(piece, 0, piece.length);
            append(piece, false);
        }

        private void append(byte[] piece, boolean last) {
            long expected = fileStart + written;
            disk.append(file, piece, r -> then(r, done, offset -> {
                if (offset != expected) {
                    throw new AssertionError("snapshot append to " + file + " landed at " + offset + ", expected " + expected);
                }
                if (last) {
                    done.accept(IoResult.ok(null));
                } else {
                    written += piece.length;
                    next();
                }
            }));
        }
    }

    /** What reading a snapshot file found. */
    sealed interface ReadOutcome {
        record Ok(WalSnapshot snapshot) implements ReadOutcome {
        }

        record Refused(OpenResult.Reason reason, String message) implements ReadOutcome {
        }
    }

    /** Largest snapshot header: the fixed part, a cluster id of at most 255 bytes, the CRC. */
    private static final int MAX_HEADER_BYTES = WalFormat.SNAPSHOT_HEADER_FIXED_BYTES + 255 + 4;

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
                    if (size > config.maxSnapshotBytes() + MAX_HEADER_BYTES + 4) {
                        done.accept(corrupt(name, 0, "file of " + size + " bytes exceeds the snapshot size limit"));
                        return;
                    }
                    int headLength = (int) Math.min(size, MAX_HEADER_BYTES);
                    disk.read(name, 0, headLength, head -> {
                        switch (head) {
                            case IoResult.Failed<byte[]> f -> done.accept(ioRefusal("read of " + name, f));
                            case IoResult.Ok<byte[]> h when h.value().length != headLength -> done.accept(new ReadOutcome.Refused(
                                    OpenResult.Reason.IO_ERROR, "read of " + name + " failed: short read of the header"));
                            case IoResult.Ok<byte[]> h -> readData(disk, config, name, index, term, size, h.value(), done);
                        }
                    });
                }
            }
        });
    }

    private static void readData(Disk disk, WalConfig config, String name, long index, long term, long size, byte[] head,
                                 Consumer<ReadOutcome> done) {
        WalFormat.SnapshotHeader h;
        int dataStart;
        switch (WalFormat.readSnapshotHeader(head)) {
            case WalFormat.HeaderRead.Short<WalFormat.SnapshotHeader> s -> {
                done.accept(corrupt(name, 0, "file too short for a header"));
                return;
            }
            case WalFormat.HeaderRead.Bad<WalFormat.SnapshotHeader> b -> {
                done.accept(corrupt(name, 0, b.why()));
                return;
            }
            case WalFormat.HeaderRead.NewerVersion<WalFormat.SnapshotHeader> n -> {
                done.accept(new ReadOutcome.Refused(OpenResult.Reason.NEWER_FORMAT, name + " has format version " + n.version()
                        + ", newer than version " + WalFormat.FORMAT_VERSION + " that this build reads; run a newer ShoalDB"));
                return;
            }
            case WalFormat.HeaderRead.Ok<WalFormat.SnapshotHeader> ok -> {
                h = ok.header();
                dataStart = ok.lengthBytes();
            }
        }
        if (!h.clusterId().equals(config.clusterId())) {
            done.accept(new ReadOutcome.Refused(OpenResult.Reason.WRONG_CLUSTER, name + " belongs to cluster '"
                    + h.clusterId() + "', not '" + config.clusterId() + "'"));
            return;
        }
        if (h.nodeId() != config.nodeId()) {
            done.accept(new ReadOutcome.Refused(OpenResult.Reason.WRONG_NODE, name + " was written by node "
                    + h.nodeId() + ", not node " + config.nodeId()));
            return;
        }
        if (h.index() != index || h.term() != term) {
            done.accept(corrupt(name, 0, "header says index " + h.index() + " term " + h.term()));
            return;
        }
        if (h.dataLength() < 0 || h.dataLength() > config.maxSnapshotBytes() || dataStart + h.dataLength() + 4 != size) {
            done.accept(corrupt(name, dataStart, "file is " + size + " bytes, header promises " + h.dataLength()
                    + " bytes of data after a " + dataStart + "-byte header"));
            return;
        }
        new Loader(disk, config, name, index, term, dataStart, h.dataLength(), done).next();
    }

    /** Reads the data piece by piece into an image writer, checksumming as it goes, then checks the stored CRC. */
    private static final class Loader {
        private final Disk disk;
        private final String name;
        private final long index;
        private final long term;
        private final long dataStart;
        private final long dataLength;
        private final int pieceBytes;
        private final Consumer<ReadOutcome> done;
        private final ImageWriter image;
        private final CRC32C crc = new CRC32C();
        private long read;

        Loader(Disk disk, WalConfig config, String name, long index, long term, long dataStart, long dataLength,
               Consumer<ReadOutcome> done) {
            this.disk = disk;
            this.name = name;
            this.index = index;
            this.term = term;
            this.dataStart = dataStart;
            this.dataLength = dataLength;
            this.pieceBytes = config.imageChunkBytes();
            this.done = done;
            this.image = new ImageWriter(config.imageChunkBytes());
        }

        void next() {
            long offset = dataStart + read;
            int length = read == dataLength ? 4 : (int) Math.min(pieceBytes, dataLength - read);
            disk.read(name, offset, length, r -> {
                switch (r) {
                    case IoResult.Failed<byte[]> f -> done.accept(ioRefusal("read of " + name, f));
                    case IoResult.Ok<byte[]> ok when ok.value().length != length -> done.accept(new ReadOutcome.Refused(
                            OpenResult.Reason.IO_ERROR, "read of " + name + " failed: short read at " + offset));
                    case IoResult.Ok<byte[]> ok -> take(offset, ok.value());
                }
            });
        }

        private void take(long offset, byte[] bytes) {
            if (read < dataLength) {
                crc.update(bytes, 0, bytes.length);
                image.write(bytes, 0, bytes.length);
                read += bytes.length;
                next();
                return;
            }
            if (ByteBuffer.wrap(bytes).getInt() != (int) crc.getValue()) {
                done.accept(corrupt(name, dataStart, "data checksum mismatch"));
                return;
            }
            ImageBytes data = image.finish();
            if (data.length() != dataLength) {
                throw new AssertionError("read " + data.length() + " bytes of snapshot data, expected " + dataLength);
            }
            done.accept(new ReadOutcome.Ok(new WalSnapshot(index, term, data)));
        }
    }

    private static ReadOutcome corrupt(String name, long offset, String why) {
        return new ReadOutcome.Refused(OpenResult.Reason.CORRUPT, "snapshot file " + name + " is corrupt at offset "
                + offset + ": " + why);
    }

    private static ReadOutcome ioRefusal(String what, IoResult.Failed<?> f) {
        return new ReadOutcome.Refused(OpenResult.Reason.IO_ERROR, what + " failed: " + f.error() + " " + f.message());
    }

    private static <T, U> void then(IoResult<T> r, Consumer<IoResult<U>> onFailure, Consumer<T> next) {
        switch (r) {
            case IoResult.Ok<T> ok -> next.accept(ok.value());
            case IoResult.Failed<T> f -> onFailure.accept(IoResult.failed(f.error(), f.message()));
        }
    }
}
