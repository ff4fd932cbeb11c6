package io.shoaldb.cli;

import io.shoaldb.net.transport.FreePorts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad flags and values of {@code shoal kv-node} get a clear message and exit 64, before anything starts. */
class KvNodeCommandFlagsTest {

    @TempDir
    Path tmp;

    private record Outcome(int exit, String err) {
    }

    private Outcome run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = ShoalCli.execute(args);
            return new Outcome(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private void assertUsageError(String expected, String... args) {
        Outcome outcome = run(args);
        assertEquals(64, outcome.exit(), outcome.err());
        assertTrue(outcome.err().contains(expected), "expected '" + expected + "' in: " + outcome.err());
        assertTrue(outcome.err().startsWith("shoal: "), outcome.err());
    }

    private String[] with(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("kv-node", "--node-id", "1", "--data-dir", tmp.resolve("d").toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void missingRequiredFlags() {
        assertUsageError("--listen", "kv-node", "--node-id", "1", "--data-dir", tmp.toString());
        assertUsageError("--node-id", "kv-node", "--listen", "127.0.0.1:7001", "--data-dir", tmp.toString());
    }

    @Test
    void badAddresses() {
        assertUsageError("is not HOST:PORT", with("--listen", "localhost"));
        assertUsageError("port is not a number", with("--listen", "127.0.0.1:http"));
        assertUsageError("between 1 and 65535", with("--listen", "127.0.0.1:70000"));
        assertUsageError("unknown host", with("--listen", "no-such-host.invalid:7001"));
        assertUsageError("in brackets", with("--listen", "::1:7001"));
    }

    @Test
    void badPeers() {
        assertUsageError("is not ID=HOST:PORT", with("--listen", "127.0.0.1:7001", "--peer", "127.0.0.1:7002"));
        assertUsageError("node id is not a number", with("--listen", "127.0.0.1:7001", "--peer", "two=127.0.0.1:7002"));
        assertUsageError("node ids are 0..", with("--listen", "127.0.0.1:7001", "--peer", "-3=127.0.0.1:7002"));
        assertUsageError("given twice", with("--listen", "127.0.0.1:7001", "--peer", "2=127.0.0.1:7002", "--peer", "2=127.0.0.1:7003"));
    }

    @Test
    void badNodeIdAndCluster() {
        assertUsageError("node ids are 0..", "kv-node", "--node-id", "-1", "--data-dir", tmp.toString(), "--listen", "127.0.0.1:7001");
        assertUsageError("'x'", "kv-node", "--node-id", "x", "--data-dir", tmp.toString(), "--listen", "127.0.0.1:7001");
        assertUsageError("--cluster must not be empty", with("--listen", "127.0.0.1:7001", "--cluster", " "));
    }

    @Test
    void aDataDirectoryOfAnotherClusterIsRefusedWithExit65() throws Exception {
        Path dir = tmp.resolve("other");
        io.shoaldb.net.DataDirectory.open(dir, "alpha", io.shoaldb.net.NodeConfig.clusterId("alpha"), 1).close();
        int port = FreePorts.loopback(1).get(0).getPort();
        Outcome outcome = run("kv-node", "--node-id", "1", "--data-dir", dir.toString(), "--listen", "127.0.0.1:" + port,
                "--cluster", "beta");
        assertEquals(65, outcome.exit(), outcome.err());
        assertTrue(outcome.err().contains("belongs to cluster 'alpha'"), outcome.err());
    }

    @Test
    void unknownFlag() {
        assertUsageError("Unknown option", with("--listen", "127.0.0.1:7001", "--fsync", "off"));
        assertTrue(!Files.exists(tmp.resolve("d")), "nothing may be created for a rejected command line");
    }
}
