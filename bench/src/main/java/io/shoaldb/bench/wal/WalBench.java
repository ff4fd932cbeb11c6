package io.shoaldb.bench.wal;

import io.shoaldb.net.disk.FileDisk;
import io.shoaldb.runtime.Scheduler;
import io.shoaldb.runtime.Trace;
import io.shoaldb.wal.OpenResult;
import io.shoaldb.wal.SaveResult;
import io.shoaldb.wal.Wal;
import io.shoaldb.wal.WalConfig;
import io.shoaldb.wal.WalEntry;
import io.shoaldb.wal.WalHardState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * WAL throughput on the production {@link FileDisk} (real files, real fsync), driven from one event
 * loop thread as a node drives it: {@code concurrency} saves are kept outstanding, each carrying one
 * entry of {@code entry-bytes}; every acknowledgement issues the next save. Prints, per concurrency
 * level, acknowledged saves per second, fsyncs per second, mean saves per group commit and mean
 * acknowledgement latency.
 *
 * <pre>bench/run io.shoaldb.bench.wal.WalBench [dir=bench/target/wal-bench] [entry-bytes=128] [seconds=5] [concurrency=1,8,64,512]</pre>
 */
public final class WalBench {

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "bench/target/wal-bench");
        int entryBytes = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int[] levels = Stream.of((args.length > 3 ? args[3] : "1,8,64,512").split(",")).mapToInt(Integer::parseInt).toArray();
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wal-bench-loop");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int concurrency : levels) {
                Path dir = root.resolve("c" + concurrency);
                deleteRecursively(dir);
                Files.createDirectories(dir);
                try (FileDisk disk = new FileDisk(dir, loop)) {
                    System.out.println(run(disk, loop, entryBytes, seconds, concurrency));
                }
                deleteRecursively(dir);
            }
        } finally {
            loop.shutdownNow();
        }
    }

    /** One measurement; all WAL calls happen on {@code loop}. */
    private static String run(FileDisk disk, ScheduledExecutorService loop, int entryBytes, int seconds, int concurrency)
            throws Exception {
        Scheduler scheduler = new Scheduler() {
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
        Trace quiet = new Trace() {
            @Override
            public void event(String what) {
            }

            @Override
            public void warn(String what) {
                System.err.println("wal warning: " + what);
            }
        };
        CompletableFuture<String> result = new CompletableFuture<>();
        loop.execute(() -> Wal.open(disk, scheduler, quiet, WalConfig.of("bench", 1), opened -> {
            switch (opened) {
                case OpenResult.Refused r -> result.completeExceptionally(new IllegalStateException(r.message()));
                case OpenResult.Opened o -> new Driver(o.wal(), loop, entryBytes, seconds, concurrency, result).start();
            }
        }));
        return result.get(seconds + 60L, TimeUnit.SECONDS);
    }

    /** Keeps {@code concurrency} saves outstanding until the deadline, then reports. Lives on the loop. */
    private static final class Driver {
        private final Wal wal;
        private final ScheduledExecutorService loop;
        private final byte[] payload;
        private final long durationNanos;
        private final int concurrency;
        private final CompletableFuture<String> result;
        private long nextIndex = 1;
        private long startNanos;
        private long deadlineNanos;
        private long acked;
        private long latencySumNanos;
        private int outstanding;
        private long fsyncsAtStart;
        private long stateFsyncsAtStart;
        private long batchesAtStart;

        Driver(Wal wal, ScheduledExecutorService loop, int entryBytes, int seconds, int concurrency,
               CompletableFuture<String> result) {
            this.wal = wal;
            this.loop = loop;
            this.payload = new byte[entryBytes];
            this.durationNanos = TimeUnit.SECONDS.toNanos(seconds);
            this.concurrency = concurrency;
            this.result = result;
        }

        void start() {
            // the first save after recovery starts a new segment; keep that out of the figures
            wal.save(new WalHardState(1, 1, 0), List.of(), null, r -> {
                startNanos = System.nanoTime();
                deadlineNanos = startNanos + durationNanos;
                fsyncsAtStart = wal.fsyncCount();
                stateFsyncsAtStart = wal.stateFsyncCount();
                batchesAtStart = wal.batchCount();
                for (int i = 0; i < concurrency; i++) {
                    issue();
                }
            });
        }

        private void issue() {
            long issuedNanos = System.nanoTime();
            outstanding++;
            wal.save(null, List.of(new WalEntry(nextIndex++, 1, 0, payload)), null, r -> {
                outstanding--;
                if (!(r instanceof SaveResult.Durable)) {
                    result.completeExceptionally(new IllegalStateException("save failed: " + r));
                    return;
                }
                long now = System.nanoTime();
                acked++;
                latencySumNanos += now - issuedNanos;
                if (now < deadlineNanos) {
                    issue();
                } else if (outstanding == 0) {
                    report(now);
                }
            });
        }

        private void report(long now) {
            double elapsed = (now - startNanos) / 1e9;
            long fsyncs = wal.fsyncCount() - fsyncsAtStart;
            // one state-slot copy per group commit, fsynced after the data (docs/wal.md, "State slots")
            long stateFsyncs = wal.stateFsyncCount() - stateFsyncsAtStart;
            long batches = wal.batchCount() - batchesAtStart;
            result.complete(String.format(
                    "wal on file disk: concurrency %4d, %d-byte entries: %9.0f saves/s  %7.0f data + %7.0f state fsyncs/s  %6.1f saves per group commit  %7.3f ms mean ack latency  (%d saves in %.1f s)",
                    concurrency, payload.length, acked / elapsed, fsyncs / elapsed, stateFsyncs / elapsed, (double) acked / Math.max(1, batches),
                    latencySumNanos / 1e6 / Math.max(1, acked), acked, elapsed));
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
