package io.shoaldb.bench.sql;

import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import io.shoaldb.sql.session.StatementResult;
import io.shoaldb.storage.MvccTable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The issue-5 analytical figures, ShoalDB against PostgreSQL 15 on the same machine: a table of
 * 1,000,000 rows {@code big(id int primary key, grp int, val bigint, small_id int)} and one of 100,000 rows
 * {@code small(id int primary key, name text)}, both loaded through SQL, then three queries timed on both:
 * a full scan with a filter, a GROUP BY with 1,000 groups, and a hash join of the two tables. Results are
 * compared row for row between the two systems (a difference fails the run).
 *
 * <pre>
 *   bench/sql-vs-postgres.sh                      starts a throwaway PostgreSQL 15 and runs this
 *   bench/run io.shoaldb.bench.sql.SqlVsPostgres [--rows N] [--small N] [--runs N] [--pg JDBC-URL] [--offheap]
 * </pre>
 *
 * {@code --offheap} keeps ShoalDB's row bytes off the heap ({@code io.shoaldb.storage.RowArena}); the run
 * then also reports the off-heap bytes per row. Either way it prints the garbage collector's count and time
 * over the timed queries and the pause of one full collection with the tables loaded.
 *
 * Without {@code --pg} only ShoalDB is measured. ShoalDB runs a statement on one thread (the node's event
 * loop), so the PostgreSQL column is measured with {@code max_parallel_workers_per_gather = 0}; a second
 * column shows PostgreSQL with its default parallel plans. Each figure is the median of {@code --runs}
 * timed runs after two warm-up runs (the first of which plans the statement), with the 1-minute load
 * average of the machine at the time.
 */
public final class SqlVsPostgres {
    private static final int LOAD_BATCH_ROWS = 1000;

    /** One measured query: a name and the same SQL text for both systems. */
    record Query(String name, String sql) {
    }

    static final List<Query> QUERIES = List.of(
            new Query("scan+filter", "SELECT count(*), sum(val) FROM big WHERE val % 7 = 3"),
            new Query("group by", "SELECT grp, count(*), sum(val) FROM big GROUP BY grp"),
            new Query("hash join", "SELECT count(*), sum(b.val), max(s.name) FROM big b JOIN small s ON b.small_id = s.id"));

    /** A timing: median and minimum of the timed runs, the load average, and the result rows as text. */
    record Timing(double medianMs, double minMs, double load, List<String> rows) {
    }

