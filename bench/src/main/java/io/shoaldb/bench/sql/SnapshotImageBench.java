package io.shoaldb.bench.sql;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.net.disk.FileDisk;
import io.shoaldb.runtime.Scheduler;
import io.shoaldb.runtime.Trace;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.log.ApplyOutcome;
import io.shoaldb.sql.log.CommitLog;
import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import io.shoaldb.sql.session.StatementResult;
import io.shoaldb.wal.OpenResult;
import io.shoaldb.wal.Recovered;
import io.shoaldb.wal.SaveResult;
import io.shoaldb.wal.Wal;
import io.shoaldb.wal.WalConfig;
import io.shoaldb.wal.WalEntry;
import io.shoaldb.wal.WalHardState;
import io.shoaldb.wal.WalSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Builds a SQL engine image larger than one Java array can hold and times the whole path an image takes:
 * {@code SqlEngine.snapshot} into chunks, the WAL writing it as a snapshot file on the production
 * {@link FileDisk} (temp file, fsync, rename, directory fsync), the WAL reading and verifying it back at
 * recovery, and {@code SqlEngine.restore} from what was read. The source engine is dropped before the
 * file is read back, so at most two copies of the image bytes are alive (the written and the read one)
 * and never one array of it.
 *
 * <pre>BENCH_JAVA_OPTS=-Xmx12g bench/run io.shoaldb.bench.sql.SnapshotImageBench [gib=3] [row-bytes=1000] [dir=bench/target/image-bench] [chunk-mib=16]</pre>
 */
public final class SnapshotImageBench {

    private static final int ROWS_PER_INSERT = 5_000;

