package io.shoaldb.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PGInterval;

/**
 * The real pgjdbc driver against the real pgwire server on loopback, with the protocol-test engine
 * behind it: startup, SCRAM, simple and extended query, named statements, binary transfer of every
 * type, PortalSuspended, transactions, errors, cancel and COPY.
 */
class PgjdbcProtocolTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.scram();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void connectsWithScramAndRunsSimpleQuery() throws SQLException {
        try (Connection c = server.connect(""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
            assertFalse(rs.next());
            assertTrue(c.isValid(5), "isValid sends an empty query");
            assertEquals("15.0", c.getMetaData().getDatabaseProductVersion().substring(0, 4));
            String shoal = ((org.postgresql.PGConnection) c).getParameterStatus("shoal_version");
            assertEquals(PgSession.SHOAL_VERSION, shoal);
            assertEquals("PostgreSQL JDBC Driver", ((PGConnection) c).getParameterStatus("application_name"),
                    "SET application_name is reported back as ParameterStatus");
        }
    }

    @Test
    void wrongPasswordAndUnknownUserAreRefusedWith28P01() {
        SQLException wrong = assertThrows(SQLException.class, () -> server.connect("", TestServer.USER, "nope"));
        assertEquals("28P01", wrong.getSQLState());
        SQLException unknown = assertThrows(SQLException.class, () -> server.connect("", "mallory", "x"));
        assertEquals("28P01", unknown.getSQLState());
        assertTrue(unknown.getMessage().contains("password authentication failed"), unknown.getMessage());
    }

