package io.shoaldb.bench;

import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import io.shoaldb.sql.session.StatementResult;
import io.shoaldb.storage.MvccTable;
import java.util.Arrays;
import java.util.List;

/**
 * The issue-5 analytical figures on one node: a 1M-row table scanned with a filter, grouped, and hash
 * joined with a 100k-row table; plus bytes per row of the row layout. Prints the median of five runs
 * per query. Compare with PostgreSQL 15 on the same machine using the same data
 * (sql/scripts/scale-bench-pg.sql). Run: {@code bench/run io.shoaldb.bench.SqlScaleBench [rows]}.
 */
public final class SqlScaleBench {
    private SqlScaleBench() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int smallRows = rows / 10;
        SqlEngine engine = new SqlEngine();
        Session s = engine.openSession();
        s.execute("CREATE TABLE big (id INT PRIMARY KEY, grp INT, val BIGINT, small_id INT)", List.of());
        s.execute("CREATE TABLE small (id INT PRIMARY KEY, name TEXT)", List.of());
        long t0 = System.nanoTime();
        load(s, "INSERT INTO small VALUES ($1, $2)", smallRows, i -> List.of(i, "name-" + i));
        load(s, "INSERT INTO big VALUES ($1, $2, $3, $4)", rows, i -> List.of(i, i % 1000, (long) i * 31 % 100_003, i % smallRows));
        System.out.printf("load: %d + %d rows in %.1f s%n", rows, smallRows, (System.nanoTime() - t0) / 1e9);
        MvccTable big = engine.catalog().table("big").storage();
        System.out.printf("row layout: %.1f bytes/row for 20 bytes of raw values (int4, int4, int8, int4)%n",
                (double) big.rowBytes() / big.keyCount());
        MvccTable small = engine.catalog().table("small").storage();
        System.out.printf("row layout: %.1f bytes/row for small (int4 + ~10 char text)%n",
                (double) small.rowBytes() / small.keyCount());
        time(s, "scan+filter", "SELECT count(*) FROM big WHERE val % 7 = 3");
        time(s, "group by", "SELECT grp, count(*), sum(val) FROM big GROUP BY grp");
        time(s, "hash join", "SELECT count(*) FROM big b JOIN small s ON b.small_id = s.id");
    }

    private interface Row {
        List<Object> of(int i);
    }

    private static void load(Session s, String sql, int n, Row row) {
        int batch = 10_000;
        for (int base = 0; base < n; base += batch) {
            s.execute("BEGIN", List.of());
            for (int i = base; i < Math.min(n, base + batch); i++) {
                s.execute(sql, row.of(i));
            }
            s.execute("COMMIT", List.of());
        }
    }

    private static void time(Session s, String name, String sql) {
        long[] ms = new long[5];
        String result = null;
        for (int r = 0; r < ms.length; r++) {
            long t = System.nanoTime();
            StatementResult res = s.execute(sql, List.of());
            ms[r] = (System.nanoTime() - t) / 1_000_000;
            result = res.commandTag();
        }
        Arrays.sort(ms);
        System.out.printf("%-12s median %d ms (min %d, max %d) [%s] %s%n", name, ms[2], ms[0], ms[4], result, sql);
    }
}
