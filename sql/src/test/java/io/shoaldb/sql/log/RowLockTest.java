package io.shoaldb.sql.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sql.log.DurableEngineTest.Outcome;
import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import io.shoaldb.sql.session.StatementResult;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Row locks on a durable engine (docs/locking.md): a second writer of a row waits instead of aborting,
 * reads the latest committed version when it gets the lock, deadlocks are 40P01, a read that changed
 * while waiting is 40001, cancel and close end a wait, and no lock outlives its transaction.
 */
class RowLockTest {
    private LockingEngine db;
    private SqlEngine engine;
    private ArrayDeque<Runnable> deferred;

    @BeforeEach
    void setUp() {
        db = new LockingEngine();
        engine = db.engine;
        deferred = db.deferred;
        Session s = engine.openSession();
        run(s, "CREATE TABLE acc (k INT PRIMARY KEY, v INT)");
        run(s, "INSERT INTO acc VALUES (1, 0), (2, 0)");
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
    void aSecondWriterWaitsAndThenUpdatesTheLatestVersion() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        run(a, "BEGIN");
        run(a, "UPDATE acc SET v = v + 1 WHERE k = 1");
        run(b, "BEGIN");
        Outcome ub = start(b, "UPDATE acc SET v = v + 10 WHERE k = 1");
        assertFalse(ub.done(), "b waits for a's row lock");
        assertTrue(b.awaitingLog() && b.waitingForLock());
        Outcome ca = start(a, "COMMIT");
        settle();
        assertEquals("COMMIT", ca.result.commandTag());
        assertEquals("UPDATE 1", ub.result.commandTag(), "granted after a's commit applied, then ran again");
        run(b, "COMMIT");
        assertEquals("11", value(1), "b added to a's committed value: no lost update, no abort");
        assertEquals(0, engine.transactions().locks().size());
        assertTrue(engine.transactions().locks().waits() >= 1);
    }

    @Test
    void autocommitWritersQueueAndAllCommit() {
        Session[] s = new Session[5];
        Outcome[] o = new Outcome[s.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = engine.openSession();
        }
        Session holder = engine.openSession();
        run(holder, "BEGIN");
        run(holder, "UPDATE acc SET v = v + 1 WHERE k = 2");
        for (int i = 0; i < s.length; i++) {
            o[i] = start(s[i], "UPDATE acc SET v = v + 1 WHERE k = 2");
        }
        run(holder, "COMMIT");
        for (Outcome x : o) {
            assertNull(x.error);
            assertEquals("UPDATE 1", x.result.commandTag());
        }
        assertEquals("6", value(2));
    }