    @Test
    void sampleRowDecodesInTextAndBinary() throws SQLException {
        for (String mode : new String[] {"prepareThreshold=0", "prepareThreshold=-1&binaryTransfer=true"}) {
            try (Connection c = server.connect(mode); PreparedStatement ps = c.prepareStatement("SELECT sample")) {
                for (int round = 0; round < 3; round++) {
                    try (ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next(), mode);
                        assertTrue(rs.getBoolean("b"));
                        assertEquals(-2, rs.getShort("i2"));
                        assertEquals(42, rs.getInt("i4"));
                        assertEquals(9_000_000_000L, rs.getLong("i8"));
                        assertEquals(1.5f, rs.getFloat("f4"));
                        assertEquals(0.1, rs.getDouble("f8"));
                        assertEquals(new BigDecimal("-12345.6789"), rs.getBigDecimal("n"));
                        assertEquals("text é", rs.getString("t"));
                        assertEquals("varchar", rs.getString("vc"));
                        assertArrayEquals(new byte[] {0, 1, (byte) 0xFF}, rs.getBytes("by"));
                        assertEquals(LocalDate.of(2024, 2, 29), rs.getObject("d", LocalDate.class));
                        assertEquals(LocalTime.of(13, 14, 15, 123_456_000), rs.getObject("tm", LocalTime.class));
                        assertEquals(LocalDateTime.of(1999, 12, 31, 23, 59, 59, 500_000_000), rs.getObject("ts", LocalDateTime.class));
                        assertEquals(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC),
                                rs.getObject("tz", OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC));
                        assertEquals(new PGInterval(1, 2, 3, 0, 0, 4), rs.getObject("iv"));
                        assertEquals(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), rs.getObject("u"));
                        assertEquals("{\"a\": [1, 2]}", rs.getString("j"));
                        assertEquals("{\"b\": null}", rs.getString("jb"));
                        Array ai = rs.getArray("ai");
                        assertArrayEquals(new Integer[] {1, null, 3}, (Integer[]) ai.getArray());
                        assertArrayEquals(new String[] {"x", "y z", ""}, (String[]) rs.getArray("at").getArray());
                    }
                }
            }
        }
    }

    @Test
    void parametersRoundTripThroughBinaryAndText() throws SQLException {
        try (Connection c = server.connect("prepareThreshold=1");
             PreparedStatement ps = c.prepareStatement("SELECT ?, ?, ?, ?, ?, ?, ?")) {
            for (int i = 0; i < 7; i++) {
                ps.setInt(1, i);
                ps.setLong(2, -i * 10_000_000_000L);
                ps.setDouble(3, i / 3.0);
                ps.setString(4, "s" + i + "\u00e9\u4e2d");
                ps.setBytes(5, new byte[] {(byte) i, 0, -1});
                ps.setBigDecimal(6, new BigDecimal("123456789.000" + i));
                ps.setObject(7, UUID.nameUUIDFromBytes(new byte[] {(byte) i}));
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(i, rs.getInt(1));
                    assertEquals(-i * 10_000_000_000L, rs.getLong(2));
                    assertEquals(i / 3.0, rs.getDouble(3));
                    assertEquals("s" + i + "\u00e9\u4e2d", rs.getString(4));
                    assertArrayEquals(new byte[] {(byte) i, 0, -1}, rs.getBytes(5));
                    assertEquals(new BigDecimal("123456789.000" + i), rs.getBigDecimal(6));
                    assertEquals(UUID.nameUUIDFromBytes(new byte[] {(byte) i}).toString(), rs.getString(7));
                }
            }
        }
    }

    @Test
    void fetchSizeUsesPortalSuspended() throws SQLException {
        try (Connection c = server.connect("")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(7);
                try (ResultSet rs = s.executeQuery("SELECT * FROM series(100)")) {
                    int n = 0;
                    while (rs.next()) {
                        n++;
                        assertEquals(n, rs.getInt(1));
                    }
                    assertEquals(100, n);
                }
            }
            c.commit();
        }
    }

    @Test
    void batchesAndTransactionStatus() throws SQLException {
        try (Connection c = server.connect("")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE batch (id int, name text)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch (id, name) VALUES (?, ?)")) {
                for (int i = 0; i < 50; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "n" + i);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                assertEquals(50, counts.length);
                for (int n : counts) {
                    assertEquals(1, n);
                }
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM batch")) {
                int n = 0;
                while (rs.next()) {
                    assertEquals("n" + n, rs.getString(2));
                    n++;
                }
                assertEquals(50, n);
            }
        }
    }

    @Test
    void errorsCarrySqlStateAndAbortTheTransaction() throws SQLException {
        try (Connection c = server.connect("")) {
            try (Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT error"));
                assertEquals("42601", e.getSQLState());
                assertTrue(e.getMessage().contains("this is a hint"), e.getMessage());
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    assertTrue(rs.next(), "the connection works after an error");
                }
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> s.execute("SELECT fail"));
                assertEquals("40001", e.getSQLState());
                SQLException aborted = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
                assertEquals("25P02", aborted.getSQLState());
            }
            c.rollback();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void noticesBecomeWarnings() throws SQLException {
        try (Connection c = server.connect(""); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS nothing");
            assertNotNull(s.getWarnings());
            assertTrue(s.getWarnings().getMessage().contains("does not exist, skipping"));
        }
    }

    @Test
    void cancelStopsARunningStatement() throws Exception {
        try (Connection c = server.connect(""); Statement s = c.createStatement()) {
            // As in PostgreSQL, a cancel that reaches the server before the statement runs is dropped; on a
            // loaded machine no fixed sleep is long enough, so the canceller repeats until the statement ended.
            java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
            Thread canceller = Thread.ofVirtual().start(() -> {
                try {
                    do {
                        s.cancel();
                    } while (!ended.await(200, java.util.concurrent.TimeUnit.MILLISECONDS));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            long start = System.nanoTime();
            SQLException e;
            try {
                e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT pg_sleep(30)"));
            } finally {
                ended.countDown();
            }
            canceller.join();
            assertEquals("57014", e.getSQLState());
            assertTrue(System.nanoTime() - start < 20_000_000_000L, "the statement ended long before its 30 s");
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertTrue(rs.next(), "the session is usable after a cancel");
            }
        }
    }

    @Test
    void copyInAndOutInTextAndCsv() throws Exception {
        try (Connection c = server.connect("")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE copied (id int, name text, amount numeric)");
            }
            CopyManager copy = ((PGConnection) c).getCopyAPI();
            long n = copy.copyIn("COPY copied FROM STDIN", new StringReader("1\tone\t1.5\n2\t\\N\t-2\n3\ttab\\there\t0\n\\.\n"));
            assertEquals(3, n);
            n = copy.copyIn("COPY copied (id, name) FROM STDIN WITH (FORMAT csv, HEADER)",
                    new StringReader("id,name\n4,\"comma, \"\"quoted\"\"\"\n5,\n"));
            assertEquals(2, n);
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            assertEquals(5, copy.copyOut("COPY copied TO STDOUT", text));
            assertEquals("1\tone\t1.5\n2\t\\N\t-2\n3\ttab\\there\t0\n4\tcomma, \"quoted\"\t\\N\n5\t\\N\t\\N\n",
                    text.toString(StandardCharsets.UTF_8));
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            copy.copyOut("COPY (SELECT * FROM copied) TO STDOUT WITH CSV", csv);
            assertTrue(csv.toString(StandardCharsets.UTF_8).contains("4,\"comma, \"\"quoted\"\"\",\n"), csv.toString(StandardCharsets.UTF_8));
            SQLException bad = assertThrows(SQLException.class,
                    () -> copy.copyIn("COPY copied FROM STDIN", new StringReader("x\ty\tz\n")));
            assertEquals("22P02", bad.getSQLState());
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM copied")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                }
                assertEquals(5, rows, "the failed COPY inserted nothing");
            }
        }
    }

    @Test
    void setTimeZoneChangesTimestamptzText() throws SQLException {
        try (Connection c = server.connect(""); Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'Asia/Kolkata'");
            assertEquals("Asia/Kolkata", ((PGConnection) c).getParameterStatus("TimeZone"));
            try (ResultSet rs = s.executeQuery("SELECT sample")) {
                assertTrue(rs.next());
                assertEquals("2024-01-02 08:34:05+05:30", rs.getString("tz"));
                assertNull(rs.getWarnings());
            }
        }
    }
}
