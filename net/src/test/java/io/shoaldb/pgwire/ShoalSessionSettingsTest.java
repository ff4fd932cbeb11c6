package io.shoaldb.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * What clients send on connect and around transactions, against the real engine: pgjdbc's default connect
 * (SET application_name), SET/SHOW/RESET with their errors, reported settings arriving as ParameterStatus,
 * isolation and read-only through the JDBC API, the session functions, and DDL inside transaction blocks
 * (psycopg2 opens a block before every statement) including DROP TABLE of several names.
 */
class ShoalSessionSettingsTest {
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

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    @Test
    void pgjdbcSettingsParameterStatusAndSessionFunctions() throws SQLException {
        // No assumeMinServerVersion: pgjdbc sends SET application_name after connecting.
        try (Connection c = server.connect(""); Statement s = c.createStatement()) {
            PGConnection pg = c.unwrap(PGConnection.class);
            assertEquals("PostgreSQL JDBC Driver", one(s, "SHOW application_name"));
            assertEquals("PostgreSQL JDBC Driver", pg.getParameterStatus("application_name"));
            s.execute("SET application_name = 'shoal-test'");
            assertEquals("shoal-test", pg.getParameterStatus("application_name"));
            s.execute("SET TIME ZONE 'Europe/Berlin'");
            assertEquals("Europe/Berlin", pg.getParameterStatus("TimeZone"));
            assertEquals("Europe/Berlin", one(s, "SHOW timezone"));
            s.execute("RESET TimeZone");
            assertEquals("Etc/UTC", pg.getParameterStatus("TimeZone"));
            s.execute("SET extra_float_digits = 2");
            assertEquals("2", one(s, "SHOW extra_float_digits"));
            assertEquals("42704", assertThrows(SQLException.class, () -> s.execute("SET no_such = 1")).getSQLState());
            assertEquals("42704", assertThrows(SQLException.class, () -> s.execute("SHOW no_such")).getSQLState());
            assertEquals("22023", assertThrows(SQLException.class,
                    () -> s.execute("SET extra_float_digits = 9")).getSQLState());
            assertEquals("22023", assertThrows(SQLException.class,
                    () -> s.execute("SET TimeZone = 'Nowhere/Atlantis'")).getSQLState());
            assertTrue(one(s, "SELECT version()").startsWith("PostgreSQL 15."));
            assertEquals("public", one(s, "SELECT current_schema()"));
            assertEquals("test", one(s, "SELECT current_database()"));
            assertEquals(TestServer.USER, one(s, "SELECT current_user"));
            assertEquals(TestServer.USER, one(s, "SELECT session_user"));
            assertEquals("on", one(s, "SHOW standard_conforming_strings"));
            try (PreparedStatement p = c.prepareStatement("SELECT current_setting(?)")) {
                p.setString(1, "application_name");
                try (ResultSet rs = p.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("shoal-test", rs.getString(1));
                }
            }
            // The JDBC API's isolation and read-only switches are SET SESSION CHARACTERISTICS / SHOW.
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
            s.execute("CREATE TABLE ro (id INT PRIMARY KEY)");
            c.setReadOnly(true);
            c.setAutoCommit(false);
            assertEquals("25006", assertThrows(SQLException.class,
                    () -> s.execute("INSERT INTO ro VALUES (1)")).getSQLState());
            c.rollback();
            c.setReadOnly(false);
            s.execute("INSERT INTO ro VALUES (1)");
            c.commit();
            c.setAutoCommit(true);
            assertEquals("1", one(s, "SELECT count(*) FROM ro"));
        }
    }

