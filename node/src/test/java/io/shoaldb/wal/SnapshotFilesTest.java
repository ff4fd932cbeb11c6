package io.shoaldb.wal;

import static io.shoaldb.wal.WalHarness.entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.image.ImageBytes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Snapshot files of images that span many chunks: round trips, crashes mid-write, torn and damaged files. */
class SnapshotFilesTest {

    /** Tiny pieces, so a 1000-byte image is written and read in over a hundred disk operations. */
    private static final int CHUNK = 7;
    private static final String FILE = "snap-0000000000000003-0000000000000001.snap";

    private static WalConfig config() {
        return WalHarness.config().withImageChunkBytes(CHUNK);
    }

    private static ImageBytes image(int length, long seed) {
        byte[] b = new byte[length];
        new SplittableRandom(seed).nextBytes(b);
        return ImageBytes.of(b, 13);
    }

    private static WalHarness withSnapshot(ImageBytes data) {
        WalHarness h = new WalHarness();
        Wal wal = h.opened(config()).wal();
        h.saveNow(wal, null, entries(1, 5, 1), null);
        long appends = h.disk.appendCount();
        assertEquals(SaveResult.DURABLE, h.saveNow(wal, null, List.of(), new WalSnapshot(3, 1, data)));
        assertTrue(h.disk.appendCount() - appends > data.length() / CHUNK, "written piece by piece");
        return h;
    }

    @Test
    void aMultiChunkImageRoundTripsThroughItsFile() {
        ImageBytes data = image(1000, 1);
        WalHarness h = withSnapshot(data);
        byte[] file = h.disk.contents(FILE);
        int headerBytes = WalFormat.SNAPSHOT_HEADER_FIXED_BYTES + "test-cluster".length() + 4;
        assertEquals(headerBytes + 1000 + 4, file.length);
        assertTrue(Arrays.equals(data.toByteArray(), Arrays.copyOfRange(file, headerBytes, headerBytes + 1000)));
        assertEquals(data.crc32c(), ByteBuffer.wrap(file).getInt(file.length - 4), "CRC32C of the whole image");

        WalSnapshot back = new WalHarness(h.disk).opened(config()).recovered().snapshot().orElseThrow();
        assertEquals(data, back.data());
        assertTrue(back.data().chunkCount() >= 1000 / CHUNK, "read back in chunks: " + back.data());
        // a reader with another chunk size reads the same file
        assertEquals(data, new WalHarness(h.disk).opened(WalHarness.config()).recovered().snapshot().orElseThrow().data());
    }

    @Test
    void emptyAndOneByteImagesRoundTrip() {
        for (int length : new int[] {0, 1, CHUNK, CHUNK + 1}) {
            ImageBytes data = image(length, length);
            WalHarness h = new WalHarness();
            Wal wal = h.opened(config()).wal();
            h.saveNow(wal, null, entries(1, 5, 1), null);
            h.saveNow(wal, null, List.of(), new WalSnapshot(3, 1, data));
            assertEquals(data, new WalHarness(h.disk).opened(config()).recovered().snapshot().orElseThrow().data());
        }
    }

    @Test
    void aTornOrTruncatedFileIsRefused() {
        WalHarness h = withSnapshot(image(1000, 2));
        byte[] file = h.disk.contents(FILE);
        for (int cut : new int[] {file.length - 1, file.length - 4, file.length / 2, 40, 3, 0}) {
            h.disk.overwrite(FILE, Arrays.copyOf(file, cut));
            OpenResult.Refused r = new WalHarness(h.disk).refused(config());
            assertEquals(OpenResult.Reason.CORRUPT, r.reason(), "cut at " + cut + ": " + r.message());
            assertTrue(r.message().contains(FILE), r.message());
        }
        byte[] longer = Arrays.copyOf(file, file.length + 5);
        h.disk.overwrite(FILE, longer);
        assertEquals(OpenResult.Reason.CORRUPT, new WalHarness(h.disk).refused(config()).reason());
    }

    @Test
    void aFlippedBitAnywhereIsRefused() {
        WalHarness h = withSnapshot(image(300, 3));
        byte[] file = h.disk.contents(FILE);
        for (int offset = 0; offset < file.length; offset += 11) {
            h.disk.overwrite(FILE, file);
            h.disk.flipBit(FILE, offset, offset % 8);
            OpenResult.Refused r = new WalHarness(h.disk).refused(config());
            assertEquals(OpenResult.Reason.CORRUPT, r.reason(), "bit flip at " + offset + ": " + r.message());
        }
        h.disk.overwrite(FILE, file);
        h.disk.flipBit(FILE, 150, 4);
        assertTrue(new WalHarness(h.disk).refused(config()).message().contains("data checksum mismatch"));
    }

    @Test
    void aSnapshotFileOfANewerFormatIsRefusedClearly() {
        WalHarness h = withSnapshot(image(100, 4));
        byte[] file = h.disk.contents(FILE);
        ByteBuffer b = ByteBuffer.wrap(file);
        b.putShort(8, (short) (WalFormat.FORMAT_VERSION + 1));
        int headerEnd = WalFormat.SNAPSHOT_HEADER_FIXED_BYTES + "test-cluster".length();
        b.putInt(headerEnd, WalFormat.crc32c(file, 0, headerEnd));
        h.disk.overwrite(FILE, file);
        OpenResult.Refused r = new WalHarness(h.disk).refused(config());
        assertEquals(OpenResult.Reason.NEWER_FORMAT, r.reason());
        assertTrue(r.message().contains(FILE) && r.message().contains("format version " + (WalFormat.FORMAT_VERSION + 1))
                && r.message().contains("run a newer ShoalDB"), r.message());
    }

    @Test
    void aCrashAtAnyStepOfAMultiChunkWriteKeepsTheOldSnapshotOrTheNewOne() {
        ImageBytes old = image(40, 5);
        ImageBytes fresh = image(200, 6);
        int crashes = 0;
        for (int steps = 0; steps < 70; steps += 3) {
            for (long seed = 0; seed < 3; seed++) {
                WalHarness w = new WalHarness();
                Wal wal = w.opened(config()).wal();
                w.saveNow(wal, new WalHardState(2, 1, 8), entries(1, 10, 2), null);
                w.saveNow(wal, null, List.of(), new WalSnapshot(4, 2, old));
                List<SaveResult> results = new ArrayList<>();
                wal.save(null, List.of(), new WalSnapshot(8, 2, fresh), results::add);
                for (int s = 0; s < steps && w.disk.runOne(); s++) {
                    // deliver `steps` completions, then crash
                }
                w.disk.crash(new java.util.Random(seed * 1000 + steps));
                crashes += results.isEmpty() ? 1 : 0;
                WalSnapshot snap = new WalHarness(w.disk).opened(config()).recovered().snapshot().orElseThrow();
                if (!results.isEmpty()) {
                    assertEquals(fresh, snap.data(), "acknowledged snapshot lost at step " + steps);
                }
                assertTrue(snap.index() == 4 ? snap.data().equals(old) : snap.index() == 8 && snap.data().equals(fresh),
                        "step " + steps + ": " + snap);
            }
        }
        assertTrue(crashes > 10, "most crashes hit the write before it was acknowledged: " + crashes);
    }
}
