package io.shoaldb.sql.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import io.shoaldb.sql.session.StatementResult;
import io.shoaldb.txn.ByteReader;
import io.shoaldb.txn.ByteWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Records larger than one log entry: split into consecutive fragments, applied whole with the last one,
 * dropped when cut short, and carried by snapshot images taken between two fragments.
 */
class FragmentedRecordTest {

    /** A log of entries at most {@code maxEntryBytes} long, applied when the test says so. */
    static final class SplittingLog implements CommitLog {
        record Pending(byte[] entry, Consumer<ApplyOutcome> done) {
        }

        final int maxEntryBytes;
        final List<Pending> pending = new ArrayList<>();
        final List<byte[]> log = new ArrayList<>();
        long ids;
        SqlEngine engine;

        SplittingLog(int maxEntryBytes) {
            this.maxEntryBytes = maxEntryBytes;
        }

        @Override
        public void append(byte[] record, Consumer<ApplyOutcome> done) {
            List<byte[]> entries = SqlRecord.entries(record, ++ids, maxEntryBytes);
            for (int i = 0; i < entries.size(); i++) {
                pending.add(new Pending(entries.get(i), i == entries.size() - 1 ? done : o -> { }));
            }
        }

        /** Applies the next {@code n} pending entries. */
        void apply(int n) {
            for (int i = 0; i < n; i++) {
                Pending p = pending.removeFirst();
                log.add(p.entry());
                p.done().accept(engine.apply(log.size(), p.entry()));
            }
        }

        void applyAll() {
            apply(pending.size());
        }
    }

    static final class Outcome implements Session.Completion {
        StatementResult result;
        io.shoaldb.sql.error.SqlException error;

        @Override
        public void completed(StatementResult r) {
            result = r;
        }

        @Override
        public void failed(io.shoaldb.sql.error.SqlException e) {
            error = e;
        }
    }

    private static String insertRows(int from, int to) {
        StringBuilder sql = new StringBuilder("INSERT INTO t VALUES ");
        for (int k = from; k < to; k++) {
            sql.append(k == from ? "" : ", ").append('(').append(k).append(", 'value number ").append(k).append("')");
        }
        return sql.toString();
    }

    private static long count(SqlEngine e) {
        StatementResult r = e.openSession().execute("SELECT count(*) FROM t", List.of());
        return Long.parseLong(r.text(0, 0));
    }

    @Test
    void entriesSplitOnlyWhatDoesNotFitAndFragmentsRoundTrip() {
        byte[] small = new byte[100];
        assertEquals(1, SqlRecord.entries(small, 1, 100).size());
        assertTrue(SqlRecord.entries(small, 1, 100).getFirst() == small, "a record that fits is its own entry");
        byte[] big = new byte[1000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        List<byte[]> entries = SqlRecord.entries(big, 7, 100);
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < entries.size(); i++) {
            assertTrue(entries.get(i).length <= 100);
            SqlRecord.Fragment f = assertInstanceOf(SqlRecord.Fragment.class, SqlRecord.decode(entries.get(i)));
            assertEquals(7, f.id());
            assertEquals(i, f.seq());
            assertEquals(entries.size(), f.count());
            joined.writeBytes(f.part());
        }
        assertArrayEquals(big, joined.toByteArray());
        assertThrows(IllegalArgumentException.class, () -> SqlRecord.entries(big, 1, SqlRecord.FRAGMENT_OVERHEAD_BYTES));
        byte[] seqPastCount = SqlRecord.encode(new SqlRecord.Fragment(1, 1, 2, new byte[3]));
        seqPastCount[2 + 8 + 3] = 5; // seq 5 of 2
        assertThrows(ByteReader.Malformed.class, () -> SqlRecord.decode(seqPastCount));
    }

