package io.shoaldb.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sql.session.SqlEngine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Row locks through pgwire and pgjdbc (docs/locking.md), on a durable engine whose log applies each record
 * later on the loop and whose writes lock rows, as a SqlNode's do: a second connection's UPDATE of a locked
 * row waits (the client blocks, the server's loop does not), completes with the first's committed value
 * once it commits, and a CancelRequest ends a wait with 57014.
 */
class RowLockWireTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(PgServerConfig.defaults("127.0.0.1", 0), loop -> {
            SqlEngine[] engine = new SqlEngine[1];
            long[] index = new long[1];
            engine[0] = SqlEngine.durable((record, done) ->
                    loop.execute(() -> done.accept(engine[0].apply(++index[0], record))));
            engine[0].transactions().enableRowLocks(loop::execute);
            return new ShoalSqlEngine(engine[0]);
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Connection connect() throws SQLException {
        return server.connect("assumeMinServerVersion=15");
    }

    private static int value(Statement s, int k) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT n FROM rl WHERE k = " + k)) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    @Test
    void aWaitingUpdateCompletesAfterTheHolderCommitsAndACancelEndsAWait() throws Exception {
        try (Connection a = connect(); Connection b = connect(); Connection c = connect();
             Statement sa = a.createStatement(); Statement sb = b.createStatement(); Statement sc = c.createStatement()) {
            sa.execute("CREATE TABLE rl (k INT PRIMARY KEY, n INT)");
            sa.execute("INSERT INTO rl VALUES (1, 0), (2, 0)");
            a.setAutoCommit(false);
            sa.executeUpdate("UPDATE rl SET n = n + 1 WHERE k = 1");

            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return sb.executeUpdate("UPDATE rl SET n = n + 10 WHERE k = 1");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThrows(TimeoutException.class, () -> waiting.get(300, TimeUnit.MILLISECONDS));
            assertEquals(0, value(sc, 2), "the server keeps serving other sessions while one waits");
            a.commit();
            assertEquals(1, waiting.get(10, TimeUnit.SECONDS));
            assertEquals(11, value(sc, 1), "the waiter added to the committed value: no lost update, no 40001");

            sa.executeUpdate("UPDATE rl SET n = 100 WHERE k = 2");
            CompletableFuture<SQLException> cancelled = CompletableFuture.supplyAsync(() -> {
                try {
                    sb.executeUpdate("UPDATE rl SET n = 200 WHERE k = 2");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            assertThrows(TimeoutException.class, () -> cancelled.get(300, TimeUnit.MILLISECONDS));
            sb.cancel();
            SQLException e = cancelled.get(10, TimeUnit.SECONDS);
            assertEquals("57014", e == null ? null : e.getSQLState());
            a.commit();
            assertEquals(100, value(sc, 2));
            assertFalse(b.isClosed());
            assertEquals(1, sb.executeUpdate("UPDATE rl SET n = 300 WHERE k = 2"), "the session works after the cancel");
            assertEquals(300, value(sc, 2));
        }
    }

    /**
     * SELECT ... FOR UPDATE through pgjdbc's extended protocol with a parameter (as an ORM's pessimistic lock
     * sends it): a second locker blocks until the first commits, then reads its committed value; NOWAIT is
     * 55P03 with PostgreSQL's message.
     */
    @Test
    void selectForUpdateWaitsForTheHolderAndNowaitFailsAtOnce() throws Exception {
        try (Connection a = connect(); Connection b = connect(); Statement sa = a.createStatement()) {
            sa.execute("CREATE TABLE rlf (k INT PRIMARY KEY, n INT)");
            sa.execute("INSERT INTO rlf VALUES (1, 0)");
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            String lock = "SELECT n FROM rlf WHERE k = ? FOR UPDATE";
            try (java.sql.PreparedStatement pa = a.prepareStatement(lock); java.sql.PreparedStatement pb = b.prepareStatement(lock)) {
                pa.setInt(1, 1);
                try (ResultSet rs = pa.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getInt(1));
                }
                pb.setInt(1, 1);
                CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
                    try (ResultSet rs = pb.executeQuery()) {
                        assertTrue(rs.next());
                        return rs.getInt(1);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThrows(TimeoutException.class, () -> waiting.get(300, TimeUnit.MILLISECONDS));
                sa.executeUpdate("UPDATE rlf SET n = 1 WHERE k = 1");
                a.commit();
                assertEquals(1, waiting.get(10, TimeUnit.SECONDS), "b waited, then read a's committed value");

                try (Statement sa2 = a.createStatement()) {
                    SQLException e = assertThrows(SQLException.class,
                            () -> sa2.executeQuery("SELECT n FROM rlf WHERE k = 1 FOR UPDATE NOWAIT"));
                    assertEquals("55P03", e.getSQLState());
                    assertTrue(e.getMessage().contains("could not obtain lock on row in relation \"rlf\""), e.getMessage());
                    a.rollback();
                }
                try (Statement sb = b.createStatement()) {
                    assertEquals(1, sb.executeUpdate("UPDATE rlf SET n = 2 WHERE k = 1"));
                }
                b.commit();
            }
        }
    }
}
