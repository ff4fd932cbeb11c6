package io.shoaldb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.pgwire.AuthMethod;
import io.shoaldb.server.ShoalServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration of {@code shoal run}: every bad key or value is refused with a message naming it. */
class ServerSettingsTest {
    @TempDir
    Path tmp;

    private static ServerSettings.ConfigException refused(String yaml) {
        return assertThrows(ServerSettings.ConfigException.class, () -> {
            ServerSettings s = new ServerSettings();
            s.readYaml(yaml, "config test.yaml");
            s.toServerConfig();
        });
    }

    private static void assertRefused(String yaml, String... expected) {
        String message = refused(yaml).getMessage();
        for (String e : expected) {
            assertTrue(message.contains(e), "expected '" + e + "' in: " + message);
        }
    }

    @Test
    void defaultsWithoutAFile() throws Exception {
        ShoalServer.Config c = new ServerSettings().toServerConfig();
        assertEquals("127.0.0.1", c.pg().host());
        assertEquals(4327, c.pg().port());
        assertEquals(Path.of("shoal-data"), c.dataDir());
        assertEquals(AuthMethod.SCRAM_SHA_256, c.pg().authMethod());
        assertEquals("admin", c.adminUser());
        assertNull(c.adminPassword());
        assertEquals(Runtime.getRuntime().maxMemory() / 4 * 3, new ServerSettings().memoryLimitBytes(),
                "the tables' memory limit defaults to three quarters of the heap");
    }

    @Test
    void everyKeyIsRead() throws Exception {
        ServerSettings s = new ServerSettings();
        s.readYaml("""
                pg-listen: 127.0.0.1:5999
                data-dir: /tmp/somewhere
                auth-method: md5
                max-connections: 7
                max-message-bytes: 4096
                authentication-timeout-ms: 1500
                admin-password: "hunter2"
                require-tls: false
                memory-limit-mb: 512
                """, "config t");
        assertEquals(512L << 20, s.memoryLimitBytes());
        ShoalServer.Config c = s.toServerConfig();
        assertEquals(5999, c.pg().port());
        assertEquals(Path.of("/tmp/somewhere"), c.dataDir());
        assertEquals(AuthMethod.MD5, c.pg().authMethod());
        assertEquals(7, c.pg().maxConnections());
        assertEquals(4096, c.pg().maxMessageBytes());
        assertEquals(1500, c.pg().authenticationTimeoutMillis());
        assertEquals("hunter2", c.adminPassword());
        assertTrue(!c.toString().contains("hunter2"), "the password must not be printed: " + c);
    }

    @Test
    void badValuesNameTheirKey() {
        assertRefused("max-connections: lots\n", "key 'max-connections'", "expected an integer", "'lots'");
        assertRefused("max-connections: 0\n", "key 'max-connections'", "out of range");
        assertRefused("max-message-bytes: 10\n", "key 'max-message-bytes'", "out of range");
        assertRefused("memory-limit-mb: 1\n", "key 'memory-limit-mb'", "out of range");
        assertRefused("memory-limit-mb: 2GiB\n", "key 'memory-limit-mb'", "expected an integer");
        assertRefused("pg-listen: nowhere\n", "key 'pg-listen'", "HOST:PORT");
        assertRefused("pg-listen: 127.0.0.1:70000\n", "key 'pg-listen'", "65535");
        assertRefused("auth-method: password\n", "key 'auth-method'", "scram-sha-256, md5 or trust");
        assertRefused("require-tls: yes please\n", "key 'require-tls'", "true or false");
        assertRefused("admin-password: \"\"\n", "key 'admin-password'", "must not be empty");
        assertRefused("data-dir: [a, b]\n", "key 'data-dir'", "a list");
        assertRefused("authentication-timeout-ms: 1.5\n", "key 'authentication-timeout-ms'");
    }

    @Test
    void unknownKeysAndBadShapesAreRefused() {
        assertRefused("pg_listen: 127.0.0.1:1\n", "unknown key 'pg_listen'", "known keys: pg-listen");
        assertRefused("- a\n- b\n", "expected a map");
        assertRefused("pg-listen: [unclosed\n", "not valid YAML");
        assertRefused("max-connections: 5\nmax-connections: 6\n", "max-connections");
        assertRefused("admin-password: yes\n", "key 'admin-password'", "quote the password");
        assertRefused("admin-password: 0123\n", "key 'admin-password'", "quote the password");
    }

    @Test
    void tlsSettingsMustBeComplete() throws Exception {
        assertRefused("tls-cert: /etc/hostname\n", "'tls-cert' and 'tls-key' go together");
        assertRefused("require-tls: true\n", "'require-tls' is true");
        Path cert = Files.writeString(tmp.resolve("c.pem"), "x");
        assertRefused("tls-cert: " + cert + "\ntls-key: " + tmp.resolve("missing.pem") + "\n", "key 'tls-key'", "cannot read");
    }

    @Test
    void emptyFileMeansDefaultsAndTheEnvironmentOverridesTheFile() throws Exception {
        ServerSettings s = new ServerSettings();
        Path file = Files.writeString(tmp.resolve("empty.yaml"), "");
        s.readFile(file);
        s.readYaml("admin-password: from-file\n", "config t");
        s.readEnvironment(Map.of(ServerSettings.ENV_ADMIN_PASSWORD, "from-env"));
        assertEquals("from-env", s.toServerConfig().adminPassword());
        ServerSettings.ConfigException e = assertThrows(ServerSettings.ConfigException.class,
                () -> new ServerSettings().readEnvironment(Map.of(ServerSettings.ENV_ADMIN_PASSWORD, "")));
        assertTrue(e.getMessage().contains(ServerSettings.ENV_ADMIN_PASSWORD), e.getMessage());
        ServerSettings.ConfigException missing = assertThrows(ServerSettings.ConfigException.class,
                () -> new ServerSettings().readFile(tmp.resolve("nope.yaml")));
        assertTrue(missing.getMessage().contains("cannot read"), missing.getMessage());
    }
}
