package io.shoaldb.net.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.IoResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDiskTest {

    @TempDir
    Path dir;
    private ExecutorService loop;
    private final AtomicReference<Thread> loopThread = new AtomicReference<>();
    private FileDisk disk;

    @BeforeEach
    void setUp() {
        loop = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "test-loop");
            loopThread.set(t);
            return t;
        });
        disk = new FileDisk(dir, loop);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        disk.close();
        loop.shutdown();
        assertTrue(loop.awaitTermination(5, TimeUnit.SECONDS));
    }

    /** Runs one operation and waits for its completion, checking that it arrived on the loop thread. */
    private <T> IoResult<T> await(Consumer<Consumer<IoResult<T>>> op) throws Exception {
        CompletableFuture<IoResult<T>> future = new CompletableFuture<>();
        op.accept(result -> {
            if (Thread.currentThread() != loopThread.get()) {
                future.completeExceptionally(new AssertionError("completion on " + Thread.currentThread().getName()));
            }
            future.complete(result);
        });
        return future.get(10, TimeUnit.SECONDS);
    }

    private <T> T ok(Consumer<Consumer<IoResult<T>>> op) throws Exception {
        IoResult<T> result = await(op);
        IoResult.Ok<T> ok = assertInstanceOf(IoResult.Ok.class, result, () -> "expected Ok, got " + result);
        return ok.value();
    }

    private <T> IoError failed(Consumer<Consumer<IoResult<T>>> op) throws Exception {
        IoResult<T> result = await(op);
        return assertInstanceOf(IoResult.Failed.class, result, () -> "expected Failed, got " + result).error();
    }

    @Test
    void appendReturnsOffsetsAndReadReturnsTheBytes() throws Exception {
        assertEquals(0L, (long) this.<Long>ok(d -> disk.append("log", "hello".getBytes(), d)));
        assertEquals(5L, (long) this.<Long>ok(d -> disk.append("log", " world".getBytes(), d)));
        assertEquals(11L, (long) this.<Long>ok(d -> disk.size("log", d)));
        assertArrayEquals("hello world".getBytes(), this.<byte[]>ok(d -> disk.read("log", 0, 100, d)));
        assertArrayEquals("world".getBytes(), this.<byte[]>ok(d -> disk.read("log", 6, 5, d)));
        assertArrayEquals(new byte[0], this.<byte[]>ok(d -> disk.read("log", 50, 5, d)));
        assertArrayEquals("hello world".getBytes(), Files.readAllBytes(dir.resolve("log")));
    }

    @Test
    void writeAtAnOffsetZeroFillsTheGap() throws Exception {
        this.<Void>ok(d -> disk.write("f", 4, new byte[] {9, 9}, d));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 9, 9}, this.<byte[]>ok(d -> disk.read("f", 0, 10, d)));
        this.<Void>ok(d -> disk.write("f", 1, new byte[] {7}, d));
        assertArrayEquals(new byte[] {0, 7, 0, 0, 9, 9}, this.<byte[]>ok(d -> disk.read("f", 0, 10, d)));
    }

    @Test
    void missingFilesAreNotFound() throws Exception {
        assertEquals(IoError.NOT_FOUND, this.<byte[]>failed(d -> disk.read("nope", 0, 1, d)));
        assertEquals(IoError.NOT_FOUND, this.<Long>failed(d -> disk.size("nope", d)));
        assertEquals(IoError.NOT_FOUND, this.<Void>failed(d -> disk.fsync("nope", d)));
        assertEquals(IoError.NOT_FOUND, this.<Void>failed(d -> disk.truncate("nope", 0, d)));
        assertEquals(IoError.NOT_FOUND, this.<Void>failed(d -> disk.delete("nope", d)));
        assertEquals(IoError.NOT_FOUND, this.<Void>failed(d -> disk.rename("nope", "other", d)));
        assertFalse(Files.exists(dir.resolve("nope")), "a failed read must not create the file");
    }

    @Test
    void truncateCutsAndGrowsWithZeros() throws Exception {
        this.<Long>ok(d -> disk.append("t", "abcdef".getBytes(), d));
        this.<Void>ok(d -> disk.truncate("t", 2, d));
        assertArrayEquals("ab".getBytes(), this.<byte[]>ok(d -> disk.read("t", 0, 10, d)));
        this.<Void>ok(d -> disk.truncate("t", 4, d));
        assertArrayEquals(new byte[] {'a', 'b', 0, 0}, this.<byte[]>ok(d -> disk.read("t", 0, 10, d)));
        assertEquals(4L, (long) this.<Long>ok(d -> disk.append("t", "x".getBytes(), d)));
    }

    @Test
    void renameReplacesTheTargetAndDeleteRemoves() throws Exception {
        this.<Long>ok(d -> disk.append("snap.tmp", "new".getBytes(), d));
        this.<Long>ok(d -> disk.append("snap", "old".getBytes(), d));
        this.<Void>ok(d -> disk.fsync("snap.tmp", d));
        this.<Void>ok(d -> disk.rename("snap.tmp", "snap", d));
        this.<Void>ok(d -> disk.fsyncDirectory(d));
        assertArrayEquals("new".getBytes(), this.<byte[]>ok(d -> disk.read("snap", 0, 10, d)));
        assertEquals(List.of("snap"), this.<List<String>>ok(disk::list));
        this.<Void>ok(d -> disk.delete("snap", d));
        assertEquals(List.of(), this.<List<String>>ok(disk::list));
        this.<Void>ok(d -> disk.fsyncDirectory(d));
    }

    @Test
    void listIsSortedAndSkipsDirectoriesAndForeignNames() throws Exception {
        for (String name : List.of("wal-2", "wal-10", "a", "Z")) {
            this.<Long>ok(d -> disk.append(name, new byte[] {1}, d));
        }
        Files.createDirectory(dir.resolve("subdir"));
        Files.writeString(dir.resolve("bad name"), "x");
        assertEquals(List.of("Z", "a", "wal-10", "wal-2"), this.<List<String>>ok(disk::list));
    }

    @Test
    void dataIsVisibleToAFreshDiskAfterFsync() throws Exception {
        this.<Long>ok(d -> disk.append("durable", "kept".getBytes(), d));
        this.<Void>ok(d -> disk.fsync("durable", d));
        this.<Void>ok(d -> disk.fsyncDirectory(d));
        disk.close();
        disk = new FileDisk(dir, loop);
        assertArrayEquals("kept".getBytes(), this.<byte[]>ok(d -> disk.read("durable", 0, 10, d)));
    }

    @Test
    void callerMayReuseItsBufferRightAfterTheCall() throws Exception {
        byte[] buffer = "first".getBytes();
        CompletableFuture<IoResult<Long>> done = new CompletableFuture<>();
        disk.append("reuse", buffer, done::complete);
        buffer[0] = 'X';
        done.get(10, TimeUnit.SECONDS);
        assertArrayEquals("first".getBytes(), this.<byte[]>ok(d -> disk.read("reuse", 0, 10, d)));
    }

    @Test
    void invalidNamesAndSizesAreProgrammerErrors() {
        assertThrows(IllegalArgumentException.class, () -> disk.append("../escape", new byte[1], r -> { }));
        assertThrows(IllegalArgumentException.class, () -> disk.read("a/b", 0, 1, r -> { }));
        assertThrows(IllegalArgumentException.class, () -> disk.rename("ok", "", r -> { }));
        assertThrows(IllegalArgumentException.class, () -> disk.read("ok", -1, 1, r -> { }));
        assertThrows(IllegalArgumentException.class, () -> disk.read("ok", 0, FileDisk.MAX_IO_BYTES + 1, r -> { }));
        assertThrows(IllegalArgumentException.class, () -> disk.truncate("ok", -1, r -> { }));
    }

    @Test
    void noSpaceLeftIsDiskFull() throws Exception {
        // /dev/full fails every write with ENOSPC: the errno path a full file system takes.
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "/dev/full is not available here");
        Files.createSymbolicLink(dir.resolve("full.log"), full);
        assertEquals(IoError.DISK_FULL, this.<Long>failed(d -> disk.append("full.log", new byte[4096], d)));
        assertEquals(IoError.DISK_FULL, this.<Void>failed(d -> disk.write("full.log", 0, new byte[16], d)));
    }

    @Test
    void errorMessagesNameTheOperationAndFile() throws Exception {
        IoResult<byte[]> result = this.<byte[]>await(d -> disk.read("missing-file", 0, 1, d));
        IoResult.Failed<byte[]> failed = assertInstanceOf(IoResult.Failed.class, result);
        assertTrue(failed.message().contains("read missing-file"), failed.message());
    }

    @Test
    void completionsAfterCloseAreRefusedNotLost() throws Exception {
        disk.close();
        IoResult<Long> result = this.<Long>await(d -> disk.append("late", new byte[1], d));
        assertEquals(IoError.IO_ERROR, assertInstanceOf(IoResult.Failed.class, result).error());
    }
}