    private SqlVsPostgres() {
    }

    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        int small = 100_000;
        int runs = 5;
        String pgUrl = null;
        boolean offHeap = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--small" -> small = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--pg" -> pgUrl = args[++i];
                case "--offheap" -> offHeap = true;
                default -> {
                    System.err.println("usage: SqlVsPostgres [--rows N] [--small N] [--runs N] [--pg JDBC-URL] [--offheap]");
                    System.exit(64);
                }
            }
        }
        if (rows < 1 || small < 1 || runs < 1) {
            System.err.println("--rows, --small and --runs must be positive");
            System.exit(64);
        }
        System.out.printf("data: big %,d rows, small %,d rows; %d timed runs per query; %s; load %s%n", rows, small,
                runs, Runtime.version(), loadAverages());

        List<Timing> shoal = runShoal(rows, small, runs, offHeap);
        List<Timing> pgSerial = null;
        List<Timing> pgParallel = null;
        if (pgUrl != null) {
            try (Connection c = DriverManager.getConnection(pgUrl)) {
                c.setAutoCommit(true);
                loadPostgres(c, rows, small);
                try (Statement st = c.createStatement()) {
                    st.execute("SET max_parallel_workers_per_gather = 0");
                }
                printPgPlan(c, QUERIES.get(2).sql());
                pgSerial = timePg(c, runs);
                try (Statement st = c.createStatement()) {
                    st.execute("RESET max_parallel_workers_per_gather");
                }
                pgParallel = timePg(c, runs);
            }
        }
        printTable(shoal, pgSerial, pgParallel);
        if (pgSerial != null && !verify(shoal, pgSerial)) {
            System.exit(1);
        }
    }

    // ---------------------------------------------------------------- ShoalDB

    private static List<Timing> runShoal(int rows, int small, int runs, boolean offHeap) {
        long heapBefore = usedHeapAfterGc();
        SqlEngine engine = new SqlEngine();
        engine.store().setOffHeapRows(offHeap);
        Session s = engine.openSession();
        s.execute("CREATE TABLE big (id INT PRIMARY KEY, grp INT, val BIGINT, small_id INT)", List.of());
        s.execute("CREATE TABLE small (id INT PRIMARY KEY, name TEXT)", List.of());
        long t0 = System.nanoTime();
        loadShoal(s, "small", 2, small, small);
        loadShoal(s, "big", 4, rows, small);
        double loadS = (System.nanoTime() - t0) / 1e9;
        engine.vacuum();
        long heapAfter = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "shoaldb load: %,d + %,d rows in %.1f s (%,.0f rows/s) through "
                        + "%d-row parameterised INSERTs, autocommit; load %s%n",
                rows, small, loadS, (rows + small) / loadS, LOAD_BATCH_ROWS, loadAverages());
        MvccTable big = engine.catalog().table("big").storage();
        MvccTable sm = engine.catalog().table("small").storage();
        System.out.printf(Locale.ROOT, "shoaldb row layout: big %.1f bytes/row for 20 bytes of raw values "
                        + "(int4, int4, int8, int4); small %.1f bytes/row for %.1f bytes of raw values (int4 + text)%n",
                (double) big.rowBytes() / big.keyCount(), (double) sm.rowBytes() / sm.keyCount(),
                4 + avgNameBytes(small));
        System.out.printf(Locale.ROOT, "shoaldb heap: %.0f bytes per row of both tables, all in (keys, index "
                + "map, version chains, rows), from used heap after GC%n",
                (double) (heapAfter - heapBefore) / (rows + small));
        System.out.printf(Locale.ROOT, "shoaldb rows %s: off-heap %.1f bytes/row in blocks, %.1f reserved (slabs)%n",
                offHeap ? "off the heap" : "on the heap",
                (double) (big.offHeapUsedBytes() + sm.offHeapUsedBytes()) / (rows + small),
                (double) engine.store().offHeapReservedBytes() / (rows + small));
        long gcStart = System.nanoTime();
        System.gc();
        System.out.printf(Locale.ROOT, "shoaldb full GC with the tables loaded: %.1f ms%n", (System.nanoTime() - gcStart) / 1e6);
        long[] gcBefore = gcCountAndMillis();
        System.out.println("shoaldb plan of the join:");
        for (Object[] r : s.execute("EXPLAIN " + QUERIES.get(2).sql(), List.of()).rows()) {
            System.out.println("  " + r[0]);
        }
        List<Timing> out = new ArrayList<>();
        for (Query q : QUERIES) {
            out.add(time(runs, () -> {
                StatementResult r = s.execute(q.sql(), List.of());
                List<String> text = new ArrayList<>(r.rows().size());
                for (int i = 0; i < r.rows().size(); i++) {
                    StringBuilder line = new StringBuilder();
                    for (int c = 0; c < r.columns().size(); c++) {
                        line.append(c == 0 ? "" : "|").append(r.text(i, c));
                    }
                    text.add(line.toString());
                }
                return text;
            }));
        }
        long[] gcAfter = gcCountAndMillis();
        System.out.printf(Locale.ROOT, "shoaldb GC during the timed queries: %d collections, %d ms%n",
                gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1]);
        return out;
    }

    private static long[] gcCountAndMillis() {
        long count = 0;
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            ms += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, ms};
    }

    /** Loads rows 0..n-1 of a table through one cached parameterised INSERT of LOAD_BATCH_ROWS rows. */
    private static void loadShoal(Session s, String table, int columns, int n, int small) {
        long firstStatementNanos = 0;
        for (int base = 0; base < n; base += LOAD_BATCH_ROWS) {
            long t = System.nanoTime();
            int count = Math.min(LOAD_BATCH_ROWS, n - base);
            List<Object> params = new ArrayList<>(count * columns);
            for (int i = base; i < base + count; i++) {
                addRow(params, table, i, small);
            }
            s.execute(insertSql(table, columns, count, false), params);
            if (base == 0) {
                firstStatementNanos = System.nanoTime() - t;
            }
        }
        // The first statement pays for planning the multi-row VALUES (a plan-cache miss); the rest are hits.
        System.out.printf(Locale.ROOT, "shoaldb load of %s: first %d-row INSERT (planning + execution) took %.0f ms%n",
                table, Math.min(n, LOAD_BATCH_ROWS), firstStatementNanos / 1e6);
    }

    private static void addRow(List<Object> params, String table, int i, int small) {
        if (table.equals("small")) {
            params.add(i);
            params.add("name-" + i);
        } else {
            params.add(i);
            params.add(i % 1000);
            params.add(i * 31L % 100_003);
            params.add(i % small);
        }
    }

    /** A multi-row INSERT with PostgreSQL's {@code $n} parameters (ShoalDB) or JDBC's {@code ?} (pgjdbc). */
    static String insertSql(String table, int columns, int rowsPerStatement, boolean jdbc) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" VALUES ");
        for (int r = 0; r < rowsPerStatement; r++) {
            sql.append(r == 0 ? "(" : ", (");
            for (int c = 0; c < columns; c++) {
                sql.append(c == 0 ? "" : ", ");
                if (jdbc) {
                    sql.append('?');
                } else {
                    sql.append('$').append(r * columns + c + 1);
                }
            }
            sql.append(')');
        }
        return sql.toString();
    }

    private static double avgNameBytes(int small) {
        long total = 0;
        for (int i = 0; i < small; i++) {
            total += ("name-" + i).length();
        }
        return (double) total / small;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    // ---------------------------------------------------------------- PostgreSQL

    private static void loadPostgres(Connection c, int rows, int small) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS big");
            st.execute("DROP TABLE IF EXISTS small");
            st.execute("CREATE TABLE big (id INT PRIMARY KEY, grp INT, val BIGINT, small_id INT)");
            st.execute("CREATE TABLE small (id INT PRIMARY KEY, name TEXT)");
        }
        long t0 = System.nanoTime();
        loadPg(c, "small", 2, small, small);
        loadPg(c, "big", 4, rows, small);
        double loadS = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "postgresql load: %,d + %,d rows in %.1f s (%,.0f rows/s) through the "
                        + "same %d-row parameterised INSERTs over pgjdbc (loopback TCP), autocommit; load %s%n",
                rows, small, loadS, (rows + small) / loadS, LOAD_BATCH_ROWS, loadAverages());
        try (Statement st = c.createStatement()) {
            st.execute("VACUUM ANALYZE big");
            st.execute("VACUUM ANALYZE small");
            try (ResultSet rs = st.executeQuery("SELECT version(), pg_relation_size('big'), "
                    + "pg_total_relation_size('big'), pg_relation_size('small')")) {
                rs.next();
                System.out.printf(Locale.ROOT, "postgresql: %s%npostgresql storage: big heap %.1f bytes/row "
                                + "(%.1f with its primary-key index), small heap %.1f bytes/row%n",
                        rs.getString(1), rs.getLong(2) / (double) rows, rs.getLong(3) / (double) rows,
                        rs.getLong(4) / (double) small);
            }
        }
    }

    private static void loadPg(Connection c, String table, int columns, int n, int small) throws SQLException {
        PreparedStatement full = c.prepareStatement(insertSql(table, columns, LOAD_BATCH_ROWS, true));
        for (int base = 0; base < n; base += LOAD_BATCH_ROWS) {
            int count = Math.min(LOAD_BATCH_ROWS, n - base);
            PreparedStatement ps = count == LOAD_BATCH_ROWS ? full : c.prepareStatement(insertSql(table, columns, count, true));
            List<Object> params = new ArrayList<>(count * columns);
            for (int i = base; i < base + count; i++) {
                addRow(params, table, i, small);
            }
            for (int p = 0; p < params.size(); p++) {
                ps.setObject(p + 1, params.get(p));
            }
            ps.executeUpdate();
            if (ps != full) {
                ps.close();
            }
        }
        full.close();
    }

    private static void printPgPlan(Connection c, String sql) throws SQLException {
        System.out.println("postgresql plan of the join (max_parallel_workers_per_gather = 0):");
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("EXPLAIN " + sql)) {
            while (rs.next()) {
                System.out.println("  " + rs.getString(1));
            }
        }
    }

    private static List<Timing> timePg(Connection c, int runs) throws SQLException {
        List<Timing> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            for (Query q : QUERIES) {
                out.add(time(runs, () -> {
                    List<String> text = new ArrayList<>();
                    try (ResultSet rs = st.executeQuery(q.sql())) {
                        int n = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            StringBuilder line = new StringBuilder();
                            for (int col = 1; col <= n; col++) {
                                line.append(col == 1 ? "" : "|").append(rs.getString(col));
                            }
                            text.add(line.toString());
                        }
                    }
                    return text;
                }));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- timing and output

    private interface Run {
        List<String> run() throws SQLException;
    }

    private static Timing time(int runs, Run run) throws RuntimeException {
        try {
            List<String> rows = run.run();
            run.run();
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                rows = run.run();
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            List<String> sorted = new ArrayList<>(rows);
            sorted.sort(null);
            return new Timing(ms[runs / 2], ms[0], loadAverage1(), sorted);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL failed: " + e.getMessage(), e);
        }
    }

    private static void printTable(List<Timing> shoal, List<Timing> pg, List<Timing> pgPar) {
        System.out.println();
        System.out.printf("%-12s %12s %12s %8s %14s %6s  %s%n", "query", "shoaldb ms", "postgres ms", "ratio",
                "pg parallel ms", "load", "sql");
        for (int i = 0; i < QUERIES.size(); i++) {
            Timing s = shoal.get(i);
            String pgMs = pg == null ? "-" : fmt(pg.get(i).medianMs());
            String ratio = pg == null ? "-" : String.format(Locale.ROOT, "%.2fx", s.medianMs() / pg.get(i).medianMs());
            String par = pgPar == null ? "-" : fmt(pgPar.get(i).medianMs());
            double load = pg == null ? s.load() : Math.max(s.load(), pg.get(i).load());
            System.out.printf(Locale.ROOT, "%-12s %12s %12s %8s %14s %6.1f  %s%n", QUERIES.get(i).name(),
                    fmt(s.medianMs()), pgMs, ratio, par, load, QUERIES.get(i).sql());
        }
        System.out.println("(median of the timed runs; ratio = shoaldb / postgres, below 1 means ShoalDB is faster;"
                + " load = highest 1-minute load average seen at the end of either measurement)");
        System.out.printf(Locale.ROOT, "min ms: %s%n", mins(shoal, pg));
    }

    private static String mins(List<Timing> shoal, List<Timing> pg) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < QUERIES.size(); i++) {
            b.append(i == 0 ? "" : "; ").append(QUERIES.get(i).name()).append(" shoaldb ").append(fmt(shoal.get(i).minMs()));
            if (pg != null) {
                b.append(" postgres ").append(fmt(pg.get(i).minMs()));
            }
        }
        return b.toString();
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : "%.0f", ms);
    }

    private static boolean verify(List<Timing> shoal, List<Timing> pg) {
        boolean ok = true;
        for (int i = 0; i < QUERIES.size(); i++) {
            List<String> a = shoal.get(i).rows();
            List<String> b = pg.get(i).rows();
            if (!a.equals(b)) {
                ok = false;
                System.out.printf("RESULT MISMATCH in %s: shoaldb %d rows (first %s), postgres %d rows (first %s)%n",
                        QUERIES.get(i).name(), a.size(), a.isEmpty() ? "-" : a.get(0), b.size(),
                        b.isEmpty() ? "-" : b.get(0));
            }
        }
        if (ok) {
            System.out.println("results: identical on ShoalDB and PostgreSQL for all queries");
        }
        return ok;
    }

    private static String loadAverages() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static double loadAverage1() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
