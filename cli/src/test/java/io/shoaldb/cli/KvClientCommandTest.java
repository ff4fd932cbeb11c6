package io.shoaldb.cli;

import io.shoaldb.net.transport.FreePorts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code shoal kv} refuses bad input with exit 64 and reports an unreachable group with exit 75. */
class KvClientCommandTest {

    private record Outcome(int exit, String err) {
    }

    private static Outcome run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Outcome(ShoalCli.execute(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private static void assertExit(int expected, String message, String... args) {
        Outcome o = run(args);
        assertEquals(expected, o.exit(), o.err());
        assertTrue(o.err().contains(message), "expected '" + message + "' in: " + o.err());
    }

    private static final String PEER = "1=127.0.0.1:" + FreePorts.loopback(1).get(0).getPort();

    @Test
    void badInvocationsAreUsageErrors() {
        assertExit(64, "--peer", "kv", "get", "k");
        assertExit(64, "unknown operation 'frob'", "kv", "--peer", PEER, "frob", "k");
        assertExit(64, "usage: shoal kv [options] put KEY VALUE", "kv", "--peer", PEER, "put", "onlykey");
        assertExit(64, "usage: shoal kv [options] cas KEY OLD NEW", "kv", "--peer", PEER, "cas", "k", "v");
        assertExit(64, "--absent is only for cas", "kv", "--peer", PEER, "--absent", "put", "k", "v");
        assertExit(64, "--timeout-ms", "kv", "--peer", PEER, "--timeout-ms", "0", "get", "k");
        assertExit(64, "is not ID=HOST:PORT", "kv", "--peer", "127.0.0.1:7001", "get", "k");
    }

    @Test
    void anOversizedKeyIsRefusedBeforeAnythingIsSent() {
        assertExit(65, "key longer than", "kv", "--peer", PEER, "get", "k".repeat(2000));
    }

    @Test
    void anUnreachableGroupTimesOut() {
        assertExit(75, "no outcome within 300 ms", "kv", "--peer", PEER, "--timeout-ms", "300", "put", "k", "v");
    }
}
