package io.shoaldb.sql.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.log.DurableEngineTest.Outcome;
import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import io.shoaldb.sql.session.StatementResult;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SELECT ... FOR UPDATE on a durable engine with row locks (docs/locking.md): it takes the lock a writer of
 * the row takes, so two read-then-write transactions serialize by waiting instead of one failing with 40001;
 * NOWAIT is 55P03; lockers can deadlock (40P01); autocommit releases at statement end; the rows locked are
 * those returned from the tables named.
 */
class SelectForUpdateTest {
    private LockingEngine db;
    private SqlEngine engine;

    @BeforeEach
    void setUp() {
        db = new LockingEngine();
        engine = db.engine;
        Session s = engine.openSession();
        run(s, "CREATE TABLE acc (k INT PRIMARY KEY, v INT)");
        run(s, "CREATE TABLE note (id INT PRIMARY KEY, k INT, txt TEXT)");
        run(s, "INSERT INTO acc VALUES (1, 0), (2, 0), (3, 0)");
        run(s, "INSERT INTO note VALUES (10, 1, 'a'), (20, 2, 'b')");
    }

    private Outcome run(Session s, String sql) {
        return db.run(s, sql);
    }

    private Outcome start(Session s, String sql) {
        return db.start(s, sql);
    }

    private void settle() {
        db.settle();
    }

    private String value(int k) {
        return db.value(k);
    }

