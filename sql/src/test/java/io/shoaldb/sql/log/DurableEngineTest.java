package io.shoaldb.sql.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import io.shoaldb.sql.session.StatementResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The durable engine's record path without Raft: commits and DDL become log records, validated and
 * installed when applied in log order; a snapshot image plus the entries after it rebuilds the same state.
 */
class DurableEngineTest {

    /** A log that holds records until the test applies them, as Raft would after an fsync. */
    static final class HeldLog implements CommitLog {
        record Held(byte[] record, Consumer<ApplyOutcome> done) {
        }

        final ArrayDeque<Held> held = new ArrayDeque<>();
        final List<byte[]> log = new ArrayList<>();
        SqlEngine engine;

        @Override
        public void append(byte[] record, Consumer<ApplyOutcome> done) {
            held.add(new Held(record, done));
        }

        void applyAll() {
            while (!held.isEmpty()) {
                Held h = held.poll();
                log.add(h.record());
                h.done().accept(engine.apply(log.size(), h.record()));
            }
        }

        void loseAll() {
            while (!held.isEmpty()) {
                held.poll().done().accept(new ApplyOutcome.Unknown("leader lost"));
            }
        }
    }

    /** Collects one asynchronous outcome. */
    static final class Outcome implements Session.Completion {
        StatementResult result;
        SqlException error;

        @Override
        public void completed(StatementResult r) {
            result = r;
        }

        @Override
        public void failed(SqlException e) {
            error = e;
        }

        boolean done() {
            return result != null || error != null;
        }
    }