    @Test
    void aReadThatChangedWhileWaitingIs40001() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        run(b, "BEGIN");
        run(b, "SELECT v FROM acc WHERE k = 2");
        run(a, "BEGIN");
        run(a, "UPDATE acc SET v = 5 WHERE k = 2");
        run(a, "UPDATE acc SET v = 5 WHERE k = 1");
        Outcome ub = start(b, "UPDATE acc SET v = 7 WHERE k = 1");
        run(a, "COMMIT");
        assertEquals("40001", ub.error.sqlState(), "b read k=2 before a changed it: b cannot serialize after a");
        assertEquals('E', b.transactionStatus());
        run(b, "ROLLBACK");
        assertEquals("5", value(1));
    }

    @Test
    void aDeadlockIs40P01AndReleasesTheVictimsLocks() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        run(a, "BEGIN");
        run(b, "BEGIN");
        run(a, "UPDATE acc SET v = 1 WHERE k = 1");
        run(b, "UPDATE acc SET v = 2 WHERE k = 2");
        Outcome wa = start(a, "UPDATE acc SET v = 1 WHERE k = 2");
        assertFalse(wa.done());
        Outcome wb = start(b, "UPDATE acc SET v = 2 WHERE k = 1");
        settle();
        assertEquals("40P01", wb.error.sqlState());
        assertEquals('E', b.transactionStatus());
        assertEquals("UPDATE 1", wa.result.commandTag(), "the victim's locks went, so a got k=2");
        run(b, "ROLLBACK");
        run(a, "COMMIT");
        assertEquals("1", value(2));
    }

    @Test
    void cancelAndCloseEndAWait() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        Session c = engine.openSession();
        run(a, "BEGIN");
        run(a, "UPDATE acc SET v = 1 WHERE k = 1");
        Outcome wb = start(b, "UPDATE acc SET v = 2 WHERE k = 1");
        Outcome wc = start(c, "UPDATE acc SET v = 3 WHERE k = 1");
        b.cancel();
        assertEquals("57014", wb.error.sqlState());
        assertFalse(b.awaitingLog());
        c.close();
        run(a, "COMMIT");
        assertFalse(wc.done(), "a closed session's statement never completes");
        assertEquals("1", value(1));
        assertEquals(0, engine.transactions().locks().size());
        run(b, "UPDATE acc SET v = 4 WHERE k = 1");
        assertEquals("4", value(1));
    }

    @Test
    void anUpsertOfAHotRowWaitsAndAddsToTheLatestValue() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        run(a, "BEGIN");
        run(a, "INSERT INTO acc VALUES (1, 100) ON CONFLICT (k) DO UPDATE SET v = acc.v + 100");
        Outcome ub = start(b, "INSERT INTO acc VALUES (1, 1) ON CONFLICT (k) DO UPDATE SET v = acc.v + 1");
        assertFalse(ub.done());
        run(a, "COMMIT");
        assertEquals("INSERT 0 1", ub.result.commandTag());
        assertEquals("101", value(1));
    }

    @Test
    void statementTimeoutEndsAWaitForARowLock() {
        java.util.List<Runnable> timers = new java.util.ArrayList<>();
        java.util.List<Long> delays = new java.util.ArrayList<>();
        engine.setTimers(new io.shoaldb.runtime.Scheduler() {
            @Override
            public void execute(Runnable task) {
                deferred.add(task);
            }

            @Override
            public Cancellable schedule(long delayNanos, Runnable task) {
                delays.add(delayNanos);
                timers.add(task);
                return () -> { };
            }
        });
        Session a = engine.openSession();
        Session b = engine.openSession();
        run(a, "BEGIN");
        run(a, "UPDATE acc SET v = 1 WHERE k = 1");
        run(b, "SET statement_timeout = '2s'");
        Outcome wb = start(b, "UPDATE acc SET v = 2 WHERE k = 1");
        assertFalse(wb.done());
        assertEquals(List.of(2_000_000_000L), delays);
        timers.getFirst().run(); // two seconds later
        assertEquals("57014", wb.error.sqlState());
        assertEquals("canceling statement due to statement timeout", wb.error.getMessage());
        run(a, "COMMIT");
        assertEquals("1", value(1));
        assertEquals(0, engine.transactions().locks().size());
        run(b, "UPDATE acc SET v = 4 WHERE k = 1");
        timers.getFirst().run(); // a timer that fires after its wait ended does nothing
        assertEquals("4", value(1));

        // lock_timeout, shorter than statement_timeout, decides and names itself (55P03)
        run(a, "BEGIN");
        run(a, "UPDATE acc SET v = 5 WHERE k = 2");
        run(b, "SET lock_timeout = 250");
        assertEquals("250ms", b.execute("SHOW lock_timeout", List.of()).text(0, 0));
        Outcome lb = start(b, "UPDATE acc SET v = 6 WHERE k = 2");
        assertEquals(250_000_000L, delays.getLast());
        timers.getLast().run();
        assertEquals("55P03", lb.error.sqlState());
        assertEquals("canceling statement due to lock timeout", lb.error.getMessage());
        run(a, "COMMIT");
        assertEquals("5", value(2));
    }
}