    public static void main(String[] args) throws Exception {
        double gib = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int rowBytes = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path dir = Path.of(args.length > 2 ? args[2] : "bench/target/image-bench");
        int chunkBytes = (args.length > 3 ? Integer.parseInt(args[3]) : 16) << 20;
        long targetBytes = (long) (gib * (1L << 30));
        long rows = targetBytes / (rowBytes + 40);

        ImmediateLog log = new ImmediateLog();
        SqlEngine engine = SqlEngine.durable(log);
        log.engine = engine;
        Session s = engine.openSession();
        long t0 = System.nanoTime();
        run(s, log, "CREATE TABLE t (k BIGINT PRIMARY KEY, v TEXT)");
        for (long from = 1; from <= rows; from += ROWS_PER_INSERT) {
            long to = Math.min(rows, from + ROWS_PER_INSERT - 1);
            run(s, log, "INSERT INTO t SELECT x, repeat('v', " + rowBytes + ") FROM generate_series(" + from + ", " + to
                    + ") AS g(x)");
        }
        System.out.printf("filled     %,d rows of %d bytes in %.1f s%n", rows, rowBytes, seconds(t0));

        long t1 = System.nanoTime();
        ImageBytes image = engine.snapshot(chunkBytes);
        double snapSeconds = seconds(t1);
        long applied = engine.appliedIndex();
        System.out.printf("snapshot   %,d bytes (%.2f GiB) in %,d chunks: %.1f s, %.0f MiB/s%n", image.length(),
                image.length() / (double) (1L << 30), image.chunkCount(), snapSeconds, mib(image.length()) / snapSeconds);
        engine = null;
        log.engine = null;
        s = null;
        System.gc();

        deleteRecursively(dir);
        Files.createDirectories(dir);
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "image-bench-loop");
            t.setDaemon(true);
            return t;
        });
        ImageBytes readBack;
        try {
            WalConfig config = WalConfig.of("bench", 1).withImageChunkBytes(chunkBytes);
            try (FileDisk disk = new FileDisk(dir, loop)) {
                Wal wal = open(disk, loop, config).wal();
                long t2 = System.nanoTime();
                save(loop, wal, null, List.of(), new WalSnapshot(applied, 1, image));
                double writeSeconds = seconds(t2);
                System.out.printf("wal write  %.1f s, %.0f MiB/s (file, fsync, rename, directory fsync)%n", writeSeconds,
                        mib(image.length()) / writeSeconds);
            }
            int crc = image.crc32c();
            long length = image.length();
            image = null;
            System.gc();
            try (FileDisk disk = new FileDisk(dir, loop)) {
                long t3 = System.nanoTime();
                Recovered r = open(disk, loop, config).recovered();
                double readSeconds = seconds(t3);
                readBack = r.snapshot().orElseThrow().data();
                if (readBack.length() != length || readBack.crc32c() != crc) {
                    throw new IllegalStateException("the image read back differs from the one written");
                }
                System.out.printf("wal read   %.1f s, %.0f MiB/s (recovery: read, CRC32C verified)%n", readSeconds,
                        mib(length) / readSeconds);
            }
        } finally {
            loop.shutdownNow();
            deleteRecursively(dir);
        }

        long t4 = System.nanoTime();
        SqlEngine restored = SqlEngine.restore(readBack, (rec, done) -> {
            throw new IllegalStateException("nothing is appended while restoring");
        });
        double restoreSeconds = seconds(t4);
        System.out.printf("restore    %.1f s, %.0f MiB/s%n", restoreSeconds, mib(readBack.length()) / restoreSeconds);
        long imageBytes = readBack.length();
        readBack = null;
        // point reads only: an aggregate over the whole table would decode every row at once
        Session q = restored.openSession();
        String last = q.execute("SELECT length(v) FROM t WHERE k = " + rows, List.of()).text(0, 0);
        int beyond = q.execute("SELECT k FROM t WHERE k = " + (rows + 1), List.of()).rows().size();
        if (!last.equals(Integer.toString(rowBytes)) || beyond != 0 || restored.appliedIndex() != applied) {
            throw new IllegalStateException("restored row " + rows + " has " + last + " bytes, " + beyond
                    + " rows beyond it, applied index " + restored.appliedIndex() + " (expected " + applied + ")");
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf("check      last row and applied index restored (%,d bytes of image); heap max %.1f GiB%n", imageBytes,
                rt.maxMemory() / (double) (1L << 30));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double mib(long bytes) {
        return bytes / (double) (1 << 20);
    }

    /** Applies each record as soon as the statement that made it returns, as a one-node log would after its fsync. */
    private static final class ImmediateLog implements CommitLog {
        private record Held(byte[] record, Consumer<ApplyOutcome> done) {
        }

        private final ArrayDeque<Held> held = new ArrayDeque<>();
        private long index;
        SqlEngine engine;

        @Override
        public void append(byte[] record, Consumer<ApplyOutcome> done) {
            held.add(new Held(record, done));
        }

        void drain() {
            while (!held.isEmpty()) {
                Held h = held.poll();
                h.done().accept(engine.apply(++index, h.record()));
            }
        }
    }

    private static void run(Session s, ImmediateLog log, String sql) {
        SqlException[] error = new SqlException[1];
        boolean[] done = new boolean[1];
        s.executeAsync(sql, List.of(), new Session.Completion() {
            @Override
            public void completed(StatementResult r) {
                done[0] = true;
            }

            @Override
            public void failed(SqlException e) {
                error[0] = e;
                done[0] = true;
            }
        });
        log.drain();
        if (error[0] != null) {
            throw new IllegalStateException(sql + ": " + error[0].getMessage(), error[0]);
        }
        if (!done[0]) {
            throw new IllegalStateException(sql + ": did not complete");
        }
    }

    private static OpenResult.Opened open(FileDisk disk, ScheduledExecutorService loop, WalConfig config) throws Exception {
        CompletableFuture<OpenResult> result = new CompletableFuture<>();
        loop.execute(() -> Wal.open(disk, scheduler(loop), QUIET, config, result::complete));
        return switch (result.get(30, TimeUnit.MINUTES)) {
            case OpenResult.Refused r -> throw new IllegalStateException("WAL refused to open: " + r.message());
            case OpenResult.Opened o -> o;
        };
    }

    private static void save(ScheduledExecutorService loop, Wal wal, WalHardState hs, List<WalEntry> entries,
                             WalSnapshot snap) throws Exception {
        CompletableFuture<SaveResult> result = new CompletableFuture<>();
        loop.execute(() -> wal.save(hs, entries, snap, result::complete));
        SaveResult r = result.get(30, TimeUnit.MINUTES);
        if (!(r instanceof SaveResult.Durable)) {
            throw new IllegalStateException("WAL save failed: " + r);
        }
    }

    private static Scheduler scheduler(ScheduledExecutorService loop) {
        return new Scheduler() {
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
    }

    private static final Trace QUIET = new Trace() {
        @Override
        public void event(String what) {
        }

        @Override
        public void warn(String what) {
            System.err.println("wal warning: " + what);
        }
    };

    private static void deleteRecursively(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
