package io.shoaldb.bench.sql;

import io.shoaldb.net.NetNode;
import io.shoaldb.net.NodeConfig;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.node.SqlNode;
import io.shoaldb.sql.node.SqlNodeConfig;
import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.StatementResult;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Commits per second of a durable one-node SQL group on real files with fsync: a {@link SqlNode} under
 * net's {@link NetNode} (Netty loop, file disk), {@code sessions} sessions on the node's loop each running
 * autocommit single-row INSERTs back to back. Every commit is one log entry; group commit lets the entries
 * of concurrent sessions share an fsync. Prints commits/s and the latency percentiles of one commit.
 *
 * <pre>bench/run io.shoaldb.bench.sql.DurableSqlBench [dir=bench/target/sql-bench] [sessions=32] [seconds=5]</pre>
 */
public final class DurableSqlBench {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/target/sql-bench");
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        NodeConfig config = new NodeConfig(0, new InetSocketAddress("127.0.0.1", 0), Map.of(), dir);
        AtomicReference<SqlNode> sql = new AtomicReference<>();
        NetNode node = NetNode.start(config, rt -> {
            SqlNode n = new SqlNode(rt, SqlNodeConfig.defaults(config.clusterName(), config.members()));
            sql.set(n);
            return n;
        }, e -> e.printStackTrace());
        try {
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!node.onLoop(() -> sql.get().isServing())) {
                if (System.nanoTime() > waitUntil) {
                    throw new IllegalStateException("the SQL node did not start serving within 30 s");
                }
                Thread.sleep(10);
            }
            Driver d = node.onLoop(() -> new Driver(sql.get(), sessions));
            node.onLoop(() -> {
                d.setUp();
                return null;
            });
            while (!node.onLoop(() -> d.ready)) {
                Thread.sleep(5);
            }
            node.onLoop(() -> {
                d.go();
                return null;
            });
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            long[] lat = node.onLoop(d::stop);
            long fsyncs = node.onLoop(() -> sql.get().replica().walFsyncs()) - d.fsyncsAtStart;
            double elapsed = (d.stoppedAt - d.startedAt) / 1e9;
            Arrays.sort(lat);
            System.out.printf("durable SQL, 1 node, real files + fsync (%s): %d sessions, %d commits in %.1f s = %.0f commits/s;"
                            + " commit latency p50 %.2f ms, p99 %.2f ms; %d errors; %d WAL fsyncs (%.1f commits per fsync)%n",
                    dir, sessions, lat.length, elapsed, lat.length / elapsed,
                    lat.length == 0 ? 0 : lat[lat.length / 2] / 1e6, lat.length == 0 ? 0 : lat[(int) (lat.length * 0.99)] / 1e6,
                    d.errors, fsyncs, fsyncs == 0 ? 0.0 : (double) lat.length / fsyncs);
        } finally {
            node.close();
        }
    }

    /** Runs on the node's loop only. */
    private static final class Driver {
        final SqlNode node;
        final List<Session> sessions = new ArrayList<>();
        final List<Long> latencies = new ArrayList<>();
        boolean ready;
        boolean running;
        long startedAt;
        long stoppedAt;
        long errors;
        long nextKey;

        Driver(SqlNode node, int n) {
            this.node = node;
            for (int i = 0; i < n; i++) {
                sessions.add(node.openSession());
            }
        }

        void setUp() {
            sessions.getFirst().executeAsync("CREATE TABLE bench (k BIGINT PRIMARY KEY, v TEXT)", List.of(),
                    new Session.Completion() {
                        @Override
                        public void completed(StatementResult r) {
                            ready = true;
                        }

                        @Override
                        public void failed(SqlException e) {
                            throw new IllegalStateException(e.getMessage());
                        }
                    });
        }

        long fsyncsAtStart;

        void go() {
            fsyncsAtStart = node.replica().walFsyncs();
            running = true;
            startedAt = System.nanoTime();
            for (Session s : sessions) {
                next(s);
            }
        }

        void next(Session s) {
            if (!running) {
                return;
            }
            long t0 = System.nanoTime();
            s.executeAsync("INSERT INTO bench VALUES ($1, 'a value of some thirty bytes...')", List.of(++nextKey),
                    new Session.Completion() {
                        @Override
                        public void completed(StatementResult r) {
                            if (running) {
                                latencies.add(System.nanoTime() - t0);
                            }
                            next(s);
                        }

                        @Override
                        public void failed(SqlException e) {
                            errors++;
                            next(s);
                        }
                    });
        }

        long[] stop() {
            running = false;
            stoppedAt = System.nanoTime();
            return latencies.stream().mapToLong(Long::longValue).toArray();
        }
    }
}
