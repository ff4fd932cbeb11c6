package io.shoaldb.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shoaldb.storage.ColumnType;
import io.shoaldb.storage.KeyCodec;
import io.shoaldb.storage.KeyRange;
import io.shoaldb.storage.MvccTable;
import io.shoaldb.storage.TableSchema;
import io.shoaldb.storage.TableStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random interleavings of transactions that read keys (by point reads or by scanning) and write values
 * derived from what they read. Writing transactions serialize in commit order: each one that commits must
 * have read exactly what the serial execution in that order shows it, and the final table must equal that
 * execution. Read-only transactions serialize at their snapshot: they must read the state after the
 * writers that committed before they began. Together that is a serial order of all committed
 * transactions. Vacuum runs in between to show it never removes a
 * version an open snapshot needs.
 */
class SerializabilityPropertyTest {
    private static final int KEYS = 4;

    /** What one transaction does: reads (point or scan), then writes key := sum(reads) + id. */
    private record Plan(int id, List<Integer> reads, boolean scan, List<Integer> writes) {
    }

    @Property(tries = 300)
    void committedTransactionsSeeTheSerialOrderOfTheirCommits(@ForAll long seed) {
        Random random = new Random(seed);
        TableStore store = new TableStore();
        TransactionManager tm = new TransactionManager(store);
        MvccTable t = store.create(new TableSchema(List.of(ColumnType.INT4, ColumnType.INT8), new int[] {0}));
        int n = 3 + random.nextInt(6);
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Integer> reads = new ArrayList<>();
            List<Integer> writes = new ArrayList<>();
            for (int k = 0; k < KEYS; k++) {
                if (random.nextInt(3) == 0) {
                    reads.add(k);
                }
                if (random.nextInt(3) == 0) {
                    writes.add(k);
                }
            }
            plans.add(new Plan(i + 1, reads, random.nextBoolean(), writes));
        }
        // Interleave: each step advances one random unfinished transaction by one phase: begin, read, write, commit.
        Transaction[] txns = new Transaction[n];
        int[] phase = new int[n];
        long[] readSum = new long[n];
        int[] writersBefore = new int[n];
        List<Integer> roCommitted = new ArrayList<>();
        List<Integer> commitOrder = new ArrayList<>();
        List<Long> observed = new ArrayList<>();
        int done = 0;
        while (done < n) {
            int i = random.nextInt(n);
            if (phase[i] == 4) {
                continue;
            }
            Plan p = plans.get(i);
            switch (phase[i]) {
                case 0 -> {
                    txns[i] = tm.begin();
                    writersBefore[i] = commitOrder.size();
                }
                case 1 -> readSum[i] = p.scan() ? scanSum(txns[i], t, p.reads()) : pointSum(txns[i], t, p.reads());
                case 2 -> {
                    for (int k : p.writes()) {
                        txns[i].put(t, key(k), t.codec().encode(new Object[] {k, readSum[i] * 10 + p.id()}));
                    }
                }
                default -> {
                    try {
                        txns[i].commit();
                        if (p.writes().isEmpty()) {
                            roCommitted.add(i);
                        } else {
                            commitOrder.add(i);
                            observed.add(readSum[i]);
                        }
                    } catch (SerializationFailure e) {
                        // aborted: leaves no trace
                    }
                    done++;
                }
            }
            phase[i]++;
            if (random.nextInt(4) == 0) {
                tm.vacuum();
            }
        }
        // Serial replay of the writers in commit order; read-only transactions checked against the prefix
        // of writers committed before they began.
        TreeMap<Integer, Long> serial = new TreeMap<>();
        for (int c = 0; c <= commitOrder.size(); c++) {
            for (int ro : roCommitted) {
                if (writersBefore[ro] == c) {
                    long sum = 0;
                    for (int k : plans.get(ro).reads()) {
                        sum += serial.getOrDefault(k, 0L);
                    }
                    assertEquals(sum, readSum[ro], "read-only transaction " + plans.get(ro).id() + " saw a torn snapshot");
                }
            }
            if (c == commitOrder.size()) {
                break;
            }
            Plan p = plans.get(commitOrder.get(c));
            long sum = 0;
            for (int k : p.reads()) {
                sum += serial.getOrDefault(k, 0L);
            }
            assertEquals(sum, (long) observed.get(c), "transaction " + p.id() + " read a non-serializable state");
            for (int k : p.writes()) {
                serial.put(k, sum * 10 + p.id());
            }
        }
        Transaction check = tm.begin();
        for (int k = 0; k < KEYS; k++) {
            byte[] row = check.get(t, key(k));
            Long actual = row == null ? null : (Long) t.codec().decode(row)[1];
            assertEquals(serial.get(k), actual, "final value of key " + k);
        }
        check.commit();
    }

    private static byte[] key(int k) {
        return KeyCodec.encode(new ColumnType[] {ColumnType.INT4}, new Object[] {k});
    }

    private static long pointSum(Transaction tx, MvccTable t, List<Integer> keys) {
        long sum = 0;
        for (int k : keys) {
            byte[] row = tx.get(t, key(k));
            sum += row == null ? 0 : (Long) t.codec().decode(row)[1];
        }
        return sum;
    }

    private static long scanSum(Transaction tx, MvccTable t, List<Integer> keys) {
        long sum = 0;
        Iterator<MvccTable.Entry> it = tx.scan(t, KeyRange.ALL);
        while (it.hasNext()) {
            Object[] row = t.codec().decode(it.next().row());
            if (keys.contains((Integer) row[0])) {
                sum += (Long) row[1];
            }
        }
        return sum;
    }
}
