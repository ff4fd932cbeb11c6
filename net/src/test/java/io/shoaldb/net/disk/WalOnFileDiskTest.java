package io.shoaldb.net.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.runtime.Scheduler;
import io.shoaldb.runtime.Trace;
import io.shoaldb.wal.OpenResult;
import io.shoaldb.wal.SaveResult;
import io.shoaldb.wal.Wal;
import io.shoaldb.wal.WalConfig;
import io.shoaldb.wal.WalEntry;
import io.shoaldb.wal.WalHardState;
import io.shoaldb.wal.WalSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAL on real files through the production disk: what the node does in production, end to end. */
class WalOnFileDiskTest {

    @TempDir
    Path dir;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    private final List<FileDisk> disks = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        disks.forEach(FileDisk::close);
        loop.shutdown();
        assertTrue(loop.awaitTermination(5, TimeUnit.SECONDS));
    }

    private final Scheduler scheduler = new Scheduler() {
        @Override
        public Cancellable schedule(long delayNanos, Runnable task) {
            var f = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        }

        @Override
        public void execute(Runnable task) {
            loop.execute(task);
        }
    };

    private final List<String> warnings = new ArrayList<>();
    private final Trace trace = new Trace() {
        @Override
        public void event(String what) {
        }

        @Override
        public void warn(String what) {
            warnings.add(what);
        }
    };

    /** Opens a fresh incarnation: a new FileDisk over the same directory, as after a restart. */
    private OpenResult open(WalConfig config) throws Exception {
        FileDisk disk = new FileDisk(dir, loop);
        disks.add(disk);
        return onLoop(done -> Wal.open(disk, scheduler, trace, config, done));
    }

    private <T> T onLoop(Consumer<Consumer<T>> op) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> op.accept(f::complete));
        return f.get(30, TimeUnit.SECONDS);
    }

    private static WalConfig config() {
        return WalConfig.of("file-cluster", 3).withSegmentTargetBytes(4096).withMaxBatchBytes(8192);
    }

    @Test
    void savesSurviveARestartAndSnapshotsCompactRealSegments() throws Exception {
        Wal wal = assertInstanceOf(OpenResult.Opened.class, open(config())).wal();
        List<CompletableFuture<SaveResult>> acks = new ArrayList<>();
        for (long i = 1; i <= 200; i++) {
            long index = i;
            CompletableFuture<SaveResult> ack = new CompletableFuture<>();
            acks.add(ack);
            loop.execute(() -> wal.save(new WalHardState(2, 1, index - 1),
                    List.of(new WalEntry(index, 2, 0, ("entry " + index).getBytes())), null, ack::complete));
        }
        for (CompletableFuture<SaveResult> a : acks) {
            assertEquals(SaveResult.DURABLE, a.get(30, TimeUnit.SECONDS));
        }
        assertTrue(this.<Long>onLoop(done -> done.accept(wal.batchCount())) < 200L, "group commit batched some saves");
        SaveResult snap = this.<SaveResult>onLoop(done -> wal.save(null, List.of(), new WalSnapshot(150, 2, "image".getBytes()), done));
        assertEquals(SaveResult.DURABLE, snap);
        // compaction runs before any later save: once this one completes, this incarnation is idle
        assertEquals(SaveResult.DURABLE, this.<SaveResult>onLoop(done -> wal.save(null, List.of(), null, done)));

        OpenResult reopened = open(config());
        OpenResult.Opened again = assertInstanceOf(OpenResult.Opened.class, reopened, reopened::toString);
        assertEquals(new WalHardState(2, 1, 199), again.recovered().hardState());
        assertArrayEquals("image".getBytes(), again.recovered().snapshot().orElseThrow().data().toByteArray());
        assertEquals(151, again.recovered().entries().getFirst().index());
        assertArrayEquals("entry 200".getBytes(), again.recovered().entries().getLast().data());
        try (var files = Files.list(dir)) {
            assertTrue(files.filter(p -> p.getFileName().toString().endsWith(".log")).count() < 10,
                    "segments before the snapshot were deleted");
        }
    }

    @Test
    void aTornTailOnARealFileIsCutAndRotBeforeItIsRefused() throws Exception {
        Wal wal = assertInstanceOf(OpenResult.Opened.class, open(config())).wal();
        for (long i = 1; i <= 3; i++) {
            long index = i;
            assertEquals(SaveResult.DURABLE, this.<SaveResult>onLoop(done -> wal.save(null,
                    List.of(new WalEntry(index, 1, 0, new byte[100])), null, done)));
        }
        Path segment = dir.resolve(wal.segmentNames().getLast());
        // a torn write: half a record of garbage at the end of the file
        Files.write(segment, new byte[] {0, 0, 0, 42, 0, 0, 0, 50, 2, 9, 9}, StandardOpenOption.APPEND);
        OpenResult.Opened reopened = assertInstanceOf(OpenResult.Opened.class, open(config()));
        assertEquals(3, reopened.recovered().entries().size());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("torn tail")), warnings.toString());

        // rot in the middle of a real segment: refused, naming the file
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(segment, bytes);
        OpenResult.Refused refused = assertInstanceOf(OpenResult.Refused.class, open(config()));
        assertEquals(OpenResult.Reason.CORRUPT, refused.reason());
        assertTrue(refused.message().contains(segment.getFileName().toString()), refused.message());

        OpenResult.Refused other = assertInstanceOf(OpenResult.Refused.class, open(WalConfig.of("another-cluster", 3)));
        assertTrue(other.reason() == OpenResult.Reason.WRONG_CLUSTER || other.reason() == OpenResult.Reason.CORRUPT,
                other.toString());
    }

    @Test
    void rotInTheFinalAcknowledgedRecordOfARealFileIsRefusedAndOneStateCopyIsOutvoted() throws Exception {
        Wal wal = assertInstanceOf(OpenResult.Opened.class, open(config())).wal();
        for (long i = 1; i <= 3; i++) {
            long index = i;
            assertEquals(SaveResult.DURABLE, this.<SaveResult>onLoop(done -> wal.save(null,
                    List.of(new WalEntry(index, 1, 0, new byte[100])), null, done)));
        }
        // rot in one copy of the WAL state: the other copies outvote it, nothing is lost
        Path slot = dir.resolve("wal-state-1.slot");
        byte[] copy = Files.readAllBytes(slot);
        copy[20] ^= 0x04;
        Files.write(slot, copy);
        OpenResult.Opened reopened = assertInstanceOf(OpenResult.Opened.class, open(config()));
        assertEquals(3, reopened.recovered().entries().size());

        // rot in the very last byte of the log: an acknowledged record, so refused, not cut as a torn tail
        Path segment = dir.resolve(reopened.wal().segmentNames().getLast());
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(segment, bytes);
        OpenResult.Refused refused = assertInstanceOf(OpenResult.Refused.class, open(config()));
        assertEquals(OpenResult.Reason.CORRUPT, refused.reason());
        assertTrue(refused.message().contains(segment.getFileName().toString())
                && refused.message().contains("durable point"), refused.message());
    }
}
