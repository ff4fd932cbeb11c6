package io.shoaldb.bench.sql;

import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Times a parameterised multi-row INSERT through the session API: the first statement (plan-cache miss,
 * so it includes planning the VALUES list and the JVM's first use of Calcite), a plan-cache miss in the
 * warm JVM (the same statement against a second table) and the median of the cached repeats, as rows per second.
 *
 * <pre>
 *   bench/run io.shoaldb.bench.sql.MultiRowInsertTiming [--rows-per-insert N] [--statements N]
 * </pre>
 */
public final class MultiRowInsertTiming {
    private MultiRowInsertTiming() {
    }

    public static void main(String[] args) {
        int rowsPerInsert = 1000;
        int statements = 200;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows-per-insert" -> rowsPerInsert = Integer.parseInt(args[++i]);
                case "--statements" -> statements = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: MultiRowInsertTiming [--rows-per-insert N] [--statements N]");
                    System.exit(64);
                }
            }
        }
        Session s = new SqlEngine().openSession();
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, name TEXT, n BIGINT)", List.of());
        StringBuilder sql = new StringBuilder("INSERT INTO t VALUES ");
        for (int i = 0; i < rowsPerInsert; i++) {
            sql.append(i == 0 ? "" : ", ").append("($").append(3 * i + 1).append(", $").append(3 * i + 2)
                    .append(", $").append(3 * i + 3).append(')');
        }
        long[] nanos = new long[statements];
        for (int st = 0; st < statements; st++) {
            List<Object> params = new ArrayList<>(3 * rowsPerInsert);
            for (int i = 0; i < rowsPerInsert; i++) {
                int id = st * rowsPerInsert + i;
                params.add(id);
                params.add("name" + id);
                params.add((long) id * 7);
            }
            long t = System.nanoTime();
            s.execute(sql.toString(), params);
            nanos[st] = System.nanoTime() - t;
        }
        long first = nanos[0];
        // A plan-cache miss in a warm JVM: the same statement against a second table, planned afresh.
        s.execute("CREATE TABLE t2 (id INT PRIMARY KEY, name TEXT, n BIGINT)", List.of());
        List<Object> params2 = new ArrayList<>(3 * rowsPerInsert);
        for (int i = 0; i < rowsPerInsert; i++) {
            params2.add(i);
            params2.add("name" + i);
            params2.add((long) i);
        }
        long warmMissStart = System.nanoTime();
        s.execute(sql.toString().replace("INSERT INTO t ", "INSERT INTO t2 "), params2);
        long warmMiss = System.nanoTime() - warmMissStart;
        long[] cached = Arrays.copyOfRange(nanos, Math.min(statements - 1, statements / 5 + 1), statements);
        Arrays.sort(cached);
        long median = cached[cached.length / 2];
        System.out.printf(Locale.ROOT, "%d-row parameterised INSERT: first (JVM cold, planning + execution) %.0f ms; "
                        + "warm plan-cache miss %.0f ms; cached "
                        + "median %.2f ms (%,.0f rows/s) over the last %d statements; %s rows total; load %.2f%n",
                rowsPerInsert, first / 1e6, warmMiss / 1e6, median / 1e6, rowsPerInsert * 1e9 / median, cached.length,
                s.execute("SELECT count(*) FROM t", List.of()).text(0, 0),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
