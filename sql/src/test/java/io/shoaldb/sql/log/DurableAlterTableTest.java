package io.shoaldb.sql.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import io.shoaldb.sql.session.StatementResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ALTER TABLE, tables without a primary key and views on a durable engine: the statements are logged as
 * text and re-run by the applier, deterministically, so a full replay and an image plus the later entries
 * rebuild the same rows, row ids, sequences and views.
 */
class DurableAlterTableTest {
    private static List<String> rows(Session s, String sql) {
        StatementResult r = s.execute(sql, List.of());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.rows().size(); i++) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < r.columns().size(); c++) {
                b.append(c == 0 ? "" : " ").append(r.text(i, c));
            }
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void alteredTablesViewsAndRowIdsSurviveReplayAndImages() {
        DurableEngineTest.HeldLog log = new DurableEngineTest.HeldLog();
        SqlEngine e = SqlEngine.durable(log);
        log.engine = e;
        Session s = e.openSession();
        String[] before = {
            "CREATE TABLE acc (aid INT NOT NULL, bal INT)",
            "INSERT INTO acc VALUES (1, 10), (2, 20), (2, 20)",
            "DELETE FROM acc WHERE aid = 2",
            "INSERT INTO acc VALUES (3, 30)",
            "ALTER TABLE acc ADD PRIMARY KEY (aid)",
            "ALTER TABLE acc ADD COLUMN note TEXT DEFAULT 'n', ADD COLUMN n SERIAL",
            "CREATE TABLE hist (tid INT, delta INT)",
            "INSERT INTO hist VALUES (1, 1), (1, 1), (2, 5)",
            "CREATE VIEW rich AS SELECT * FROM acc WHERE bal > 15",
            "ALTER TABLE acc ADD PRIMARY KEY (bal)", // fails (42P16): must leave no trace
        };
        for (String sql : before) {
            s.executeAsync(sql, List.of(), new DurableEngineTest.Outcome());
            log.applyAll();
        }
        io.shoaldb.image.ImageBytes image = e.snapshot(61);
        long at = e.appliedIndex();
        String[] after = {
            "INSERT INTO hist VALUES (3, 3)",
            "ALTER TABLE hist RENAME COLUMN delta TO amount",
            "UPDATE hist SET amount = 7 WHERE tid = 1",
            "INSERT INTO acc (aid, bal) VALUES (4, 40)",
        };
        for (String sql : after) {
            DurableEngineTest.Outcome o = new DurableEngineTest.Outcome();
            s.executeAsync(sql, List.of(), o);
            log.applyAll();
            assertTrue(o.error == null, sql + ": " + o.error);
        }
        SqlEngine restored = SqlEngine.restore(image, (rec, done) -> {
            throw new AssertionError("nothing is appended during the check");
        });
        for (int i = (int) at; i < log.log.size(); i++) {
            restored.apply(i + 1, log.log.get(i));
        }
        DurableEngineTest.HeldLog fullLog = new DurableEngineTest.HeldLog();
        SqlEngine full = SqlEngine.durable(fullLog);
        fullLog.engine = full;
        for (int i = 0; i < log.log.size(); i++) {
            full.apply(i + 1, log.log.get(i));
        }
        for (SqlEngine x : List.of(e, restored, full)) {
            Session q = x.openSession();
            assertEquals(List.of("1 10 n 1", "3 30 n 2", "4 40 n 3"), rows(q, "SELECT * FROM acc ORDER BY aid"));
            assertEquals(List.of("3 30 n 2", "4 40 n 3"), rows(q, "SELECT * FROM rich ORDER BY aid"));
            assertEquals(List.of("1 7", "1 7", "2 5", "3 3"), rows(q, "SELECT tid, amount FROM hist ORDER BY tid"));
            assertEquals(e.store().nextId(), x.store().nextId());
            assertEquals(e.transactions().lastCommitTs(), x.transactions().lastCommitTs());
        }
        io.shoaldb.image.ImageBytes a = e.snapshot(61);
        assertTrue(a.equals(full.snapshot()), "replay rebuilds the same image");
        assertTrue(a.equals(restored.snapshot()), "image + log rebuilds the same image");
        // new row ids and serials continue above the restored ones
        Session q = restored.openSession();
        restored.apply(log.log.size() + 1, rowRecord(log, s, "INSERT INTO hist VALUES (9, 9)"));
        assertEquals(List.of("5"), rows(q, "SELECT count(*) FROM hist"));
    }

    /** A wall clock that moves a second per reading, from {@code startMillis}. */
    private static io.shoaldb.runtime.Clock ticking(long startMillis) {
        return new io.shoaldb.runtime.Clock() {
            private long now = startMillis;

            @Override
            public long monotonicNanos() {
                return 0;
            }

            @Override
            public long wallMillis() {
                now += 1000;
                return now;
            }
        };
    }

    private static io.shoaldb.runtime.Entropy seeded(long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        return r::nextLong;
    }

    @Test
    void ddlThatReadsTheClockOrEntropyReplaysTheSameValues() {
        DurableEngineTest.HeldLog log = new DurableEngineTest.HeldLog();
        SqlEngine e = SqlEngine.durable(log, ticking(1_700_000_000_000L), seeded(1));
        log.engine = e;
        Session s = e.openSession();
        String[] statements = {
            "CREATE TABLE t (k INT PRIMARY KEY)",
            "INSERT INTO t VALUES (1), (2), (3)",
            "ALTER TABLE t ADD COLUMN t1 TIMESTAMPTZ DEFAULT now(), ADD COLUMN u UUID DEFAULT gen_random_uuid()",
            "BEGIN",
            "ALTER TABLE t ADD COLUMN t2 TIMESTAMPTZ DEFAULT now(), ADD COLUMN u2 UUID DEFAULT gen_random_uuid()",
            "INSERT INTO t (k) VALUES (4)",
            "COMMIT",
        };
        for (String sql : statements) {
            DurableEngineTest.Outcome o = new DurableEngineTest.Outcome();
            s.executeAsync(sql, List.of(), o);
            log.applyAll();
            assertTrue(o.error == null, sql + ": " + o.error);
            // after each statement: a replay after a restart, or another replica, on another clock and
            // another entropy source, rebuilds the same rows and the same image
            DurableEngineTest.HeldLog replayLog = new DurableEngineTest.HeldLog();
            SqlEngine replay = SqlEngine.durable(replayLog, ticking(1_800_000_000_000L), seeded(2));
            replayLog.engine = replay;
            for (int i = 0; i < log.log.size(); i++) {
                replay.apply(i + 1, log.log.get(i));
            }
            if (e.catalog().table("t") != null && s.transactionStatus() == 'I') {
                assertEquals(rows(e.openSession(), "SELECT * FROM t ORDER BY k"),
                        rows(replay.openSession(), "SELECT * FROM t ORDER BY k"), sql);
            }
            assertTrue(e.snapshot().equals(replay.snapshot()), "replay rebuilds the same image: " + sql);
        }
        // now() is the statement's time, once; gen_random_uuid() is volatile: a value per row, as PostgreSQL
        assertEquals(List.of("1"), rows(e.openSession(), "SELECT count(DISTINCT t1) FROM t WHERE k <= 3"));
        assertEquals(List.of("3"), rows(e.openSession(), "SELECT count(DISTINCT u) FROM t WHERE k <= 3"));
        assertEquals(List.of("4"), rows(e.openSession(), "SELECT count(DISTINCT u2) FROM t"));
    }

    /** Logs one more statement on the original engine and returns its record. */
    private static byte[] rowRecord(DurableEngineTest.HeldLog log, Session s, String sql) {
        s.executeAsync(sql, List.of(), new DurableEngineTest.Outcome());
        log.applyAll();
        return log.log.get(log.log.size() - 1);
    }
}
