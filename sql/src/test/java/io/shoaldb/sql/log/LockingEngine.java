package io.shoaldb.sql.log;

import io.shoaldb.sql.log.DurableEngineTest.HeldLog;
import io.shoaldb.sql.log.DurableEngineTest.Outcome;
import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A durable engine with row locks whose log and event loop the test drives by hand: records wait in a
 * {@link HeldLog} and lock grants in {@link #deferred} until {@link #settle}. Shared by the row-lock tests.
 */
final class LockingEngine {
    final HeldLog log = new HeldLog();
    final SqlEngine engine = SqlEngine.durable(log);
    /** The event loop's deferred tasks (grants), run by {@link #settle}. */
    final ArrayDeque<Runnable> deferred = new ArrayDeque<>();

    LockingEngine() {
        log.engine = engine;
        engine.transactions().enableRowLocks(deferred::add);
    }

    /** Runs one statement to completion (applying the log and the loop's deferred tasks as needed). */
    Outcome run(Session s, String sql) {
        Outcome o = start(s, sql);
        settle();
        if (o.error != null) {
            throw o.error;
        }
        return o;
    }

    /** Starts a statement without running the loop: it may wait for a lock or for the log. */
    Outcome start(Session s, String sql) {
        Outcome o = new Outcome();
        s.executeAsync(sql, List.of(), o);
        return o;
    }

    /** Applies held log records and runs deferred tasks until nothing is left. */
    void settle() {
        while (!log.held.isEmpty() || !deferred.isEmpty()) {
            log.applyAll();
            while (!deferred.isEmpty()) {
                deferred.poll().run();
            }
        }
        engine.transactions().checkLockInvariants();
    }

    /** acc.v of the row with key {@code k}, read by a fresh session. */
    String value(int k) {
        return engine.openSession().execute("SELECT v FROM acc WHERE k = " + k, List.of()).text(0, 0);
    }
}