    private static List<String> column(StatementResult r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.rows().size(); i++) {
            out.add(r.text(i, 0));
        }
        return out;
    }

    @Test
    void loopbackEngineRunsStatementsSynchronouslyThroughRecords() {
        SqlEngine e = SqlEngine.loopback();
        Session s = e.openSession();
        s.execute("CREATE TABLE t (k INT PRIMARY KEY, v TEXT)", List.of());
        s.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')", List.of());
        s.executeScript("BEGIN; UPDATE t SET v = 'c' WHERE k = 2; COMMIT");
        assertEquals(List.of("a", "c"), column(s.execute("SELECT v FROM t ORDER BY k", List.of())));
        assertEquals(3, e.appliedIndex(), "one DDL record and two commit records");
        SqlException dup = assertThrows(SqlException.class,
                () -> s.execute("CREATE TABLE t (k INT PRIMARY KEY)", List.of()));
        assertEquals("42P07", dup.sqlState());
        // DDL in a block: one block record, applied at COMMIT
        s.executeScript("BEGIN; CREATE TABLE u (k INT PRIMARY KEY); INSERT INTO u VALUES (7); COMMIT");
        assertEquals(List.of("7"), column(s.execute("SELECT k FROM u", List.of())));
        assertEquals(5, e.appliedIndex(), "after the refused CREATE TABLE's record, the block is one record");
    }

    @Test
    void writesBecomeVisibleOnlyWhenAppliedAndConflictsAbortAtApply() {
        HeldLog log = new HeldLog();
        SqlEngine e = SqlEngine.durable(log);
        log.engine = e;
        Session a = e.openSession();
        Session b = e.openSession();
        Outcome ddl = new Outcome();
        a.executeAsync("CREATE TABLE t (k INT PRIMARY KEY, v INT)", List.of(), ddl);
        assertFalse(ddl.done(), "DDL waits for its record");
        log.applyAll();
        assertEquals("CREATE TABLE", ddl.result.commandTag());

        Outcome ins = new Outcome();
        a.executeAsync("INSERT INTO t VALUES (1, 10)", List.of(), ins);
        assertFalse(ins.done());
        assertEquals(List.of(), column(b.execute("SELECT v FROM t", List.of())), "not visible before it is applied");
        log.applyAll();
        assertEquals("INSERT 0 1", ins.result.commandTag());
        assertEquals(List.of("10"), column(b.execute("SELECT v FROM t", List.of())));

        // two read-modify-write transactions on the same row: the second to be applied aborts
        a.execute("BEGIN", List.of());
        b.execute("BEGIN", List.of());
        a.execute("UPDATE t SET v = v + 1 WHERE k = 1", List.of());
        b.execute("UPDATE t SET v = v + 2 WHERE k = 1", List.of());
        Outcome ca = new Outcome();
        Outcome cb = new Outcome();
        a.executeAsync("COMMIT", List.of(), ca);
        b.executeAsync("COMMIT", List.of(), cb);
        assertTrue(a.awaitingLog() && b.awaitingLog());
        log.applyAll();
        assertEquals("COMMIT", ca.result.commandTag());
        assertEquals("40001", cb.error.sqlState());
        assertEquals('I', b.transactionStatus());
        assertEquals(List.of("11"), column(b.execute("SELECT v FROM t", List.of())));

        // a record whose fate is unknown reports 40003
        Outcome lost = new Outcome();
        a.executeAsync("INSERT INTO t VALUES (2, 20)", List.of(), lost);
        log.loseAll();
        assertEquals("40003", lost.error.sqlState());

        // read-only transactions need no record
        int before = log.log.size();
        a.executeScript("BEGIN; SELECT * FROM t; COMMIT");
        assertEquals(before, log.log.size());
    }

    @Test
    void snapshotPlusLaterEntriesRebuildTheSameState() {
        HeldLog log = new HeldLog();
        SqlEngine e = SqlEngine.durable(log);
        log.engine = e;
        Session s = e.openSession();
        String[] script = {
            "CREATE TABLE a (k INT PRIMARY KEY, v TEXT UNIQUE)",
            "CREATE TABLE gone (k INT PRIMARY KEY)",
            "CREATE TABLE a (k INT PRIMARY KEY)", // fails: must leave no trace in table ids
            "DROP TABLE gone",
            "CREATE TABLE s (id SERIAL PRIMARY KEY, v TEXT)",
            "INSERT INTO a VALUES (1, 'x'), (2, 'y')",
            "INSERT INTO s (v) VALUES ('p'), ('q')",
            "CREATE INDEX a_v ON a (v)",
        };
        for (String sql : script) {
            s.executeAsync(sql, List.of(), new Outcome());
            log.applyAll();
        }
        io.shoaldb.image.ImageBytes image = e.snapshot(61);
        long at = e.appliedIndex();
        s.executeAsync("INSERT INTO s (v) VALUES ('r')", List.of(), new Outcome());
        log.applyAll();
        s.executeAsync("UPDATE a SET v = 'z' WHERE k = 1", List.of(), new Outcome());
        log.applyAll();
        s.executeAsync("DELETE FROM a WHERE k = 2", List.of(), new Outcome());
        log.applyAll();

        // recovery: the image, then the entries after it
        SqlEngine r = SqlEngine.restore(image, (rec, done) -> {
            throw new AssertionError("nothing is appended during the check");
        });
        assertEquals(at, r.appliedIndex());
        for (int i = (int) at; i < log.log.size(); i++) {
            r.apply(i + 1, log.log.get(i));
        }
        // and a full replay from the first entry
        HeldLog fullLog = new HeldLog();
        SqlEngine full = SqlEngine.durable(fullLog);
        fullLog.engine = full;
        fullLog.log.addAll(log.log);
        for (int i = 0; i < log.log.size(); i++) {
            full.apply(i + 1, log.log.get(i));
        }
        for (SqlEngine x : List.of(r, full)) {
            assertEquals(e.appliedIndex(), x.appliedIndex());
            assertEquals(e.transactions().lastCommitTs(), x.transactions().lastCommitTs());
            assertEquals(e.store().nextId(), x.store().nextId());
            Session q = x.openSession();
            assertEquals(List.of("z"), column(q.execute("SELECT v FROM a ORDER BY k", List.of())));
            assertEquals(List.of("z"), column(q.execute("SELECT v FROM a WHERE v = 'z'", List.of())));
            assertEquals(List.of("1", "2", "3"), column(q.execute("SELECT id FROM s ORDER BY id", List.of())));
            assertEquals(List.of(), column(q.execute("SELECT k FROM a WHERE v = 'y'", List.of())));
            SqlException gone = assertThrows(SqlException.class, () -> q.execute("SELECT * FROM gone", List.of()));
            assertEquals("42P01", gone.sqlState());
            assertEquals(List.of("z"), column(q.execute("SELECT v FROM a", List.of())));
        }
        assertArrayEqualsImage(e.snapshot(), full.snapshot());
        assertArrayEqualsImage(e.snapshot(), r.snapshot());
        // the sequence never hands out a value a committed row holds
        Session q = full.openSession();
        Outcome next = new Outcome();
        q.executeAsync("INSERT INTO s (v) VALUES ('t') RETURNING id", List.of(), next);
        fullLog.applyAll();
        assertEquals(List.of("4"), column(next.result));
    }

    private static void assertArrayEqualsImage(io.shoaldb.image.ImageBytes a, io.shoaldb.image.ImageBytes b) {
        assertEquals(a.length(), b.length(), "images of the same state have the same size");
        assertTrue(a.equals(b), "images of the same state are identical");
    }

    @Test
    void recordsRoundTripAndRefuseNewerFormats() {
        SqlRecord.Ddl d = new SqlRecord.Ddl("alice", "CREATE TABLE x (k INT PRIMARY KEY)");
        assertEquals(d, SqlRecord.decode(SqlRecord.encode(d)));
        byte[] bytes = SqlRecord.encode(d);
        bytes[0] = SqlRecord.FORMAT + 1;
        assertThrows(io.shoaldb.txn.ByteReader.Malformed.class, () -> SqlRecord.decode(bytes));
        byte[] cut = java.util.Arrays.copyOf(SqlRecord.encode(d), 10);
        assertThrows(io.shoaldb.txn.ByteReader.Malformed.class, () -> SqlRecord.decode(cut));
    }

    @Test
    void roleStatementsLogVerifiersNotPasswordsAndPrivilegesAreJudgedAtApply() {
        HeldLog log = new HeldLog();
        SqlEngine e = SqlEngine.durable(log);
        log.engine = e;
        e.catalog().putRole(new io.shoaldb.sql.catalog.RoleDef("admin",
                io.shoaldb.sql.catalog.RoleDef.BOOTSTRAP_SUPERUSER_OID, true, true, null));
        Session admin = e.openSession();
        admin.configure("admin", "shoal", true, java.util.Map.of());
        Outcome created = new Outcome();
        admin.executeAsync("CREATE ROLE alice LOGIN PASSWORD 'sekret-plaintext'", List.of(), created);
        log.applyAll();
        assertEquals("CREATE ROLE", created.result.commandTag());
        String logged = new String(log.log.getLast(), java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(logged.contains("sekret-plaintext"), "the log holds the verifier only: " + logged);
        assertTrue(logged.contains("SCRAM-SHA-256$"), logged);
        // a user the catalog does not know is no superuser when the record is applied, whatever its session assumed
        Session stranger = e.openSession();
        stranger.configure("mallory", "shoal", true, java.util.Map.of());
        Outcome refused = new Outcome();
        stranger.executeAsync("CREATE ROLE evil SUPERUSER", List.of(), refused);
        log.applyAll();
        assertEquals("42501", refused.error.sqlState());
    }
}