    @Test
    void bufferCompletesInOrderAndDropsWhatWasCutShort() {
        FragmentBuffer b = new FragmentBuffer();
        assertInstanceOf(FragmentBuffer.Result.Pending.class, b.offer(new SqlRecord.Fragment(1, 0, 3, new byte[] {1})));
        assertInstanceOf(FragmentBuffer.Result.Pending.class, b.offer(new SqlRecord.Fragment(1, 1, 3, new byte[] {2})));
        // a snapshot image between two fragments carries them
        ByteWriter w = new ByteWriter(64);
        b.write(w);
        FragmentBuffer restored = new FragmentBuffer();
        restored.read(new ByteReader(w.toByteArray()));
        for (FragmentBuffer x : List.of(b, restored)) {
            FragmentBuffer.Result r = x.offer(new SqlRecord.Fragment(1, 2, 3, new byte[] {3}));
            assertArrayEquals(new byte[] {1, 2, 3}, assertInstanceOf(FragmentBuffer.Result.Complete.class, r).record());
            assertFalse(x.inProgress());
        }
        // a leader change cut record 2 short: record 3 starts afresh, a straggler of 2 is refused
        b.offer(new SqlRecord.Fragment(2, 0, 3, new byte[] {9}));
        b.offer(new SqlRecord.Fragment(3, 0, 2, new byte[] {4}));
        assertInstanceOf(FragmentBuffer.Result.Broken.class, b.offer(new SqlRecord.Fragment(2, 1, 3, new byte[] {9})));
        assertFalse(b.inProgress());
        // any other entry interrupts a record in progress; its last fragment then fails
        b.offer(new SqlRecord.Fragment(4, 0, 2, new byte[] {4}));
        b.interrupt();
        assertInstanceOf(FragmentBuffer.Result.Broken.class, b.offer(new SqlRecord.Fragment(4, 1, 2, new byte[] {5})));
    }

    @Test
    void aLargeCommitIsAppliedWholeWithItsLastFragmentAndSnapshotsBetweenFragmentsRestoreTheSameState() {
        SplittingLog log = new SplittingLog(512);
        SqlEngine e = SqlEngine.durable(log);
        log.engine = e;
        Session s = e.openSession();
        s.executeAsync("CREATE TABLE t (k INT PRIMARY KEY, v TEXT)", List.of(), new Outcome());
        log.applyAll();
        Outcome insert = new Outcome();
        s.executeAsync(insertRows(0, 200), List.of(), insert);
        int fragments = log.pending.size();
        assertTrue(fragments > 10, "200 rows in entries of 512 bytes take many fragments: " + fragments);
        log.apply(fragments / 2);
        assertNull(insert.result, "no outcome before the last fragment");
        assertEquals(0, count(e), "nothing of the record is visible before its last fragment");
        io.shoaldb.image.ImageBytes image = e.snapshot(61);
        long at = e.appliedIndex();
        log.applyAll();
        assertNull(insert.error);
        assertEquals(200, count(e));

        SqlEngine r = SqlEngine.restore(image, (rec, done) -> {
            throw new AssertionError("nothing is appended during the check");
        });
        for (int i = (int) at; i < log.log.size(); i++) {
            r.apply(i + 1, log.log.get(i));
        }
        assertEquals(200, count(r));
        assertTrue(e.snapshot().equals(r.snapshot()), "the restored engine is the live one");
    }

    @Test
    void aRecordCutShortIsDroppedAndItsCommitFails() {
        SplittingLog log = new SplittingLog(512);
        SqlEngine e = SqlEngine.durable(log);
        log.engine = e;
        Session s = e.openSession();
        s.executeAsync("CREATE TABLE t (k INT PRIMARY KEY, v TEXT)", List.of(), new Outcome());
        log.applyAll();
        Outcome cut = new Outcome();
        s.executeAsync(insertRows(0, 100), List.of(), cut);
        // the new leader's log keeps only the first fragments; its no-op follows them
        int keep = log.pending.size() / 2;
        List<SplittingLog.Pending> lost = new ArrayList<>(log.pending.subList(keep, log.pending.size()));
        log.pending.subList(keep, log.pending.size()).clear();
        log.apply(keep);
        e.skip(log.log.size() + 1);
        log.log.add(new byte[0]);
        lost.getLast().done().accept(new ApplyOutcome.Unknown("leader lost"));
        assertEquals("40003", cut.error.sqlState());
        assertEquals(0, count(e));
        // a later large commit goes through
        Outcome next = new Outcome();
        e.openSession().executeAsync(insertRows(100, 150), List.of(), next);
        log.applyAll();
        assertNull(next.error);
        assertEquals(50, count(e));
    }
}
