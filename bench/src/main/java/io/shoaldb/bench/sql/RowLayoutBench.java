package io.shoaldb.bench.sql;

import io.shoaldb.storage.ColumnType;
import io.shoaldb.storage.KeyRange;
import io.shoaldb.storage.MvccTable;
import io.shoaldb.storage.RowArena;
import io.shoaldb.storage.TableSchema;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Bytes per row against the raw size of the values, for rows on the heap and off it (issue 5, storage):
 * fills one {@link MvccTable} per layout and mode straight through {@code apply} (no SQL, so only storage
 * is measured) and prints the encoded row size, the heap the table takes after a full GC (keys, map
 * entries, version objects and, on the heap, the row arrays), the off-heap blocks and slabs, the pause of a
 * full GC with the table live, and the time of a full scan that decodes every row.
 * <pre>
 *   bench/run io.shoaldb.bench.sql.RowLayoutBench [--rows N] [--runs N]
 * </pre>
 * Layouts: {@code accounts} like pgbench_accounts (int4 aid primary key, int4 bid, int4 abalance,
 * char(84) filler of blanks) and {@code wide}, 16 columns of mixed types.
 */
public final class RowLayoutBench {
    private RowLayoutBench() {
    }

    /** A row layout: its schema and a generator of row i. */
    private record Layout(String name, List<ColumnType> types, java.util.function.IntFunction<Object[]> row) {
    }

    private static final String FILLER = " ".repeat(84);

    private static final Layout ACCOUNTS = new Layout("accounts",
            List.of(ColumnType.INT4, ColumnType.INT4, ColumnType.INT4, ColumnType.TEXT),
            i -> new Object[] {i, i / 100_000 + 1, 0, FILLER});

    private static final Layout WIDE = new Layout("wide",
            List.of(ColumnType.INT8, ColumnType.INT8, ColumnType.INT8, ColumnType.INT8, ColumnType.INT4,
                    ColumnType.INT4, ColumnType.INT4, ColumnType.INT4, ColumnType.FLOAT8, ColumnType.FLOAT8,
                    ColumnType.BOOL, ColumnType.TIMESTAMPTZ, ColumnType.UUID, ColumnType.TEXT, ColumnType.TEXT,
                    ColumnType.NUMERIC),
            i -> new Object[] {(long) i, i * 7L, i * 13L, -i * 3L, i % 1000, i % 77, i, -i, i * 0.5, i / 3.0,
                    i % 2 == 0, Instant.ofEpochSecond(1_700_000_000L + i), new UUID(i, ~i),
                    "customer-" + i + "-" + "x".repeat(8), "note " + "abcdefghij".repeat(5) + i,
                    BigDecimal.valueOf(i * 101L, 2)});

    public static void main(String[] args) {
        int rows = 1_000_000;
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: RowLayoutBench [--rows N] [--runs N]");
                    System.exit(64);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%,d rows per table; %s; max heap %d MiB%n", rows, Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("%-9s %-8s %6s %8s %8s %9s %9s %8s %9s %9s%n", "layout", "rows", "raw B", "enc B",
                "heap B", "offheap B", "reserv. B", "total B", "fullGC ms", "scan ms");
        for (Layout l : List.of(ACCOUNTS, WIDE)) {
            for (boolean offHeap : new boolean[] {false, true}) {
                measure(l, rows, runs, offHeap);
            }
        }
    }

    private static void measure(Layout l, int rows, int runs, boolean offHeap) {
        TableSchema schema = new TableSchema(l.types(), new int[] {0});
        long heapBefore = usedHeapAfterGc();
        MvccTable t = new MvccTable(1, schema, offHeap ? new RowArena(false) : null);
        long raw = 0;
        for (int i = 0; i < rows; i++) {
            Object[] v = l.row().apply(i);
            raw += rawBytes(l.types(), v);
            t.apply(i + 1, schema.primaryKeyOf(v), t.codec().encode(v));
        }
        long heapAfter = usedHeapAfterGc();
        long gc0 = System.nanoTime();
        System.gc();
        double fullGcMs = (System.nanoTime() - gc0) / 1e6;
        double[] ms = new double[runs];
        long check = 0;
        for (int r = 0; r < runs + 1; r++) {
            long s0 = System.nanoTime();
            Iterator<MvccTable.Entry> it = t.scan(KeyRange.ALL, Long.MAX_VALUE);
            while (it.hasNext()) {
                check += t.codec().decode(it.next().row()).length;
            }
            if (r > 0) {
                ms[r - 1] = (System.nanoTime() - s0) / 1e6;
            }
        }
        Arrays.sort(ms);
        if (check != (long) (runs + 1) * rows * l.types().size()) {
            throw new IllegalStateException("scan saw " + check + " values");
        }
        double heapPerRow = (double) (heapAfter - heapBefore) / rows;
        double offPerRow = (double) t.offHeapUsedBytes() / rows;
        System.out.printf(Locale.ROOT, "%-9s %-8s %6.1f %8.1f %8.1f %9.1f %9.1f %8.1f %9.1f %9.1f%n",
                l.name(), offHeap ? "offheap" : "heap", (double) raw / rows, (double) t.rowBytes() / rows,
                heapPerRow, offPerRow, (double) t.offHeapReservedBytes() / rows,
                heapPerRow + (double) t.offHeapReservedBytes() / rows, fullGcMs, ms[runs / 2]);
        t.close();
    }

    /** The values' own size: fixed widths, UTF-8 or byte lengths, and a numeric's unscaled bytes plus its scale. */
    private static long rawBytes(List<ColumnType> types, Object[] v) {
        long n = 0;
        for (int c = 0; c < v.length; c++) {
            n += switch (types.get(c)) {
                case TEXT -> ((String) v[c]).getBytes(StandardCharsets.UTF_8).length;
                case NUMERIC -> ((BigDecimal) v[c]).unscaledValue().toByteArray().length + 1;
                case UUID -> 16;
                default -> types.get(c).fixedWidthBytes;
            };
        }
        return n;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
