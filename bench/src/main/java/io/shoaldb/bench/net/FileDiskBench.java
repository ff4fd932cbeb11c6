package io.shoaldb.bench.net;

import io.shoaldb.net.disk.FileDisk;
import io.shoaldb.runtime.IoResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * File-disk figures on this machine: append-then-fsync pairs per second (the WAL's worst case, one
 * record per fsync), and appends per second when 64 appends share one fsync (group commit).
 *
 * <pre>bench/run io.shoaldb.bench.net.FileDiskBench [dir=target/disk-bench] [record-bytes=128] [seconds=5]</pre>
 */
public final class FileDiskBench {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/target/disk-bench");
        int recordBytes = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Files.createDirectories(dir);
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try (FileDisk disk = new FileDisk(dir, loop)) {
            byte[] record = new byte[recordBytes];
            for (int batch : new int[] {1, 64}) {
                String file = "bench-" + batch + ".log";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                long start = System.nanoTime();
                long fsyncs = 0;
                long appends = 0;
                while (System.nanoTime() < deadline) {
                    for (int i = 0; i < batch; i++) {
                        disk.append(file, record, r -> { });
                    }
                    CompletableFuture<IoResult<Void>> synced = new CompletableFuture<>();
                    disk.fsync(file, synced::complete);
                    if (!(synced.get() instanceof IoResult.Ok)) {
                        throw new IllegalStateException("fsync failed: " + synced.get());
                    }
                    fsyncs++;
                    appends += batch;
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                System.out.printf("file disk (%s): %d-byte appends, %d per fsync: %.0f fsyncs/s, %.0f appends/s, %.2f ms per fsync%n",
                        dir, recordBytes, batch, fsyncs / elapsed, appends / elapsed, 1000 * elapsed / fsyncs);
                CompletableFuture<IoResult<Void>> deleted = new CompletableFuture<>();
                disk.delete(file, deleted::complete);
                deleted.get();
            }
        } finally {
            loop.shutdown();
        }
    }
}
