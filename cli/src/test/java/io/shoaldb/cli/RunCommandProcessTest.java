package io.shoaldb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shoal run} as a user meets it: a real JVM started with no arguments in an empty working directory
 * prints the admin password once, pgjdbc logs in with it, a second start over the same data directory
 * prints no password, still accepts it and has kept the roles, tables and rows of the first (SIGTERM in
 * between), and a bad configuration value stops the process with exit 78.
 */
class RunCommandProcessTest {
    private static final Pattern PASSWORD = Pattern.compile("with password: (\\S+)");
    private static final Pattern SERVING = Pattern.compile("serving PostgreSQL clients on [^ ]+:(\\d+)");

    @TempDir
    Path workDir;

    private Process start(Path log, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss4m",
                "-cp", System.getProperty("java.class.path"), ShoalCli.class.getName(), "run"));
        command.addAll(args);
        return new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private static String awaitServing(Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (SERVING.matcher(text).find()) {
                return text;
            }
            if (!p.isAlive()) {
                throw new AssertionError("shoal run exited with " + p.exitValue() + ":\n" + text);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("shoal run did not start within 60 s:\n" + Files.readString(log));
    }

    /** The default port when it is free, as a user's machine has it; a free one when a test elsewhere holds 4327. */
    private static List<String> listenArgs() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 4327));
            return List.of();
        } catch (IOException busy) {
            int port = io.shoaldb.net.transport.FreePorts.loopback(1).getFirst().getPort();
            return List.of("--pg-listen", "127.0.0.1:" + port);
        }
    }

    private static Connection connect(int port, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/shoal?sslmode=disable&connectTimeout=10", props);
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM: the shutdown hook closes the listener and the node
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("shoal run ignored SIGTERM for 20 s");
        }
    }

    @Test
    void firstStartPrintsThePasswordOnceAndPsqlClientsLogInWithIt() throws Exception {
        List<String> listen = listenArgs();
        Path log1 = workDir.resolve("first.log");
        Process first = start(log1, listen);
        String password;
        int port;
        try {
            String out = awaitServing(first, log1);
            Matcher pw = PASSWORD.matcher(out);
            assertTrue(pw.find(), "no password in:\n" + out);
            password = pw.group(1);
            Matcher serving = SERVING.matcher(out);
            assertTrue(serving.find());
            port = Integer.parseInt(serving.group(1));
            assertFalse(out.contains("WARNING"), out);
            assertTrue(Files.isDirectory(workDir.resolve("shoal-data")), "the data directory is ./shoal-data");
            String stored = Files.readString(workDir.resolve("shoal-data").resolve("admin.scram"));
            assertTrue(stored.startsWith("SCRAM-SHA-256$4096:"), stored);
            assertFalse(stored.contains(password), "the password itself must not be stored");
            try (Connection c = connect(port, "admin", password); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT current_user, version()")) {
                    assertTrue(rs.next());
                    assertEquals("admin", rs.getString(1));
                    assertTrue(rs.getString(2).startsWith("PostgreSQL 15."), rs.getString(2));
                }
                s.execute("CREATE USER app PASSWORD 'app-secret'");
                s.execute("CREATE TABLE kept (id INT PRIMARY KEY, note TEXT)");
                s.execute("INSERT INTO kept VALUES (1, 'survives a restart')");
            }
            try (Connection c = connect(port, "app", "app-secret"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SHOW is_superuser")) {
                assertTrue(rs.next());
                assertEquals("off", rs.getString(1));
            }
            SQLException wrong = assertThrows(SQLException.class, () -> connect(port, "admin", password + "x"));
            assertEquals("28P01", wrong.getSQLState());
        } finally {
            stop(first);
        }

        Path log2 = workDir.resolve("second.log");
        Process second = start(log2, listen);
        try {
            String out = awaitServing(second, log2);
            assertFalse(out.contains("password:"), "a second start must not print a password:\n" + out);
            Matcher serving = SERVING.matcher(out);
            assertTrue(serving.find());
            int port2 = Integer.parseInt(serving.group(1));
            try (Connection c = connect(port2, "admin", password); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT note FROM kept WHERE id = 1")) {
                assertTrue(rs.next());
                assertEquals("survives a restart", rs.getString(1));
            }
            connect(port2, "app", "app-secret").close();
        } finally {
            stop(second);
        }
    }

    @Test
    void aBadConfigurationValueStopsTheProcessWithExit78() throws Exception {
        Files.writeString(workDir.resolve("shoal.yaml"), "pg-listen: 127.0.0.1:4327\nmax-connections: many\n");
        Path log = workDir.resolve("bad.log");
        Process p = start(log, List.of("--config", "shoal.yaml"));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "shoal run with a bad config must exit");
        String out = Files.readString(log);
        assertEquals(78, p.exitValue(), out);
        assertTrue(out.contains("key 'max-connections'") && out.contains("'many'"), out);
        assertFalse(Files.exists(workDir.resolve("shoal-data")), "nothing is created when the configuration is bad");
    }
}
