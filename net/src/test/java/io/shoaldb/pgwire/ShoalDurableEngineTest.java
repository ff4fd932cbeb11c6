package io.shoaldb.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sql.session.SqlEngine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pgjdbc against a durable engine whose log applies each record later on the loop (as Raft does after
 * its fsync): every commit's fetch completes asynchronously through {@link ShoalSqlEngine}, including in
 * pipelined batches; conflicts surface at COMMIT as 40001; DDL in a transaction block is refused.
 */
class ShoalDurableEngineTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(PgServerConfig.defaults("127.0.0.1", 0), loop -> {
            SqlEngine[] engine = new SqlEngine[1];
            long[] index = new long[1];
            engine[0] = SqlEngine.durable((record, done) ->
                    loop.execute(() -> done.accept(engine[0].apply(++index[0], record))));
            return new ShoalSqlEngine(engine[0]);
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Connection connect(String extra) throws SQLException {
        return server.connect("assumeMinServerVersion=15" + (extra.isEmpty() ? "" : "&" + extra));
    }

    @Test
    void commitsCompleteWhenAppliedIncludingPipelinedBatches() throws SQLException {
        try (Connection c = connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE d (k INT PRIMARY KEY, v TEXT)");
            assertEquals(1, s.executeUpdate("INSERT INTO d VALUES (1, 'one')"));
            for (String mode : new String[] {"prepareThreshold=0", "prepareThreshold=-1&binaryTransfer=true"}) {
                try (Connection b = connect(mode); PreparedStatement ins = b.prepareStatement("INSERT INTO d VALUES (?, ?)")) {
                    int base = mode.startsWith("prepareThreshold=0") ? 100 : 200;
                    for (int i = 0; i < 50; i++) {
                        ins.setInt(1, base + i);
                        ins.setString(2, "v" + i);
                        ins.addBatch();
                    }
                    int[] counts = ins.executeBatch();
                    assertEquals(50, counts.length);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*), min(v) FROM d")) {
                assertTrue(rs.next());
                assertEquals(101, rs.getInt(1));
                assertEquals("one", rs.getString(2));
            }
        }
    }

    @Test
    void conflictsAbortAtCommitAndBlockDdlIsRefused() throws SQLException {
        try (Connection a = connect(""); Connection b = connect("");
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.execute("CREATE TABLE c (k INT PRIMARY KEY, n INT)");
            sa.execute("INSERT INTO c VALUES (1, 0)");
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            sa.executeUpdate("UPDATE c SET n = n + 1 WHERE k = 1");
            sb.executeUpdate("UPDATE c SET n = n + 10 WHERE k = 1");
            a.commit();
            SQLException e = assertThrows(SQLException.class, b::commit);
            assertEquals("40001", e.getSQLState());
            SQLException ddl = assertThrows(SQLException.class, () -> sb.execute("CREATE TABLE x (k INT PRIMARY KEY)"));
            assertEquals("0A000", ddl.getSQLState());
            b.rollback();
            a.setAutoCommit(true);
            try (ResultSet rs = sa.executeQuery("SELECT n FROM c WHERE k = 1")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
            }
        }
    }
}