    @Test
    void pgjdbcDdlInsideTransactionsIsTransactional() throws SQLException {
        try (Connection c = server.connect(""); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("CREATE TABLE tx_t (id INT PRIMARY KEY, v TEXT)");
            // Parse/Describe of a statement naming a table created in this block sees it.
            try (PreparedStatement p = c.prepareStatement("INSERT INTO tx_t VALUES (?, ?)")) {
                p.setInt(1, 1);
                p.setString(2, "a");
                p.executeUpdate();
            }
            try (Connection other = server.connect(""); Statement o = other.createStatement()) {
                assertEquals("42P01", assertThrows(SQLException.class,
                        () -> o.executeQuery("SELECT * FROM tx_t")).getSQLState());
            }
            c.rollback();
            assertEquals("42P01", assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT * FROM tx_t")).getSQLState());
            c.rollback();
            s.execute("CREATE TABLE tx_t (id INT PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO tx_t VALUES (1, 'a')");
            c.commit();
            c.setAutoCommit(true);
            assertEquals("a", one(s, "SELECT v FROM tx_t WHERE id = 1"));
        }
    }

    @Test
    void psycopg2OpensABlockBeforeDdl() throws Exception {
        String script = """
                import psycopg2
                c = psycopg2.connect("")
                cur = c.cursor()
                cur.execute("DROP TABLE IF EXISTS a2, b2")
                cur.execute("CREATE TABLE a2 (id INT PRIMARY KEY, v TEXT)")
                cur.execute("CREATE TABLE b2 (id INT PRIMARY KEY)")
                cur.execute("INSERT INTO a2 VALUES (%s, %s)", (1, "x"))
                c.commit()
                cur.execute("CREATE TABLE gone (id INT PRIMARY KEY)")
                c.rollback()
                try:
                    cur.execute("SELECT * FROM gone")
                except psycopg2.Error as e:
                    print(e.pgcode)
                c.rollback()
                cur.execute("SET application_name TO 'py2'")
                c.commit()
                print(c.get_parameter_status("application_name"))
                cur.execute("SELECT v FROM a2")
                print(cur.fetchone()[0])
                cur.execute("DROP TABLE a2, b2")
                c.commit()
                cur.execute("SHOW TRANSACTION ISOLATION LEVEL")
                print(cur.fetchone()[0])
                c.close()
                """;
        ClientProcess.Result r = ClientProcess.run(List.of(ClientProcess.requirePython("psycopg2"), "-c", script),
                ClientProcess.libpqEnv(server), 60);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("42P01\npy2\nx\nserializable\n", r.stdout());
    }

    @Test
    void psqlAndPsycopg3Settings() throws Exception {
        List<String> psql = List.of(ClientProcess.require("psql"), "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-c", "SET search_path TO public",
                "-c", "SHOW search_path",
                "-c", "SELECT substring(version() FROM 1 FOR 14)",
                "-c", "BEGIN; CREATE TABLE ps (id INT PRIMARY KEY); INSERT INTO ps VALUES (1); COMMIT",
                "-c", "SELECT count(*) FROM ps");
        ClientProcess.Result r = ClientProcess.run(psql, ClientProcess.libpqEnv(server), 60);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("SET\npublic\nPostgreSQL 15.\nBEGIN\nCREATE TABLE\nINSERT 0 1\nCOMMIT\n1\n", r.stdout());
        ClientProcess.Result bad = ClientProcess.run(List.of(ClientProcess.require("psql"), "-X", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-c", "SET statement_timeout = 'never'"), ClientProcess.libpqEnv(server), 60);
        assertFalse(bad.exitCode() == 0);
        assertTrue(bad.stderr().contains("invalid value for parameter \"statement_timeout\""), bad.stderr());
        String script = """
                import psycopg
                with psycopg.connect("", autocommit=True) as c:
                    c.execute("SET TimeZone = 'America/New_York'")
                    print(c.info.parameter_status("TimeZone"))
                    print(c.execute("SHOW TimeZone").fetchone()[0])
                    c.execute("SET datestyle = 'ISO, MDY'")
                    print(c.execute("SELECT current_database(), current_schema()").fetchone())
                """;
        ClientProcess.Result py = ClientProcess.run(List.of(ClientProcess.requirePython("psycopg"), "-c", script),
                ClientProcess.libpqEnv(server), 60);
        assertEquals(0, py.exitCode(), py.stderr());
        assertEquals("America/New_York\nAmerica/New_York\n('test', 'public')\n", py.stdout());
    }
}
