package io.shoaldb.pgwire;

import static io.shoaldb.pgwire.RawClient.bind;
import static io.shoaldb.pgwire.RawClient.describe;
import static io.shoaldb.pgwire.RawClient.execute;
import static io.shoaldb.pgwire.RawClient.parse;
import static io.shoaldb.pgwire.RawClient.query;
import static io.shoaldb.pgwire.RawClient.sync;
import static io.shoaldb.pgwire.RawClient.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol at the byte level against a running server (trust auth): startup variants, pipelining
 * and skip-until-Sync, row-limited Execute, and bad input of every kind named in issue 6.
 */
class PgProtocolTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(PgServerConfig.defaults("127.0.0.1", 0).withAuthMethod(AuthMethod.TRUST).withLimits(20, 4096));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void startupSendsParameterStatusKeyDataAndReady() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send(RawClient.codeOnly(FrontendDecoder.SSL_REQUEST_CODE));
            assertEquals('N', c.readByte(), "no TLS configured");
            c.send(RawClient.codeOnly(FrontendDecoder.GSSENC_REQUEST_CODE));
            assertEquals('N', c.readByte(), "GSSAPI encryption is refused");
            c.send(RawClient.startup(Map.of("user", TestServer.USER, "database", "test", "application_name", "raw",
                    "extra_float_digits", "3", "TimeZone", "Europe/Berlin")));
            List<RawClient.Message> ms = c.readUntilReady();
            assertEquals('R', ms.getFirst().type());
            java.util.Map<String, String> status = new java.util.HashMap<>();
            for (RawClient.Message m : ms) {
                if (m.type() == 'S') {
                    String[] kv = m.text().split("\0");
                    status.put(kv[0], kv[1]);
                }
            }
            assertTrue(status.get("server_version").startsWith("15."));
            assertEquals("UTF8", status.get("client_encoding"));
            assertEquals("UTF8", status.get("server_encoding"));
            assertEquals("ISO, MDY", status.get("DateStyle"));
            assertEquals("on", status.get("integer_datetimes"));
            assertEquals("on", status.get("standard_conforming_strings"));
            assertEquals("Europe/Berlin", status.get("TimeZone"));
            assertEquals("raw", status.get("application_name"));
            assertEquals("on", status.get("is_superuser"));
            assertEquals("postgres", status.get("IntervalStyle"));
            assertEquals(PgSession.SHOAL_VERSION, status.get("shoal_version"));
            assertEquals("K", types(ms.subList(ms.size() - 2, ms.size() - 1)));
            assertEquals("I", ms.getLast().text());
        }
    }

    @Test
    void newerMinorVersionIsNegotiatedDown() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            RawClient.writeInt(b, (3 << 16) | 2);
            RawClient.cstring(b, "user");
            RawClient.cstring(b, TestServer.USER);
            RawClient.cstring(b, "_pq_.something");
            RawClient.cstring(b, "x");
            b.write(0);
            c.send(RawClient.untyped(b.toByteArray()));
            List<RawClient.Message> ms = c.readUntilReady();
            assertEquals('v', ms.getFirst().type());
            assertTrue(ms.getFirst().text().contains("_pq_.something"));
        }
    }

    @Test
    void oldProtocolAndMissingUserAndUnknownDatabaseAreFatal() throws Exception {
        try (RawClient c = new RawClient(server.port())) {
            c.send(RawClient.untyped(new byte[] {0, 2, 0, 0, 'u', 0, 0}));
            RawClient.Message m = c.read();
            assertEquals('E', m.type());
            assertEquals("0A000", m.sqlState());
            assertEquals("FATAL", m.field('S'));
            assertTrue(c.closedByServer());
        }
        try (RawClient c = new RawClient(server.port())) {
            c.send(RawClient.startup(Map.of("database", "x")));
            assertEquals("28000", c.read().sqlState());
            assertTrue(c.closedByServer());
        }
        try (RawClient c = new RawClient(server.port())) {
            c.send(RawClient.startup(Map.of("user", TestServer.USER, "database", "nodb")));
            assertEquals("3D000", c.read().sqlState());
            assertTrue(c.closedByServer());
        }
        try (RawClient c = new RawClient(server.port())) {
            c.send(RawClient.startup(Map.of("user", TestServer.USER, "client_encoding", "LATIN1")));
            assertEquals("22023", c.read().sqlState());
        }
    }

    @Test
    void pipelineSkipsToSyncAfterAnErrorThenContinues() throws Exception {
        try (RawClient c = RawClient.trusted(server.port())) {
            c.send(parse("", "SELECT error"), bind("", "", (short) 0), describe('P', ""), execute("", 0), sync(),
                    parse("s1", "SELECT * FROM series(5)"), bind("p1", "s1", (short) 1), describe('P', "p1"),
                    execute("p1", 2), execute("p1", 2), execute("p1", 2), sync());
            List<RawClient.Message> failed = c.readUntilReady();
            assertEquals("EZ", types(failed));
            assertEquals("42601", failed.getFirst().sqlState());
            assertEquals("this is a hint", failed.getFirst().field('H'));
            List<RawClient.Message> ok = c.readUntilReady();
            assertEquals("12TDDsDDsDCZ", types(ok));
            c.send(parse("", "SELECT error"), query("SELECT 1"), sync());
            assertEquals("EZ", types(c.readUntilReady()), "a Query inside skip-until-Sync is dropped too");
            assertEquals("SELECT 5", ok.get(ok.size() - 2).text().trim().replace("\0", ""));
            // Binary int4 results were requested.
            assertEquals(4, ok.get(3).body().length - 2 - 4);
        }
    }

    @Test
    void rowLimitsSpanSeveralEngineRounds() throws Exception {
        try (RawClient c = RawClient.trusted(server.port())) {
            c.send(parse("", "SELECT * FROM series(2500)"), bind("", "", (short) 0), execute("", 2100), execute("", 2100), sync());
            List<RawClient.Message> ms = c.readUntilReady();
            assertEquals("1 2 D2100 s D400 C Z", runLengths(types(ms)));
            for (int i = 0; i < 2500; i++) {
                RawClient.Message row = ms.get(2 + i + (i >= 2100 ? 1 : 0));
                assertEquals(Integer.toString(i + 1), new String(row.body(), 6, row.body().length - 6, java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
    }

    /** "12DDDs" as "1 2 D3 s", so a failure message stays readable. */
    private static String runLengths(String types) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < types.length()) {
            int j = i;
            while (j < types.length() && types.charAt(j) == types.charAt(i)) {
                j++;
            }
            sb.append(sb.isEmpty() ? "" : " ").append(types.charAt(i)).append(j - i > 1 ? Integer.toString(j - i) : "");
            i = j;
        }
        return sb.toString();
    }

    @Test
    void aSlowReaderPausesItsFetchWithoutBlockingOthers() throws Exception {
        try (RawClient slow = new RawClient(server.port(), 4096); RawClient other = RawClient.trusted(server.port())) {
            slow.send(RawClient.startup(Map.of("user", TestServer.USER)));
            slow.readUntilReady();
            long pausesBefore = server.server.stats().outputPauses();
            // 30 MB: more than any kernel socket buffer on loopback holds. The slow client reads nothing until
            // the fetch is parked, so the server must meet back-pressure however fast or slow the machine is;
            // the deadline only bounds a broken server.
            slow.send(query("SELECT * FROM wide(30000)"));
            awaitCondition("the fetch parks while the client's socket is full", () -> server.server.stats().parkedFetches() > 0);
            assertTrue(server.server.stats().outputPauses() > pausesBefore, "the fetch waited for the socket");
            other.send(query("SELECT 1"));
            assertEquals("TDCZ", types(other.readUntilReady()), "the node loop is not blocked by the slow reader");
            List<RawClient.Message> rows = slow.readUntilReady();
            assertEquals(30_003, rows.size());
            assertEquals("SELECT 30000", rows.get(rows.size() - 2).text().replace("\0", "").trim());
            // The last round resumed (and left the gauge) before it wrote CommandComplete.
            assertEquals(0, server.server.stats().parkedFetches(), "no fetch stays parked once the client read everything");
        }
    }

    /** Polls {@code condition}; the 30 s deadline is a safety bound for a broken server, never the thing tested. */
    static void awaitCondition(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadlineNanos) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void namedStatementsAndPortalsFollowTheirLifecycle() throws Exception {
        try (RawClient c = RawClient.trusted(server.port())) {
            c.send(parse("st", "SELECT $1, $2", 23, 0), describe('S', "st"), sync());
            List<RawClient.Message> described = c.readUntilReady();
            assertEquals("1tTZ", types(described));
            c.send(parse("st", "SELECT 1"), sync());
            assertEquals("42P05", c.readUntilReady().getFirst().sqlState());
            c.send(bind("", "st", (short) 0, "7", null), execute("", 0), sync());
            List<RawClient.Message> rows = c.readUntilReady();
            assertEquals("2DCZ", types(rows));
            c.send(RawClient.close('S', "st"), bind("", "st", (short) 0, "1", "2"), sync());
            List<RawClient.Message> closed = c.readUntilReady();
            assertEquals("3EZ", types(closed));
            assertEquals("26000", closed.get(1).sqlState());
            c.send(bind("", "missing", (short) 0), sync());
            assertEquals("26000", c.readUntilReady().getFirst().sqlState());
            c.send(execute("nope", 0), sync());
            assertEquals("34000", c.readUntilReady().getFirst().sqlState());
            c.send(parse("", "SELECT $1", 23), bind("", "", (short) 0, "notanumber"), sync());
            List<RawClient.Message> bad = c.readUntilReady();
            assertEquals("1EZ", types(bad));
            assertEquals("22P02", bad.get(1).sqlState());
            c.send(parse("", "SELECT $1", 23), bind("", "", (short) 0, "1", "2"), sync());
            assertEquals("08P01", c.readUntilReady().get(1).sqlState());
        }
    }

    @Test
    void parseTakesOneStatementWithAnOptionalSemicolonOrNone() throws Exception {
        try (RawClient c = RawClient.trusted(server.port())) {
            c.send(parse("", "SELECT 1;  "), bind("", "", (short) 0), execute("", 0), sync());
            assertEquals("12DCZ", types(c.readUntilReady()));
            c.send(parse("", "SELECT 1; SELECT 1"), sync());
            assertEquals("42601", c.readUntilReady().getFirst().sqlState());
            c.send(parse("", " -- nothing\n"), describe('S', ""), bind("", "", (short) 0), describe('P', ""), execute("", 0), sync());
            assertEquals("1tn2nIZ", types(c.readUntilReady()), "an empty statement answers EmptyQueryResponse");
        }
    }

    @Test
    void flushSendsPendingRepliesWithoutSync() throws Exception {
        try (RawClient c = RawClient.trusted(server.port())) {
            c.send(parse("", "SELECT 1"), RawClient.flush());
            assertEquals('1', c.read().type());
            c.send(sync());
            assertEquals("Z", types(c.readUntilReady()));
        }
    }

    @Test
    void simpleQueryRunsEveryStatementAndReportsTransactionStatus() throws Exception {
        try (RawClient c = RawClient.trusted(server.port())) {
            c.send(query(""));
            assertEquals("IZ", types(c.readUntilReady()));
            c.send(query("BEGIN; SELECT 1; -- comment; with ; semicolons\nSELECT 'a;b'"));
            List<RawClient.Message> ms = c.readUntilReady();
            assertEquals("CTDCEZ", types(ms));
            assertEquals("T", ms.getLast().text(), "still in the transaction block");
            c.send(query("SELECT fail"));
            List<RawClient.Message> failed = c.readUntilReady();
            assertEquals("E", failed.getLast().text(), "failed transaction block");
            c.send(query("SELECT 1"));
            assertEquals("25P02", c.readUntilReady().getFirst().sqlState());
            c.send(query("ROLLBACK"));
            assertEquals("I", c.readUntilReady().getLast().text());
        }
    }

    @Test
    void invalidUtf8GetsAnErrorAndTheSessionCarriesOn() throws Exception {
        try (RawClient c = RawClient.trusted(server.port())) {
            c.send(RawClient.typed('Q', new byte[] {'S', (byte) 0xC3, (byte) 0x28, 0}));
            List<RawClient.Message> ms = c.readUntilReady();
            assertEquals("EZ", types(ms));
            assertEquals("22021", ms.getFirst().sqlState());
            c.send(query("SELECT 1"));
            assertEquals("TDCZ", types(c.readUntilReady()));
        }
    }

    @Test
    void malformedBodyIsAnErrorButFramingSurvives() throws Exception {
        try (RawClient c = RawClient.trusted(server.port())) {
            c.send(RawClient.typed('B', new byte[] {0, 0, 0, 5}), execute("", 0), sync());
            List<RawClient.Message> ms = c.readUntilReady();
            assertEquals("EZ", types(ms));
            assertEquals("08P01", ms.getFirst().sqlState());
            c.send(RawClient.typed('F', new byte[] {0, 0, 0, 1}));
            assertEquals("0A000", c.readUntilReady().getFirst().sqlState());
            c.send(query("SELECT 1"));
            assertEquals("TDCZ", types(c.readUntilReady()));
        }
    }

    @Test
    void unknownMessageTypeIsFatal() throws Exception {
        try (RawClient c = RawClient.trusted(server.port())) {
            c.send(RawClient.typed('y', new byte[3]));
            RawClient.Message m = c.read();
            assertEquals("08P01", m.sqlState());
            assertEquals("FATAL", m.field('S'));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void oversizedAndImpossibleLengthsCloseTheConnection() throws Exception {
        try (RawClient c = RawClient.trusted(server.port())) {
            c.send(new byte[] {'Q', 0, 0x10, 0, 0, 'x'});
            RawClient.Message m = c.read();
            assertEquals("54000", m.sqlState());
            assertTrue(c.closedByServer());
        }
        try (RawClient c = RawClient.trusted(server.port())) {
            c.send(new byte[] {'Q', 0, 0, 0, 2});
            assertEquals("08P01", c.read().sqlState());
            assertTrue(c.closedByServer());
        }
        try (RawClient c = new RawClient(server.port())) {
            c.send(new byte[] {0x7f, 0, 0, 0});
            assertEquals("08P01", c.read().sqlState());
            assertTrue(c.closedByServer());
        }
        assertTrue(server.server.stats().malformedMessages() >= 3);
    }

    @Test
    void plaintextAfterSslRequestIsRejected() throws Exception {
        try (TestServer tls = tlsServer(false); RawClient c = new RawClient(tls.port())) {
            byte[] ssl = RawClient.codeOnly(FrontendDecoder.SSL_REQUEST_CODE);
            byte[] startup = RawClient.startup(Map.of("user", TestServer.USER));
            byte[] both = new byte[ssl.length + startup.length];
            System.arraycopy(ssl, 0, both, 0, ssl.length);
            System.arraycopy(startup, 0, both, ssl.length, startup.length);
            c.send(both);
            assertTrue(c.closedByServer(), "bytes after SSLRequest must not be processed in plaintext");
        }
    }

    @Test
    void connectionLimitAnswers53300() throws Exception {
        try (TestServer small = new TestServer(PgServerConfig.defaults("127.0.0.1", 0).withAuthMethod(AuthMethod.TRUST).withLimits(2, 4096));
             RawClient a = RawClient.trusted(small.port()); RawClient b = RawClient.trusted(small.port());
             RawClient c = new RawClient(small.port())) {
            c.send(RawClient.startup(Map.of("user", TestServer.USER)));
            assertEquals("53300", c.read().sqlState());
            a.send(query("SELECT 1"));
            assertEquals("TDCZ", types(a.readUntilReady()), "existing sessions are unaffected");
            b.send(query("SELECT 1"));
            assertEquals("TDCZ", types(b.readUntilReady()));
        }
    }

    @Test
    void silentConnectionsAreClosedAfterTheAuthenticationTimeout() throws Exception {
        try (TestServer quick = new TestServer(PgServerConfig.defaults("127.0.0.1", 0).withAuthMethod(AuthMethod.TRUST)
                .withAuthenticationTimeout(200)); RawClient silent = new RawClient(quick.port());
             RawClient ok = RawClient.trusted(quick.port())) {
            assertTrue(silent.closedByServer(), "a socket that never authenticates is closed");
            ok.send(query("SELECT 1"));
            assertEquals("TDCZ", types(ok.readUntilReady()), "an authenticated session outlives the timeout");
        }
    }

    @Test
    void md5AndTrustAuthentication() throws Exception {
        try (TestServer md5 = new TestServer(PgServerConfig.defaults("127.0.0.1", 0).withAuthMethod(AuthMethod.MD5))) {
            try (Connection c = md5.connect(""); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                assertTrue(rs.next());
            }
            SQLException e = assertThrows(SQLException.class, () -> md5.connect("", TestServer.USER, "wrong"));
            assertEquals("28P01", e.getSQLState());
            // bob has only a SCRAM verifier, so md5 falls back to SCRAM as in PostgreSQL.
            try (Connection c = md5.connect("", "bob", "bobpw")) {
                assertTrue(c.isValid(5));
            }
        }
        try (Connection c = server.connect("", "bob", "")) {
            assertTrue(c.isValid(5), "trust needs no password");
        }
    }

    @Test
    void tlsWithPgjdbcAndRequiredTls() throws Exception {
        try (TestServer tls = tlsServer(true)) {
            try (Connection c = tls.connect("sslmode=require&sslfactory=org.postgresql.ssl.NonValidatingFactory")
                    .unwrap(Connection.class); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                assertTrue(rs.next());
            }
            SQLException plain = assertThrows(SQLException.class, () -> tls.connect(""));
            assertEquals("28000", plain.getSQLState());
        }
    }

    static TestServer tlsServer(boolean require) throws URISyntaxException {
        Path cert = Path.of(PgProtocolTest.class.getResource("/tls/server.crt").toURI());
        Path key = Path.of(PgProtocolTest.class.getResource("/tls/server.key").toURI());
        return new TestServer(PgServerConfig.defaults("127.0.0.1", 0).withTls(cert, key, require));
    }
}
