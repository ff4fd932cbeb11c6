package io.shoaldb.pgwire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real clients against the real SQL engine through {@link ShoalSqlEngine}: DDL, DML and queries with
 * parameters over the engine's types, in text and binary, transactions with exact I/T/E, errors with
 * their SQLSTATE, row-limited fetches and COPY. pgjdbc connects with assumeMinServerVersion=15 so it puts
 * application_name in the startup packet (the startup path); {@link ShoalSessionSettingsTest} covers
 * pgjdbc's default connect, which sends SET application_name.
 */
class ShoalEngineProtocolTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(PgServerConfig.defaults("127.0.0.1", 0),
                loop -> new ShoalSqlEngine(new io.shoaldb.sql.session.SqlEngine()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Connection connect(String extra) throws SQLException {
        return server.connect("assumeMinServerVersion=15" + (extra.isEmpty() ? "" : "&" + extra));
    }

    /** Column names a client reads from RowDescription, repeated as PostgreSQL 15 repeats them (checked by hand). */
    @Test
    void pgjdbcSeesPostgresColumnNamesIncludingDuplicates() throws SQLException {
        for (String mode : List.of("prepareThreshold=0", "prepareThreshold=-1")) {
            try (Connection c = connect(mode); Statement s = c.createStatement()) {
                if (mode.equals("prepareThreshold=0")) {
                    s.execute("CREATE TABLE dn_t (id INT PRIMARY KEY, v TEXT)");
                    s.execute("CREATE TABLE dn_u (id INT PRIMARY KEY, w TEXT)");
                    s.execute("INSERT INTO dn_t VALUES (1, 'a')");
                    s.execute("INSERT INTO dn_u VALUES (1, 'b')");
                }
                assertEquals(List.of("a", "a"), columnNames(s, "SELECT 1 AS a, 2 AS a"));
                assertEquals(List.of("oid", "oid", "relname"),
                        columnNames(s, "SELECT x.oid, x.* FROM pg_class x LIMIT 1").subList(0, 3));
                assertEquals(List.of("id", "id", "v", "w"),
                        columnNames(s, "SELECT dn_t.id, dn_u.id, v, w FROM dn_t JOIN dn_u ON dn_t.id = dn_u.id"));
                assertEquals(List.of("?column?", "?column?", "count"), columnNames(s, "SELECT 1, 2, count(*) FROM dn_t"));
                try (ResultSet rs = s.executeQuery("SELECT 1 AS a, 2 AS a")) {
                    assertTrue(rs.next());
                    assertEquals(1, rs.getInt("a")); // by name: the first of the two, as against PostgreSQL
                    assertEquals(2, rs.getInt(2));
                }
            }
        }
    }

    private static List<String> columnNames(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            java.sql.ResultSetMetaData md = rs.getMetaData();
            List<String> out = new java.util.ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                out.add(md.getColumnName(i));
            }
            return out;
        }
    }

    @Test
    void pgjdbcRoundTripsEveryEngineTypeInTextAndBinary() throws SQLException {
        try (Connection c = connect(""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE rt (id INT PRIMARY KEY, b BOOLEAN, i2 SMALLINT, i8 BIGINT, f4 REAL, f8 DOUBLE PRECISION,"
                    + " n NUMERIC(12,3), t TEXT, v VARCHAR(20), bin BYTEA, d DATE, ts TIMESTAMP)");
        }
        for (String mode : List.of("prepareThreshold=0", "prepareThreshold=-1&binaryTransfer=true")) {
            int base = mode.startsWith("prepareThreshold=0") ? 0 : 100;
            try (Connection c = connect(mode)) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO rt VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (int i = 0; i < 6; i++) {
                        ins.setInt(1, base + i);
                        ins.setBoolean(2, i % 2 == 0);
                        ins.setShort(3, (short) -i);
                        ins.setLong(4, 10_000_000_000L * i);
                        ins.setFloat(5, 1.5f * i);
                        ins.setDouble(6, 0.1 * i);
                        ins.setBigDecimal(7, new BigDecimal("12.345").multiply(BigDecimal.valueOf(i)));
                        ins.setString(8, "t" + i + "é");
                        ins.setString(9, "v" + i);
                        ins.setBytes(10, new byte[] {(byte) i, 0, -1});
                        ins.setObject(11, LocalDate.of(2024, 2, 1 + i));
                        ins.setObject(12, LocalDateTime.of(2024, 2, 1, 12, 0, i, 250_000_000));
                        assertEquals(1, ins.executeUpdate());
                    }
                }
                try (PreparedStatement q = c.prepareStatement("SELECT * FROM rt WHERE id >= ? AND id < ? ORDER BY id")) {
                    for (int round = 0; round < 3; round++) {
                        q.setInt(1, base);
                        q.setInt(2, base + 100);
                        try (ResultSet rs = q.executeQuery()) {
                            for (int i = 0; i < 6; i++) {
                                assertTrue(rs.next(), mode);
                                assertEquals(base + i, rs.getInt("id"));
                                assertEquals(i % 2 == 0, rs.getBoolean("b"));
                                assertEquals(-i, rs.getShort("i2"));
                                assertEquals(10_000_000_000L * i, rs.getLong("i8"));
                                assertEquals(1.5f * i, rs.getFloat("f4"));
                                assertEquals(0.1 * i, rs.getDouble("f8"));
                                assertEquals(0, new BigDecimal("12.345").multiply(BigDecimal.valueOf(i)).compareTo(rs.getBigDecimal("n")));
                                assertEquals("t" + i + "é", rs.getString("t"));
                                assertEquals("v" + i, rs.getString("v"));
                                assertArrayEquals(new byte[] {(byte) i, 0, -1}, rs.getBytes("bin"));
                                assertEquals(LocalDate.of(2024, 2, 1 + i), rs.getObject("d", LocalDate.class));
                                assertEquals(LocalDateTime.of(2024, 2, 1, 12, 0, i, 250_000_000), rs.getObject("ts", LocalDateTime.class));
                            }
                            assertFalse(rs.next());
                        }
                    }
                }
            }
        }
    }

    @Test
    void transactionsErrorsAndFetchSize() throws SQLException {
        try (Connection c = connect("")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE tx (id INT PRIMARY KEY, v TEXT)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO tx VALUES (?, ?)")) {
                for (int i = 0; i < 250; i++) {
                    ins.setInt(1, i);
                    ins.setString(2, "v" + i);
                    ins.addBatch();
                }
                assertEquals(250, ins.executeBatch().length);
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                s.setFetchSize(40);
                try (ResultSet rs = s.executeQuery("SELECT id FROM tx ORDER BY id")) {
                    int n = 0;
                    while (rs.next()) {
                        assertEquals(n++, rs.getInt(1));
                    }
                    assertEquals(250, n);
                }
                SQLException dup = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO tx VALUES (1, 'again')"));
                assertEquals("23505", dup.getSQLState());
                assertEquals("25P02", assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1")).getSQLState());
            }
            c.rollback();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                assertEquals("42P01", assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM nope")).getSQLState());
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM tx")) {
                    assertTrue(rs.next());
                    assertEquals(250, rs.getLong(1));
                }
            }
        }
    }

    @Test
    void psqlAndPsycopgWithCopy() throws Exception {
        List<String> psql = List.of(ClientProcess.require("psql"), "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-c", "CREATE TABLE pc (id INT PRIMARY KEY, name TEXT, amount NUMERIC(8,2))",
                "-c", "\\copy pc from program 'printf \"1\\tone\\t1.50\\n2\\t\\\\\\\\N\\t-3\\n\"'",
                "-c", "SELECT id, name, amount FROM pc ORDER BY id",
                "-c", "\\copy (SELECT id, name FROM pc ORDER BY id) to stdout with csv");
        ClientProcess.Result r = ClientProcess.run(psql, ClientProcess.libpqEnv(server), 60);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("CREATE TABLE\nCOPY 2\n1|one|1.50\n2||-3.00\n1,one\n2,\n", r.stdout());
        String script = """
                import psycopg
                with psycopg.connect("", autocommit=True) as c:
                    c.execute("CREATE TABLE py (id BIGINT PRIMARY KEY, name TEXT)")
                    with c.cursor() as cur:
                        cur.executemany("INSERT INTO py VALUES (%s, %s)", [(i, "n%d" % i) for i in range(20)])
                    print(c.execute("SELECT count(*), max(name) FROM py WHERE id > %s", (4,)).fetchone())
                    print(c.cursor(binary=True).execute("SELECT id FROM py WHERE id = %s", (7,)).fetchone())
                """;
        ClientProcess.Result py = ClientProcess.run(List.of(ClientProcess.requirePython("psycopg"), "-c", script),
                ClientProcess.libpqEnv(server), 60);
        assertEquals(0, py.exitCode(), py.stderr());
        assertEquals("(15, 'n9')\n(7,)\n", py.stdout());
    }

    /**
     * A pgjdbc batch in autocommit is one implicit transaction (several Executes, one Sync), all or
     * nothing as in PostgreSQL; with autocommit off, pgjdbc's BEGIN travels in the same batch and the
     * block stays open after it.
     */
    @Test
    void aBatchBeforeOneSyncCommitsAllOrNothing() throws SQLException {
        try (Connection c = connect("prepareThreshold=0"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE batch_t (id INT PRIMARY KEY, v INT NOT NULL)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_t VALUES (?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    ps.setInt(1, i);
                    ps.setInt(2, i * 10);
                    ps.addBatch();
                }
                ps.setInt(1, 2); // duplicate key: the whole batch fails
                ps.setInt(2, 0);
                ps.addBatch();
                java.sql.BatchUpdateException e = assertThrows(java.sql.BatchUpdateException.class, ps::executeBatch);
                assertEquals("23505", e.getSQLState());
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM batch_t")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getInt(1), "nothing of a failed batch is committed");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_t VALUES (?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    ps.setInt(1, i);
                    ps.setInt(2, i * 10);
                    ps.addBatch();
                }
                assertEquals(3, ps.executeBatch().length);
            }
            c.setAutoCommit(false);
            s.execute("UPDATE batch_t SET v = v + 1 WHERE id = 1");
            try (Connection other = connect("prepareThreshold=0"); Statement o = other.createStatement();
                 ResultSet rs = o.executeQuery("SELECT v FROM batch_t WHERE id = 1")) {
                assertTrue(rs.next());
                assertEquals(10, rs.getInt(1), "the explicit block is still open");
            }
            c.commit();
            c.setAutoCommit(true);
            try (ResultSet rs = s.executeQuery("SELECT sum(v) FROM batch_t")) {
                assertTrue(rs.next());
                assertEquals(61, rs.getInt(1));
            }
        }
    }
}
