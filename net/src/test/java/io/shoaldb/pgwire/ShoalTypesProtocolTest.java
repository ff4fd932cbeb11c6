package io.shoaldb.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pgjdbc against the real engine over arrays, uuid and json/jsonb: setObject in (Java arrays, which
 * pgjdbc encodes without a catalog lookup; createArrayOf needs pg_catalog emulation), getObject/
 * getArray out, in the text protocol and in binary transfer, with PostgreSQL's OIDs in the row
 * description and 22P02 for bad json.
 */
class ShoalTypesProtocolTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(PgServerConfig.defaults("127.0.0.1", 0),
                loop -> new ShoalSqlEngine(new io.shoaldb.sql.session.SqlEngine()));
        try (Connection c = server.connect("assumeMinServerVersion=15"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE typed (id INT PRIMARY KEY, u UUID, ints INT[], tags TEXT[], doc JSONB, raw JSON)");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void arraysUuidAndJsonRoundTripInTextAndBinary() throws SQLException {
        for (String mode : List.of("prepareThreshold=0", "prepareThreshold=-1&binaryTransfer=true")) {
            int base = mode.startsWith("prepareThreshold=0") ? 0 : 100;
            try (Connection c = server.connect("assumeMinServerVersion=15&" + mode)) {
                UUID u = new UUID(0xa0eebc999c0b4ef8L, 0xbb6d6bb9bd380a11L + base);
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO typed VALUES (?, ?, ?, ?, ?::jsonb, ?::json)")) {
                    ins.setInt(1, base);
                    ins.setObject(2, u);
                    ins.setObject(3, new Integer[] {1, null, 3});
                    ins.setObject(4, new String[] {"a b", "", "NULL", "q\"z"});
                    // (a PGobject of type jsonb would make pgjdbc look the type up in pg_type)
                    ins.setString(5, "{\"b\": [1, 2], \"a\": 1}");
                    ins.setString(6, "{\"k\":  true}");
                    assertEquals(1, ins.executeUpdate());
                }
                try (PreparedStatement q = c.prepareStatement("SELECT u, ints, tags, doc, raw, doc -> 'b', ints[1] FROM typed WHERE u = ?")) {
                    for (int round = 0; round < 3; round++) {
                        q.setObject(1, u);
                        try (ResultSet rs = q.executeQuery()) {
                            assertTrue(rs.next(), mode);
                            assertEquals(u, rs.getObject(1), mode);
                            Array ints = rs.getArray(2);
                            assertEquals("int4", ints.getBaseTypeName());
                            assertArrayEquals(new Integer[] {1, null, 3}, (Integer[]) ints.getArray(), mode);
                            assertArrayEquals(new String[] {"a b", "", "NULL", "q\"z"}, (String[]) rs.getArray(3).getArray(), mode);
                            assertEquals("{\"a\": 1, \"b\": [1, 2]}", rs.getString(4), mode);
                            assertEquals("{\"k\":  true}", rs.getString(5), mode);
                            assertEquals("[1, 2]", rs.getString(6), mode);
                            assertEquals(1, rs.getInt(7));
                        }
                    }
                }
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT ARRAY[1.5, 2.5]::float8[], '{}'::int[], ARRAY['x', NULL]::text[]")) {
                    assertTrue(rs.next());
                    assertArrayEquals(new Double[] {1.5, 2.5}, (Double[]) rs.getArray(1).getArray());
                    assertEquals(0, ((Integer[]) rs.getArray(2).getArray()).length);
                    String[] texts = (String[]) rs.getArray(3).getArray();
                    assertEquals("x", texts[0]);
                    assertNull(texts[1]);
                }
            }
        }
    }

    @Test
    void timestamptzAndTimeRoundTripAsOffsetDateTimeAndLocalTime() throws SQLException {
        try (Connection c = server.connect("assumeMinServerVersion=15"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE clock (id INT PRIMARY KEY, ts TIMESTAMPTZ, t TIME)");
        }
        for (String mode : List.of("prepareThreshold=0", "prepareThreshold=-1&binaryTransfer=true")) {
            int base = mode.startsWith("prepareThreshold=0") ? 0 : 100;
            try (Connection c = server.connect("assumeMinServerVersion=15&" + mode)) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TimeZone = 'UTC'"); // pgjdbc's startup TimeZone is the JVM's
                }
                java.time.OffsetDateTime when = java.time.OffsetDateTime.of(2024, 3, 10, 8, 30, 15, 123_456_000,
                        java.time.ZoneOffset.ofHours(2));
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO clock VALUES (?, ?, ?)")) {
                    ins.setInt(1, base);
                    ins.setObject(2, when);
                    ins.setObject(3, java.time.LocalTime.of(23, 59, 58, 500_000_000));
                    assertEquals(1, ins.executeUpdate());
                }
                try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM clock WHERE ts < now()")) {
                    try (ResultSet rs = q.executeQuery()) {
                        // the default engine's clock is fixed at 2000-01-01, so no 2024 row is "before now"
                        assertTrue(rs.next(), mode);
                        assertEquals(0, rs.getInt(1), mode);
                    }
                }
                try (PreparedStatement q = c.prepareStatement("SELECT ts, t, ts::text FROM clock WHERE id = ?")) {
                    q.setInt(1, base);
                    for (int round = 0; round < 3; round++) {
                        try (ResultSet rs = q.executeQuery()) {
                            assertTrue(rs.next(), mode);
                            assertEquals(when.toInstant(), rs.getObject(1, java.time.OffsetDateTime.class).toInstant(), mode);
                            assertEquals(java.time.LocalTime.of(23, 59, 58, 500_000_000), rs.getObject(2, java.time.LocalTime.class), mode);
                            assertEquals("2024-03-10 06:30:15.123456+00", rs.getString(3), mode);
                        }
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("SET TimeZone = 'Asia/Tokyo'");
                    try (ResultSet rs = s.executeQuery("SELECT ts, ts::text FROM clock WHERE id = " + base)) {
                        assertTrue(rs.next());
                        assertEquals("2024-03-10 15:30:15.123456+09", rs.getString(1), mode);
                        assertEquals("2024-03-10 15:30:15.123456+09", rs.getString(2), mode);
                    }
                }
            }
        }
    }

    @Test
    void intervalRoundTripsAsPGIntervalThroughTheEnginesText() throws SQLException {
        try (Connection c = server.connect("assumeMinServerVersion=15"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE spans (id INT PRIMARY KEY, d INTERVAL)");
        }
        for (String mode : List.of("prepareThreshold=0", "prepareThreshold=-1&binaryTransfer=true")) {
            int base = mode.startsWith("prepareThreshold=0") ? 0 : 100;
            try (Connection c = server.connect("assumeMinServerVersion=15&" + mode)) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO spans VALUES (?, ?)")) {
                    ins.setInt(1, base);
                    ins.setObject(2, new org.postgresql.util.PGInterval(1, 2, 3, 4, 5, 6.5));
                    assertEquals(1, ins.executeUpdate());
                }
                try (PreparedStatement q = c.prepareStatement("SELECT d, d::text, interval '-1 hour' FROM spans WHERE id = ?")) {
                    q.setInt(1, base);
                    for (int round = 0; round < 3; round++) {
                        try (ResultSet rs = q.executeQuery()) {
                            assertTrue(rs.next(), mode);
                            assertEquals("interval", rs.getMetaData().getColumnTypeName(1), mode);
                            assertEquals(new org.postgresql.util.PGInterval(1, 2, 3, 4, 5, 6.5), rs.getObject(1), mode);
                            assertEquals("1 year 2 mons 3 days 04:05:06.5", rs.getString(2), mode);
                            assertEquals(new org.postgresql.util.PGInterval(0, 0, 0, -1, 0, 0), rs.getObject(3), mode);
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyEngineTypeReachesClientsWithPostgresOid() {
        for (io.shoaldb.sql.catalog.PgType t : io.shoaldb.sql.catalog.PgType.values()) {
            if (t == io.shoaldb.sql.catalog.PgType.UNKNOWN) {
                continue;
            }
            PgType wire = ShoalSqlEngine.type(t);
            assertEquals(t.oid, wire.oid(), t.name());
            assertEquals(t.isArray(), wire.isArray(), t.name());
        }
        assertEquals(1007, ShoalSqlEngine.type(io.shoaldb.sql.catalog.PgType.INT4_ARRAY).oid());
        assertEquals(3802, ShoalSqlEngine.type(io.shoaldb.sql.catalog.PgType.JSONB).oid());
        assertEquals(List.of(1, 2), ShoalSqlEngine.value(List.of((short) 1, (short) 2), PgType.INT4_ARRAY));
    }

    @Test
    void badJsonIs22P02AndTheSessionGoesOn() throws SQLException {
        try (Connection c = server.connect("assumeMinServerVersion=15"); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT '{x'::jsonb"));
            assertEquals("22P02", e.getSQLState());
            assertTrue(e.getMessage().contains("invalid input syntax for type json"), e.getMessage());
            try (ResultSet rs = s.executeQuery("SELECT gen_random_uuid()")) {
                assertTrue(rs.next());
                assertEquals(4, ((UUID) rs.getObject(1)).version());
            }
        }
    }
}
