package io.shoaldb.pgwire;

import static io.shoaldb.pgwire.RawClient.types;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Throws random and mutated protocol messages at a running server on loopback, before and after
 * startup, and checks after every attempt that the server is up, answers a well-formed client exactly
 * right, hit no internal error, and leaks no connection.
 */
class PgFuzzTest {
    private static TestServer server;
    /** Attacks on the authentication exchange itself. */
    private static TestServer scramServer;

    @BeforeContainer
    static void start() {
        server = new TestServer(PgServerConfig.defaults("127.0.0.1", 0).withAuthMethod(AuthMethod.TRUST).withLimits(50, 64 * 1024));
        scramServer = new TestServer(PgServerConfig.defaults("127.0.0.1", 0).withLimits(50, 64 * 1024));
    }

    @AfterContainer
    static void stop() throws InterruptedException {
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            // Both servers release their connections on their I/O threads after the client closed; wait for both.
            while ((server.server.connectionCount() > 0 || scramServer.server.connectionCount() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, server.server.connectionCount(), "every fuzzed connection was released");
            assertEquals(0, scramServer.server.connectionCount(), "every fuzzed connection was released");
            assertEquals(0, scramServer.server.stats().internalErrors());
        } finally {
            server.close();
            scramServer.close();
        }
    }

    @Property(tries = 150)
    void serverSurvivesGarbageAndStaysCorrect(@ForAll("attacks") Attack attack) throws Exception {
        try (Socket s = new Socket("127.0.0.1", attack.scram() ? scramServer.port() : server.port())) {
            s.setSoTimeout(50);
            if (attack.afterStartup()) {
                s.getOutputStream().write(RawClient.startup(Map.of("user", TestServer.USER)));
            }
            s.getOutputStream().write(attack.bytes());
            s.getOutputStream().write(RawClient.sync());
            s.getOutputStream().flush();
            drain(s.getInputStream());
        } catch (IOException e) {
            // The server may close or reset the connection under attack; that is allowed.
        }
        assertWellFormedClientWorks();
        if (attack.scram()) {
            try (java.sql.Connection c = scramServer.connect(""); java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT 1")) {
                assertEquals(true, rs.next(), "a SCRAM login still works");
                assertEquals(1, rs.getInt(1));
            }
        }
        assertEquals(0, server.server.stats().internalErrors(), "no session hit an internal error");
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) {
                // Keep reading until the server closes or falls silent.
            }
        } catch (SocketTimeoutException e) {
            // Silent: waiting for more input, as a server should when a message is incomplete.
        }
    }

    private static void assertWellFormedClientWorks() throws IOException {
        try (RawClient c = RawClient.trusted(server.port())) {
            c.send(RawClient.query("SELECT 1"));
            List<RawClient.Message> simple = c.readUntilReady();
            assertEquals("TDCZ", types(simple));
            assertEquals("1", new String(simple.get(1).body(), 6, 1, java.nio.charset.StandardCharsets.US_ASCII));
            c.send(RawClient.parse("", "SELECT * FROM series(3)"), RawClient.bind("", "", (short) 0), RawClient.execute("", 2),
                    RawClient.execute("", 2), RawClient.sync());
            assertEquals("12DDsDCZ", types(c.readUntilReady()));
        }
    }

    record Attack(boolean afterStartup, boolean scram, byte[] bytes) {
        @Override
        public String toString() {
            return "Attack[afterStartup=" + afterStartup + ", scram=" + scram + ", " + bytes.length + " bytes: " + java.util.HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 64)) + "]";
        }
    }

    private static final List<byte[]> VALID = List.of(
            RawClient.query("SELECT 1"), RawClient.query("SELECT * FROM series(20)"), RawClient.query("BEGIN; SELECT fail; COMMIT"),
            RawClient.parse("s", "SELECT $1, $2", 23, 25), RawClient.bind("p", "s", (short) 1, "5", "x"), RawClient.bind("", "", (short) 0),
            RawClient.describe('S', "s"), RawClient.describe('P', "p"), RawClient.execute("p", 1), RawClient.execute("", 0),
            RawClient.query("COPY t FROM STDIN"), RawClient.typed('d', "1\tx\n".getBytes()), RawClient.typed('c', new byte[0]),
            RawClient.typed('f', "no\0".getBytes()), RawClient.close('S', "s"), RawClient.close('P', "p"), RawClient.flush(), RawClient.sync(),
            RawClient.typed('p', "pw\0".getBytes()), RawClient.codeOnly(FrontendDecoder.SSL_REQUEST_CODE),
            saslInitial("n,,n=,r=fuzznonce0123456789"), saslInitial("p=tls-server-end-point,,n=,r=x"), saslInitial("y,,n=,r=abc"),
            RawClient.typed('p', "c=biws,r=fuzznonce0123456789,p=AAAA".getBytes()),
            RawClient.codeOnly(FrontendDecoder.CANCEL_REQUEST_CODE), RawClient.startup(Map.of("user", "x")));

    @Provide
    Arbitrary<Attack> attacks() {
        return Arbitraries.longs().flatMap(seed -> Arbitraries.of(0, 1, 2, 3).map(mode -> {
            boolean after = (mode & 1) != 0;
            boolean scram = (mode & 2) != 0;
            Random r = new Random(seed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int n = 1 + r.nextInt(8);
            for (int i = 0; i < n; i++) {
                byte[] m;
                if (r.nextInt(5) == 0) {
                    m = new byte[r.nextInt(40)];
                    r.nextBytes(m);
                } else {
                    m = mutate(VALID.get(r.nextInt(VALID.size())).clone(), r);
                }
                out.writeBytes(m);
            }
            return new Attack(after, scram, out.toByteArray());
        }));
    }

    private static byte[] saslInitial(String clientFirst) {
        byte[] mechanism = "SCRAM-SHA-256\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] data = clientFirst.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return RawClient.typed('p', java.nio.ByteBuffer.allocate(mechanism.length + 4 + data.length)
                .put(mechanism).putInt(data.length).put(data).array());
    }

    private static byte[] mutate(byte[] m, Random r) {
        switch (r.nextInt(6)) {
            case 0 -> { // flip a byte
                if (m.length > 0) {
                    m[r.nextInt(m.length)] ^= (byte) (1 + r.nextInt(255));
                }
                return m;
            }
            case 1 -> { // truncate
                return java.util.Arrays.copyOf(m, r.nextInt(m.length + 1));
            }
            case 2 -> { // lie about the length
                if (m.length >= 5) {
                    int at = m[0] >= 'A' ? 1 : 0;
                    int len = switch (r.nextInt(4)) {
                        case 0 -> r.nextInt();
                        case 1 -> -1;
                        case 2 -> r.nextInt(8);
                        default -> m.length + r.nextInt(100) - 50;
                    };
                    m[at] = (byte) (len >>> 24);
                    m[at + 1] = (byte) (len >>> 16);
                    m[at + 2] = (byte) (len >>> 8);
                    m[at + 3] = (byte) len;
                }
                return m;
            }
            case 3 -> { // inject invalid UTF-8 into the body
                if (m.length > 6) {
                    m[5 + r.nextInt(m.length - 6)] = (byte) 0xC0;
                }
                return m;
            }
            case 4 -> { // change the type byte
                if (m.length > 0) {
                    m[0] = (byte) r.nextInt(256);
                }
                return m;
            }
            default -> {
                return m;
            }
        }
    }
}
