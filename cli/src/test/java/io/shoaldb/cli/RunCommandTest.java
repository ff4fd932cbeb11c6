package io.shoaldb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shoal run} refuses bad flags (64), bad configuration (78) and foreign data directories (65) before serving. */
class RunCommandTest {
    @TempDir
    Path tmp;

    private record Outcome(int exit, String err) {
    }

    private Outcome run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Outcome(ShoalCli.execute(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private void assertOutcome(int exit, String expected, String... args) {
        Outcome o = run(args);
        assertEquals(exit, o.exit(), o.err());
        assertTrue(o.err().contains(expected), "expected '" + expected + "' in: " + o.err());
    }

    @Test
    void badFlagsExit64() {
        assertOutcome(64, "--pg-listen", "run", "--pg-listen", "localhost");
        assertOutcome(64, "Unknown option", "run", "--pg-lisen", "127.0.0.1:1");
        assertOutcome(64, "shoal kv-node", "run", "--node-id", "1", "--data-dir", tmp.toString());
    }

    @Test
    void badConfigurationExits78NamingTheKey() throws Exception {
        Path config = Files.writeString(tmp.resolve("shoal.yaml"), "max-connections: -3\n");
        assertOutcome(78, "key 'max-connections'", "run", "--config", config.toString(), "--data-dir", tmp.resolve("d").toString());
        Path unknown = Files.writeString(tmp.resolve("unknown.yaml"), "listen: 127.0.0.1:1\n");
        assertOutcome(78, "unknown key 'listen'", "run", "--config", unknown.toString());
        assertOutcome(78, "cannot read", "run", "--config", tmp.resolve("missing.yaml").toString());
        assertTrue(!Files.exists(tmp.resolve("d")), "nothing may be created before the configuration is valid");
        Path cert = Files.writeString(tmp.resolve("cert.pem"), "not a certificate");
        Path key = Files.writeString(tmp.resolve("key.pem"), "not a key");
        int port = io.shoaldb.net.transport.FreePorts.loopback(1).getFirst().getPort();
        Path tls = Files.writeString(tmp.resolve("tls.yaml"), "tls-cert: " + cert + "\ntls-key: " + key + "\npg-listen: 127.0.0.1:"
                + port + "\n");
        assertOutcome(78, "cannot load TLS certificate", "run", "--config", tls.toString(), "--data-dir", tmp.resolve("t").toString());
    }

    @Test
    void dataDirectoryOfAnotherClusterOrANewerFormatIsRefused() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("kv"));
        Files.createDirectories(foreign.resolve("disk"));
        Files.writeString(foreign.resolve("shoal.meta"), "format=1\ncluster=shoal\ncluster-id=1234\nnode-id=1\n");
        int port = io.shoaldb.net.transport.FreePorts.loopback(1).getFirst().getPort();
        assertOutcome(65, "belongs to cluster 'shoal'", "run", "--data-dir", foreign.toString(), "--pg-listen", "127.0.0.1:" + port);
        Path newer = Files.createDirectories(tmp.resolve("newer"));
        Files.writeString(newer.resolve("shoal.meta"), "format=99\ncluster=shoaldb-sql\ncluster-id=1\nnode-id=1\n");
        assertOutcome(65, "newer ShoalDB", "run", "--data-dir", newer.toString(), "--pg-listen", "127.0.0.1:" + port);
        Path notOurs = Files.createDirectories(tmp.resolve("notours"));
        Files.writeString(notOurs.resolve("important.txt"), "keep me");
        assertOutcome(65, "did not create", "run", "--data-dir", notOurs.toString(), "--pg-listen", "127.0.0.1:" + port);
    }
}
