package io.shoaldb.sql.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.log.DurableEngineTest.HeldLog;
import io.shoaldb.sql.log.DurableEngineTest.Outcome;
import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import io.shoaldb.sql.session.StatementResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transactional DDL on a durable engine: a block that ran DDL is one {@link SqlRecord.Block} applied at
 * COMMIT as a unit — its DDL and its writes both, or neither — and snapshot images and replays include it.
 */
class DurableBlockDdlTest {

    private final HeldLog log = new HeldLog();
    private final SqlEngine engine = SqlEngine.durable(log);

    {
        log.engine = engine;
    }

    private static List<String> column(StatementResult r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.rows().size(); i++) {
            out.add(r.text(i, 0));
        }
        return out;
    }

    /** Runs one statement and applies whatever it logged. */
    private Outcome run(Session s, String sql) {
        Outcome o = new Outcome();
        s.executeAsync(sql, List.of(), o);
        log.applyAll();
        assertTrue(o.done(), sql);
        return o;
    }

    private StatementResult ok(Session s, String sql) {
        Outcome o = run(s, sql);
        if (o.error != null) {
            throw o.error;
        }
        return o.result;
    }

    private String failure(Session s, String sql) {
        Outcome o = run(s, sql);
        assertNull(o.result, sql + " should fail");
        return o.error.sqlState();
    }

    @Test
    void createTableThenInsertIsOneRecordAppliedAtCommit() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        ok(a, "BEGIN");
        ok(a, "CREATE TABLE t (id SERIAL PRIMARY KEY, v TEXT)");
        ok(a, "CREATE INDEX t_v ON t (v)");
        ok(a, "INSERT INTO t (v) VALUES ('a'), ('b')");
        assertEquals(List.of("1", "2"), column(ok(a, "SELECT id FROM t ORDER BY id")));
        assertEquals(List.of("2"), column(ok(a, "SELECT id FROM t WHERE v = 'b'")));
        assertEquals(0, log.log.size(), "nothing is logged before COMMIT");
        assertEquals("42P01", failure(b, "SELECT * FROM t"), "the block's table is its own");
        long ids = engine.store().nextId();

        Outcome commit = new Outcome();
        a.executeAsync("COMMIT", List.of(), commit);
        assertFalse(commit.done(), "COMMIT waits for the block's record");
        assertEquals(ids, engine.store().nextId(), "the session's sandbox takes no table id of the node");
        log.applyAll();
        assertEquals("COMMIT", commit.result.commandTag());
        assertEquals(1, log.log.size());
        assertInstanceOf(SqlRecord.Block.class, SqlRecord.decode(log.log.getFirst()));
        assertEquals(List.of("a", "b"), column(ok(b, "SELECT v FROM t ORDER BY id")));
        assertEquals(List.of("b"), column(ok(b, "SELECT v FROM t WHERE v = 'b'")));
        // the sequence was raised by the record: the next value is past the block's rows
        assertEquals(List.of("3"), column(ok(b, "INSERT INTO t (v) VALUES ('c') RETURNING id")));
        assertEquals('I', a.transactionStatus());
    }

    @Test
    void alterTableAddColumnThenUpdateInstallsTheRewrittenRows() {
        Session a = engine.openSession();
        ok(a, "CREATE TABLE t (k INT PRIMARY KEY, v TEXT)");
        ok(a, "INSERT INTO t VALUES (1, 'x'), (2, 'y')");
        ok(a, "BEGIN");
        ok(a, "ALTER TABLE t ADD COLUMN w INT DEFAULT 0");
        ok(a, "UPDATE t SET w = k * 10 WHERE k = 2");
        ok(a, "INSERT INTO t VALUES (3, 'z', 30)");
        ok(a, "COMMIT");
        Session b = engine.openSession();
        assertEquals(List.of("0", "20", "30"), column(ok(b, "SELECT w FROM t ORDER BY k")));

        // the same block loses to a write committed after its snapshot: nothing of it stays
        ok(a, "BEGIN");
        ok(a, "ALTER TABLE t ADD COLUMN u INT DEFAULT 1");
        ok(a, "UPDATE t SET u = 5");
        ok(b, "INSERT INTO t VALUES (4, 'w', 40)");
        assertEquals("40001", failure(a, "COMMIT"));
        assertEquals('I', a.transactionStatus());
        assertEquals("42703", failure(b, "SELECT u FROM t"));
        assertEquals(List.of("0", "20", "30", "40"), column(ok(b, "SELECT w FROM t ORDER BY k")));
    }

    @Test
    void dropThenCreateTheSameNameAndTruncate() {
        Session a = engine.openSession();
        ok(a, "CREATE TABLE t (k INT PRIMARY KEY, v TEXT)");
        ok(a, "CREATE TABLE acc (k INT PRIMARY KEY, n INT)");
        ok(a, "INSERT INTO t VALUES (1, 'old'), (2, 'old')");
        ok(a, "INSERT INTO acc VALUES (1, 1), (2, 2)");
        // writes to the old table before the DROP vanish with it; the new table takes the later writes
        ok(a, "BEGIN");
        ok(a, "INSERT INTO t VALUES (3, 'old')");
        ok(a, "DROP TABLE t");
        ok(a, "CREATE TABLE t (k INT PRIMARY KEY, x INT)");
        ok(a, "INSERT INTO t VALUES (9, 99)");
        ok(a, "TRUNCATE acc");
        ok(a, "INSERT INTO acc VALUES (5, 5)");
        ok(a, "COMMIT");
        Session b = engine.openSession();
        assertEquals(List.of("99"), column(ok(b, "SELECT x FROM t")));
        assertEquals(List.of("5"), column(ok(b, "SELECT k FROM acc")));
        // pgbench -i: BEGIN; CREATE; TRUNCATE; load; COMMIT
        ok(a, "BEGIN");
        ok(a, "CREATE TABLE branches (bid INT PRIMARY KEY, bbalance INT)");
        ok(a, "TRUNCATE branches");
        ok(a, "INSERT INTO branches VALUES (1, 0), (2, 0), (3, 0)");
        ok(a, "COMMIT");
        assertEquals(List.of("3"), column(ok(b, "SELECT count(*) FROM branches")));
    }

    @Test
    void rollbackLogsNothingAndSavepointsUndoBlockDdl() {
        Session a = engine.openSession();
        ok(a, "BEGIN");
        ok(a, "CREATE TABLE gone (k INT PRIMARY KEY)");
        ok(a, "INSERT INTO gone VALUES (1)");
        ok(a, "ROLLBACK");
        assertEquals(0, log.log.size());
        assertEquals("42P01", failure(a, "SELECT * FROM gone"));

        ok(a, "BEGIN");
        ok(a, "CREATE TABLE kept (k SERIAL PRIMARY KEY, v TEXT)");
        ok(a, "SAVEPOINT s");
        ok(a, "CREATE TABLE undone (k INT PRIMARY KEY)");
        ok(a, "INSERT INTO kept (v) VALUES ('a')");
        ok(a, "ROLLBACK TO SAVEPOINT s");
        ok(a, "INSERT INTO kept (v) VALUES ('a')");
        ok(a, "COMMIT");
        SqlRecord.Block block = (SqlRecord.Block) SqlRecord.decode(log.log.getLast());
        assertEquals(1, block.ddl().size(), "the rolled-back statement is not in the record: " + block.ddl());
        assertEquals(List.of("1"), column(ok(a, "SELECT count(*) FROM kept")));
        assertEquals("42P01", failure(a, "SELECT * FROM undone"));
    }

    @Test
    void createIndexOnATableOlderThanTheBlockIsTransactional() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        ok(a, "CREATE TABLE tab (k INT PRIMARY KEY, v TEXT, w INT)");
        ok(a, "INSERT INTO tab VALUES (1, 'a', 10), (2, 'b', 20), (3, 'b', 30)");
        int shared = engine.catalog().table("tab").indexes().size();
        long storageId = engine.catalog().table("tab").storage().id();
        // the block works on a private copy that has the index; the node's table is untouched until COMMIT
        ok(a, "BEGIN");
        ok(a, "CREATE INDEX old_v ON tab (v)");
        assertTrue(String.join("\n", column(ok(a, "EXPLAIN SELECT k FROM tab WHERE v = 'b'"))).contains("IndexSeek"),
                column(ok(a, "EXPLAIN SELECT k FROM tab WHERE v = 'b'")).toString());
        assertEquals(List.of("2", "3"), column(ok(a, "SELECT k FROM tab WHERE v = 'b' ORDER BY k")));
        ok(a, "INSERT INTO tab VALUES (4, 'b', 40)");
        assertEquals(shared, engine.catalog().table("tab").indexes().size(), "not published before COMMIT");
        assertEquals(0, engine.catalog().table("tab").storage().indexes().size(), "nothing built on the node's table");
        assertEquals(List.of("3"), column(ok(b, "SELECT count(*) FROM tab")));
        ok(a, "COMMIT");
        assertEquals(storageId, engine.catalog().table("tab").storage().id(), "the applier builds it in place");
        assertEquals(List.of("old_v"), engine.catalog().table("tab").storage().indexes().stream().map(io.shoaldb.storage.SecondaryIndex::name).toList());
        assertEquals(List.of("2", "3", "4"), column(ok(b, "SELECT k FROM tab WHERE v = 'b' ORDER BY k")));
        // ROLLBACK leaves nothing; a unique index over duplicates fails as in PostgreSQL (23505)
        ok(a, "BEGIN");
        ok(a, "CREATE UNIQUE INDEX old_w ON tab (w)");
        ok(a, "ROLLBACK");
        assertEquals(List.of("old_v"), engine.catalog().table("tab").storage().indexes().stream().map(io.shoaldb.storage.SecondaryIndex::name).toList());
        ok(a, "BEGIN");
        assertEquals("23505", failure(a, "CREATE UNIQUE INDEX old_v2 ON tab (v)"));
        ok(a, "ROLLBACK");
        // a unique index enforced for the block's own later writes
        ok(a, "BEGIN");
        ok(a, "CREATE UNIQUE INDEX old_w ON tab (w)");
        assertEquals("23505", failure(a, "INSERT INTO tab VALUES (5, 'c', 10)"));
        ok(a, "ROLLBACK");
        // a write committed to the table meanwhile: the block read the whole table, so it aborts (40001)
        ok(a, "BEGIN");
        ok(a, "CREATE UNIQUE INDEX old_w ON tab (w)");
        ok(b, "INSERT INTO tab VALUES (6, 'd', 60)");
        assertEquals("40001", failure(a, "COMMIT"));
        assertEquals(List.of("old_v"), engine.catalog().table("tab").storage().indexes().stream().map(io.shoaldb.storage.SecondaryIndex::name).toList());
        // replay of the log rebuilds the same state, index included
        SqlEngine full = SqlEngine.durable((rec, done) -> {
            throw new AssertionError("nothing is appended during the check");
        });
        for (int i = 0; i < log.log.size(); i++) {
            full.apply(i + 1, log.log.get(i));
        }
        assertTrue(engine.snapshot().equals(full.snapshot()), "identical images");
        assertEquals(List.of("old_v"), full.catalog().table("tab").storage().indexes().stream().map(io.shoaldb.storage.SecondaryIndex::name).toList());
    }

    @Test
    void concurrentDdlAbortsTheBlockWith40001AndFailedDdlReportsItsOwnError() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        ok(a, "CREATE TABLE base (k INT PRIMARY KEY)");
        ok(a, "BEGIN");
        ok(a, "CREATE TABLE u (k INT PRIMARY KEY)");
        ok(a, "INSERT INTO base VALUES (1)");
        ok(b, "CREATE TABLE v (k INT PRIMARY KEY)");
        long ids = engine.store().nextId();
        assertEquals("40001", failure(a, "COMMIT"));
        assertEquals(ids, engine.store().nextId(), "an aborted block takes no table id");
        assertEquals("42P01", failure(b, "SELECT * FROM u"));
        assertEquals(List.of("0"), column(ok(b, "SELECT count(*) FROM base")));

        // DDL that passed in the session's sandbox but fails when applied: privileges are judged at apply
        // (a user the catalog does not know is no superuser there); the client gets that error, nothing stays
        // (a catalog with a role: a role-less one is a fresh node, whose first role statement bootstraps)
        engine.catalog().putRole(new io.shoaldb.sql.catalog.RoleDef("admin",
                io.shoaldb.sql.catalog.RoleDef.BOOTSTRAP_SUPERUSER_OID, true, true, null));
        Session stranger = engine.openSession();
        stranger.configure("mallory", "shoal", true, java.util.Map.of());
        ok(stranger, "BEGIN");
        ok(stranger, "CREATE TABLE w (k INT PRIMARY KEY)");
        ok(stranger, "INSERT INTO base VALUES (2)");
        ok(stranger, "CREATE ROLE evil SUPERUSER");
        assertEquals("42501", failure(stranger, "COMMIT"));
        assertEquals('I', stranger.transactionStatus());
        assertEquals("42P01", failure(b, "SELECT * FROM w"));
        assertEquals(List.of("0"), column(ok(b, "SELECT count(*) FROM base")));
        assertEquals(ids, engine.store().nextId(), "the failed block's CREATE TABLE left no id behind");
        ok(b, "CREATE TABLE w (k INT PRIMARY KEY)");
    }

    @Test
    void snapshotAndReplayRebuildTheStateOfBlocksWithDdl() {
        Session a = engine.openSession();
        Session b = engine.openSession();
        ok(a, "CREATE TABLE t (k INT PRIMARY KEY, v TEXT)");
        ok(a, "INSERT INTO t VALUES (1, 'x')");
        ok(a, "BEGIN");
        ok(a, "CREATE TABLE s (id SERIAL PRIMARY KEY, v TEXT)");
        ok(a, "INSERT INTO s (v) VALUES ('p'), ('q')");
        ok(a, "ALTER TABLE t ADD COLUMN n INT DEFAULT 7");
        ok(a, "COMMIT");
        // an aborted block and a failed one: in the log, not in the DDL history
        ok(a, "BEGIN");
        ok(a, "CREATE TABLE never (k INT PRIMARY KEY)");
        ok(b, "CREATE TABLE mid (k INT PRIMARY KEY)");
        assertEquals("40001", failure(a, "COMMIT"));
        io.shoaldb.image.ImageBytes image = engine.snapshot(61);
        long at = engine.appliedIndex();
        ok(a, "BEGIN");
        ok(a, "DROP TABLE mid");
        ok(a, "CREATE TABLE mid (k INT PRIMARY KEY, w TEXT)");
        ok(a, "INSERT INTO mid VALUES (1, 'new')");
        ok(a, "INSERT INTO s (v) VALUES ('r')");
        ok(a, "COMMIT");
        ok(a, "INSERT INTO t VALUES (2, 'y', 8)");

        SqlEngine restored = SqlEngine.restore(image, (rec, done) -> {
            throw new AssertionError("nothing is appended during the check");
        });
        for (int i = (int) at; i < log.log.size(); i++) {
            restored.apply(i + 1, log.log.get(i));
        }
        SqlEngine full = SqlEngine.durable((rec, done) -> {
            throw new AssertionError("nothing is appended during the check");
        });
        for (int i = 0; i < log.log.size(); i++) {
            full.apply(i + 1, log.log.get(i));
        }
        SqlEngine fromFinalImage = SqlEngine.restore(engine.snapshot(), (rec, done) -> {
            throw new AssertionError("nothing is appended during the check");
        });
        for (SqlEngine x : List.of(restored, full, fromFinalImage)) {
            assertEquals(engine.store().nextId(), x.store().nextId());
            assertEquals(engine.transactions().lastCommitTs(), x.transactions().lastCommitTs());
            assertTrue(engine.snapshot().equals(x.snapshot()), "identical images");
            Session q = x.openSession();
            assertEquals(List.of("7", "8"), column(q.execute("SELECT n FROM t ORDER BY k", List.of())));
            assertEquals(List.of("new"), column(q.execute("SELECT w FROM mid", List.of())));
            assertEquals(List.of("p", "q", "r"), column(q.execute("SELECT v FROM s ORDER BY id", List.of())));
            SqlException never = assertThrows(SqlException.class, () -> q.execute("SELECT * FROM never", List.of()));
            assertEquals("42P01", never.sqlState());
        }
    }

    @Test
    void blockRecordsRoundTrip() {
        Session a = engine.openSession();
        ok(a, "BEGIN");
        ok(a, "CREATE TABLE t (k SERIAL PRIMARY KEY, v TEXT)");
        ok(a, "INSERT INTO t (v) VALUES ('a')");
        Outcome commit = new Outcome();
        a.executeAsync("COMMIT", List.of(), commit);
        byte[] bytes = log.held.peek().record();
        SqlRecord.Block block = (SqlRecord.Block) SqlRecord.decode(bytes);
        assertEquals(1, block.ddl().size());
        assertEquals("shoal", block.ddl().get(0).user());
        assertEquals("CREATE TABLE t (k SERIAL PRIMARY KEY, v TEXT)", block.ddl().get(0).sql());
        assertEquals(List.of("t"), List.copyOf(block.tables().values()));
        assertEquals(1L, block.sequences().get("t_k_seq"));
        assertTrue(java.util.Arrays.equals(bytes, SqlRecord.encode(block)));
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThrows(io.shoaldb.txn.ByteReader.Malformed.class, () -> SqlRecord.decode(cut));
        log.applyAll();
        assertEquals("COMMIT", commit.result.commandTag());
    }
}