    @Test
    void twoReadThenWriteTransactionsSerializeByWaiting() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        run(a, "BEGIN");
        run(b, "BEGIN");
        assertEquals("0", run(a, "SELECT v FROM acc WHERE k = 1 FOR UPDATE").result.text(0, 0));
        assertEquals(1, engine.transactions().locks().size(), "a holds the row's lock without writing it");
        Outcome sb = start(b, "SELECT v FROM acc WHERE k = 1 FOR UPDATE");
        settle();
        assertFalse(sb.done(), "b waits for a's lock");
        assertTrue(b.waitingForLock());
        run(a, "UPDATE acc SET v = 0 + 1 WHERE k = 1");
        run(a, "COMMIT");
        assertNull(sb.error);
        assertEquals("1", sb.result.text(0, 0), "b read the value a committed, after the wait");
        run(b, "UPDATE acc SET v = 1 + 10 WHERE k = 1");
        run(b, "COMMIT");
        assertEquals("11", value(1), "no lost update and no 40001");
        assertEquals(0, engine.transactions().locks().size());
    }

    @Test
    void aWriterWaitsForALockerThatNeverWrites() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        run(a, "BEGIN");
        run(a, "SELECT * FROM acc WHERE k = 2 FOR NO KEY UPDATE");
        Outcome ub = start(b, "UPDATE acc SET v = 5 WHERE k = 2");
        settle();
        assertFalse(ub.done(), "an autocommit UPDATE waits for the FOR UPDATE lock");
        run(a, "COMMIT");
        assertEquals("UPDATE 1", ub.result.commandTag());
        assertEquals("5", value(2));
    }

    @Test
    void nowaitFailsAt55P03AndTheBlockFails() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        run(a, "BEGIN");
        run(a, "UPDATE acc SET v = 1 WHERE k = 3");
        run(b, "BEGIN");
        SqlException e = assertThrows(SqlException.class, () -> run(b, "SELECT * FROM acc WHERE k = 3 FOR UPDATE NOWAIT"));
        assertEquals("55P03", e.sqlState());
        assertEquals("could not obtain lock on row in relation \"acc\"", e.getMessage());
        assertEquals('E', b.transactionStatus());
        run(b, "ROLLBACK");
        // a row nobody locked is taken at once with NOWAIT, and an autocommit statement releases its locks
        assertEquals(1, run(b, "SELECT * FROM acc WHERE k = 1 FOR SHARE NOWAIT").result.rows().size());
        assertEquals(1, engine.transactions().locks().size(), "only a's lock is left");
        run(a, "COMMIT");
    }

    @Test
    void skipLockedLeavesOutRowsOthersHoldAndLimitsTheRest() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        run(a, "BEGIN");
        run(a, "SELECT * FROM acc WHERE k = 1 FOR UPDATE");
        run(b, "BEGIN");
        // a job-queue worker: the first free row, without waiting for a's
        StatementResult r = run(b, "SELECT k FROM acc ORDER BY k LIMIT 1 FOR UPDATE SKIP LOCKED").result;
        assertEquals("2", r.text(0, 0));
        assertEquals(1, r.rows().size());
        assertEquals(2, engine.transactions().locks().size(), "b locked k = 2 only, not the rows past its LIMIT");
        Session c = engine.openSession();
        StatementResult rc = run(c, "SELECT k FROM acc ORDER BY k FOR UPDATE SKIP LOCKED").result;
        assertEquals(List.of("3"), List.of(rc.text(0, 0)), "c skips both held rows");
        assertEquals(1, rc.rows().size());
        run(a, "COMMIT");
        run(b, "COMMIT");
    }

    @Test
    void lockersDeadlockWith40P01() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        run(a, "BEGIN");
        run(b, "BEGIN");
        run(a, "SELECT * FROM acc WHERE k = 1 FOR UPDATE");
        run(b, "SELECT * FROM acc WHERE k = 2 FOR UPDATE");
        Outcome wa = start(a, "SELECT * FROM acc WHERE k = 2 FOR UPDATE");
        settle();
        assertFalse(wa.done());
        Outcome wb = start(b, "SELECT * FROM acc WHERE k = 1 FOR UPDATE");
        settle();
        assertEquals("40P01", wb.error.sqlState());
        assertEquals('E', b.transactionStatus(), "the victim's block failed and released its locks");
        assertNull(wa.error);
        assertEquals(1, wa.result.rows().size(), "a got the victim's row");
        run(b, "ROLLBACK");
        run(a, "COMMIT");
        assertEquals(0, engine.transactions().locks().size());
    }

    @Test
    void ofLocksOnlyTheNamedTablesRows() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        run(a, "BEGIN");
        StatementResult r = run(a, "SELECT n.txt, x.v FROM note n JOIN acc x ON x.k = n.k WHERE n.id = 10 FOR UPDATE OF n").result;
        assertEquals(List.of("txt", "v"), r.columns().stream().map(c -> c.name()).toList(), "hidden key columns dropped");
        assertEquals(1, engine.transactions().locks().size(), "note 10 only");
        assertEquals("UPDATE 1", run(b, "UPDATE acc SET v = 7 WHERE k = 1").result.commandTag(), "acc 1 is not locked");
        Outcome un = start(b, "UPDATE note SET txt = 'z' WHERE id = 10");
        settle();
        assertFalse(un.done(), "note 10 is");
        run(a, "ROLLBACK");
        assertEquals("UPDATE 1", un.result.commandTag());
    }

    @Test
    void aLockedRowThatChangedSinceTheSnapshotIsReadAgainAtTheLatestVersion() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        run(a, "BEGIN");
        run(a, "SELECT v FROM acc WHERE k = 3"); // a's snapshot is taken with k = 3 at 0
        run(b, "UPDATE acc SET v = 9 WHERE k = 2");
        // k = 2 changed after a's snapshot; a read nothing of it before, so the statement moves forward
        assertEquals("9", run(a, "SELECT v FROM acc WHERE k = 2 FOR UPDATE").result.text(0, 0));
        run(a, "COMMIT");
    }

    @Test
    void cancelEndsAWaitingLockerWith57014() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        run(a, "BEGIN");
        run(a, "SELECT * FROM acc FOR UPDATE");
        assertEquals(3, engine.transactions().locks().size());
        Outcome w = start(b, "SELECT * FROM acc WHERE k = 3 FOR KEY SHARE");
        settle();
        b.cancel();
        assertEquals("57014", w.error.sqlState());
        run(a, "COMMIT");
        assertEquals(0, engine.transactions().locks().size());
    }
}
