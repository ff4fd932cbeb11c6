package io.shoaldb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.net.DataDirectoryException;
import io.shoaldb.pgwire.PgServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single-node server: the admin credential's life across starts, and a second process kept out. */
class ShoalServerTest {
    @TempDir
    Path tmp;

    private ShoalServer start(Path dataDir, String adminPassword) throws DataDirectoryException {
        return start(dataDir, adminPassword, SqlHost::durable);
    }

    private ShoalServer start(Path dataDir, String adminPassword, SqlHost.Factory hosts) throws DataDirectoryException {
        return ShoalServer.start(new ShoalServer.Config(PgServerConfig.defaults("127.0.0.1", 0), dataDir, "admin", adminPassword),
                hosts, cause -> { });
    }

    private static Connection connect(ShoalServer server, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.pgPort() + "/shoal?sslmode=disable"
                + "&connectTimeout=10", props);
    }

    private static void assertLogsIn(ShoalServer server, String password) throws SQLException {
        try (Connection c = connect(server, "admin", password); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW is_superuser")) {
            assertTrue(rs.next());
            assertEquals("on", rs.getString(1));
        }
    }

    @Test
    void generatedPasswordIsShownOnceAndStoredAsAVerifier() throws Exception {
        Path dir = tmp.resolve("data");
        String password;
        try (ShoalServer server = start(dir, null)) {
            password = server.generatedPassword();
            assertNotNull(password);
            assertTrue(server.durable());
            assertLogsIn(server, password);
            // The bootstrap superuser cannot be dropped, not even by another superuser.
            try (Connection c = connect(server, "admin", password); Statement s = c.createStatement()) {
                assertEquals("55006", assertThrows(SQLException.class, () -> s.execute("DROP ROLE admin")).getSQLState());
                s.execute("CREATE USER root2 SUPERUSER PASSWORD 'r2'");
            }
            try (Connection c = connect(server, "root2", "r2"); Statement s = c.createStatement()) {
                assertEquals("2BP01", assertThrows(SQLException.class, () -> s.execute("DROP ROLE admin")).getSQLState());
            }
        }
        Path file = dir.resolve(AdminCredential.FILE);
        assertFalse(Files.readString(file).contains(password));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(file));
        try (ShoalServer again = start(dir, null)) {
            assertNull(again.generatedPassword(), "a second start shows no password");
            assertLogsIn(again, password);
        }
    }

    @Test
    void aConfiguredPasswordReplacesTheStoredOneAndIsKept() throws Exception {
        Path dir = tmp.resolve("data");
        try (ShoalServer first = start(dir, "first-pw")) {
            assertNull(first.generatedPassword());
            assertLogsIn(first, "first-pw");
        }
        try (ShoalServer second = start(dir, "second-pw")) {
            assertLogsIn(second, "second-pw");
            assertEquals("28P01", assertThrows(SQLException.class, () -> connect(second, "admin", "first-pw")).getSQLState());
        }
        try (ShoalServer third = start(dir, null)) {
            assertNull(third.generatedPassword());
            assertLogsIn(third, "second-pw");
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryIsRefused() throws Exception {
        Path dir = tmp.resolve("data");
        try (ShoalServer first = start(dir, "pw")) {
            DataDirectoryException e = assertThrows(DataDirectoryException.class, () -> start(dir, "pw").close());
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertLogsIn(first, "pw");
        }
    }

    @Test
    void aCorruptCredentialFileIsRefusedWithAMessage() throws Exception {
        Path dir = tmp.resolve("data");
        start(dir, "pw").close();
        Files.writeString(dir.resolve(AdminCredential.FILE), "plaintext-password\n");
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> start(dir, null).close());
        assertTrue(e.getCause().getMessage().contains("does not hold a SCRAM-SHA-256 verifier"), e.getCause().getMessage());
    }

    @Test
    void rolesTablesAndRowsSurviveARestartAndAlterRoleOfAdminIsKept() throws Exception {
        Path dir = tmp.resolve("data");
        String password;
        try (ShoalServer server = start(dir, null)) {
            password = server.generatedPassword();
            try (Connection c = connect(server, "admin", password); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v TEXT)");
                s.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
                s.execute("CREATE USER app PASSWORD 'app-pw'");
                s.execute("ALTER ROLE admin PASSWORD 'changed-by-sql'");
            }
        }
        try (ShoalServer again = start(dir, null)) {
            assertLogsIn(again, "changed-by-sql");
            assertEquals("28P01", assertThrows(SQLException.class, () -> connect(again, "admin", password)).getSQLState());
            try (Connection c = connect(again, "app", "app-pw"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT v FROM t ORDER BY id")) {
                assertTrue(rs.next());
                assertEquals("one", rs.getString(1));
                assertTrue(rs.next());
                assertEquals("two", rs.getString(1));
                assertFalse(rs.next());
            }
        }
    }

    @Test
    void theInMemoryHostSaysItIsNotDurable() throws Exception {
        try (ShoalServer server = start(tmp.resolve("mem"), "pw", SqlHost::inMemory)) {
            assertFalse(server.durable());
            assertLogsIn(server, "pw");
        }
    }

    /**
     * Client sockets are served by the node's own loop (no thread hop per message): several connections
     * work side by side, prepared statements included, and closing the server closes connections still
     * open, since the borrowed loop is not PgServer's to shut down.
     */
    @Test
    void clientsOnTheNodesLoopWorkAndAreClosedWithTheServer() throws Exception {
        Path dir = tmp.resolve("data");
        Connection open;
        try (ShoalServer server = start(dir, "pw")) {
            try (Connection a = connect(server, "admin", "pw"); Statement s = a.createStatement()) {
                s.execute("CREATE TABLE kv (k INT PRIMARY KEY, v INT)");
                s.execute("INSERT INTO kv VALUES (1, 10), (2, 20), (3, 30)");
            }
            open = connect(server, "admin", "pw");
            try (Connection b = connect(server, "admin", "pw");
                    java.sql.PreparedStatement pa = open.prepareStatement("SELECT v FROM kv WHERE k = ?");
                    java.sql.PreparedStatement pb = b.prepareStatement("SELECT v FROM kv WHERE k = ?")) {
                for (int round = 0; round < 10; round++) { // past pgjdbc's prepareThreshold: named statements
                    for (int k = 1; k <= 3; k++) {
                        for (java.sql.PreparedStatement p : java.util.List.of(pa, pb)) {
                            p.setInt(1, k);
                            try (ResultSet rs = p.executeQuery()) {
                                assertTrue(rs.next());
                                assertEquals(10 * k, rs.getInt(1));
                                assertFalse(rs.next());
                            }
                        }
                    }
                }
            }
        }
        try (Statement s = open.createStatement()) {
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
        } finally {
            open.close();
        }
    }
}
