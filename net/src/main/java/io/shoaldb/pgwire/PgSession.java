package io.shoaldb.pgwire;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * One client connection's state machine, from StartupMessage through authentication to the query
 * phase, which {@link QueryProcessor} runs. Messages are queued and handled strictly in order; while a
 * statement runs asynchronously the queue waits. Lives on the node's loop; touched by no other thread.
 */
final class PgSession {
    private static final System.Logger LOG = System.getLogger(PgSession.class.getName());
    static final String SERVER_VERSION = "15.0";
    static final String SHOAL_VERSION = "0.1.0";

    enum Phase { AWAITING_STARTUP, AUTH_SCRAM_FIRST, AUTH_SCRAM_FINAL, AUTH_MD5, READY, CLOSED }

    /** Everything a session shares with the server; immutable or thread-safe. */
    record Environment(PgServerConfig config, UserStore users, SqlEngine engine, CancelRegistry cancels,
                       RandomGenerator secureRandom, PgServer.Stats stats) {
    }

    private final Environment env;
    private final PgConnection connection;
    private final boolean overConnectionLimit;
    private final ArrayDeque<FrontendMessage> inbound = new ArrayDeque<>();
    private Phase phase = Phase.AWAITING_STARTUP;
    /** Read by the I/O thread's authentication timer; written once, on the node's loop. */
    private volatile boolean ready;
    private final BackendWriter out;
    private boolean readingPaused;
    private boolean draining;
    private String user;
    private String database;
    private Map<String, String> startupParameters = Map.of();
    private PgUser pgUser;
    private ScramAuthenticator scram;
    private byte[] md5Salt;
    private int processId;
    private QueryProcessor queries;

    PgSession(Environment env, PgConnection connection, boolean overConnectionLimit) {
        this.env = env;
        this.connection = connection;
        this.overConnectionLimit = overConnectionLimit;
        this.out = new BackendWriter(connection::allocate);
    }

    /** Whether startup and authentication completed; safe from any thread. */
    boolean isReady() {
        return ready;
    }

    Phase phase() {
        return phase;
    }

    /** A decoded message arrived (on the node's loop, in arrival order). */
    void receive(FrontendMessage message) {
        receiveAll(List.of(message));
    }

    /** Messages of one read, handled in order with one flush at the end (unless a step flushes earlier). */
    void receiveAll(List<FrontendMessage> messages) {
        if (phase == Phase.CLOSED) {
            return;
        }
        inbound.addAll(messages);
        if (!readingPaused && inbound.size() >= env.config().maxPendingMessages()) {
            readingPaused = true;
            connection.setReading(false);
        }
        drain();
    }

    /** Handles queued messages until the queue is empty or a statement is running asynchronously. */
    void drain() {
        if (draining) {
            // A completion inside a handler: the loop below is already running and will continue.
            return;
        }
        draining = true;
        try {
            drainLoop();
        } finally {
            draining = false;
        }
    }

    private void drainLoop() {
        while (phase != Phase.CLOSED && (queries == null || !queries.busy())
                && (!inbound.isEmpty() || (queries != null && queries.hasSteps()))) {
            try {
                if (queries != null && queries.hasSteps()) {
                    queries.runStep();
                } else {
                    handle(inbound.poll());
                }
            } catch (SqlException e) {
                if (e.fields().severity().equals("FATAL")) {
                    fatal(e.fields());
                } else if (queries != null) {
                    queries.fail(e);
                } else {
                    fatal(e.fields().withSeverity("FATAL"));
                }
            } catch (RuntimeException | AssertionError | StackOverflowError e) {
                // a bug in the engine ends this session with an error, never the loop or other sessions
                internalError(e);
            }
        }
        if (readingPaused && inbound.size() <= env.config().maxPendingMessages() / 2) {
            readingPaused = false;
            connection.setReading(true);
        }
        if (phase != Phase.CLOSED && inbound.isEmpty() && (queries == null || !queries.busy() && !queries.hasSteps())) {
            flush();
        }
    }

    private void handle(FrontendMessage message) {
        switch (message) {
            case FrontendMessage.BrokenFraming b -> {
                LOG.log(System.Logger.Level.WARNING, "pgwire {0}: {1}; closing", connection.remoteAddress(), b.error().message());
                fatal(b.error());
            }
            case FrontendMessage.Terminate t -> close();
            case FrontendMessage.Startup s -> {
                if (phase != Phase.AWAITING_STARTUP) {
                    fatal(ErrorFields.fatal(SqlState.PROTOCOL_VIOLATION, "unexpected startup message"));
                } else {
                    startup(s);
                }
            }
            case FrontendMessage.PasswordMessage p -> authenticate(p);
            case FrontendMessage.SslRequest r -> fatal(ErrorFields.fatal(SqlState.PROTOCOL_VIOLATION, "unexpected SSL request"));
            case FrontendMessage.GssEncRequest r -> fatal(ErrorFields.fatal(SqlState.PROTOCOL_VIOLATION, "unexpected GSSENC request"));
            case FrontendMessage.CancelRequest r -> fatal(ErrorFields.fatal(SqlState.PROTOCOL_VIOLATION, "unexpected cancel request"));
            default -> {
                if (phase != Phase.READY) {
                    fatal(ErrorFields.fatal(SqlState.PROTOCOL_VIOLATION, "expected "
                            + (phase == Phase.AWAITING_STARTUP ? "startup" : "password") + " message"));
                } else {
                    queries.handle(message);
                }
            }
        }
    }

    private void startup(FrontendMessage.Startup s) {
        if (overConnectionLimit) {
            fatal(ErrorFields.fatal(SqlState.TOO_MANY_CONNECTIONS, "sorry, too many clients already"));
            return;
        }
        if (env.config().requireTls() && !connection.isTls()) {
            fatal(ErrorFields.fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "this server requires TLS")
                    .withHint("Connect with sslmode=require."));
            return;
        }
        Map<String, String> params = new LinkedHashMap<>(s.parameters());
        if (params.containsKey("replication")) {
            fatal(ErrorFields.fatal(SqlState.FEATURE_NOT_SUPPORTED, "replication connections are not supported"));
            return;
        }
        user = params.remove("user");
        if (user == null || user.isEmpty()) {
            fatal(ErrorFields.fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "no PostgreSQL user name specified in startup packet"));
            return;
        }
        database = params.remove("database");
        if (database == null || database.isEmpty()) {
            database = user;
        }
        List<String> unrecognized = new ArrayList<>();
        params.keySet().removeIf(k -> {
            if (k.startsWith("_pq_.")) {
                unrecognized.add(k);
                return true;
            }
            return false;
        });
        checkStartupParameters(params);
        startupParameters = params;
        if (s.minorVersion() > 0 || !unrecognized.isEmpty()) {
            out.negotiateProtocolVersion(0, unrecognized);
        }
        Optional<PgUser> found = env.users().lookup(user);
        pgUser = found.orElse(null);
        switch (env.config().authMethod()) {
            case TRUST -> {
                if (pgUser == null) {
                    fatal(ErrorFields.fatal(SqlState.INVALID_AUTHORIZATION_SPECIFICATION, "role \"" + user + "\" does not exist"));
                } else {
                    authenticated();
                }
            }
            case MD5 -> {
                if (pgUser != null && pgUser.md5Hash() != null) {
                    md5Salt = new byte[4];
                    env.secureRandom().nextBytes(md5Salt);
                    out.authenticationMd5(md5Salt);
                    phase = Phase.AUTH_MD5;
                } else {
                    startScram();
                }
            }
            case SCRAM_SHA_256 -> startScram();
        }
    }

    private static void checkStartupParameters(Map<String, String> params) {
        String encoding = params.get("client_encoding");
        if (encoding != null) {
            String e = encoding.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
            // SQL_ASCII is what libpq sends for "auto" under the C locale; ASCII is a subset of UTF-8.
            if (!e.equals("UTF8") && !e.equals("UNICODE") && !e.equals("SQLASCII")) {
                throw new SqlException(ErrorFields.fatal(SqlState.INVALID_PARAMETER_VALUE,
                        "invalid value for parameter \"client_encoding\": \"" + encoding + "\"").withHint("ShoalDB speaks UTF8 only."));
            }
            params.remove("client_encoding");
        }
        String dateStyle = params.get("DateStyle");
        if (dateStyle != null) {
            if (!dateStyle.trim().toUpperCase(Locale.ROOT).startsWith("ISO")) {
                throw new SqlException(ErrorFields.fatal(SqlState.FEATURE_NOT_SUPPORTED,
                        "DateStyle \"" + dateStyle + "\" is not supported").withHint("ShoalDB supports DateStyle ISO only."));
            }
            params.remove("DateStyle");
        }
        String timeZone = params.get("TimeZone");
        if (timeZone != null) {
            zone(timeZone);
        }
    }

    static ZoneId zone(String name) {
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new SqlException(ErrorFields.fatal(SqlState.INVALID_PARAMETER_VALUE,
                    "invalid value for parameter \"TimeZone\": \"" + name + "\""));
        }
    }

    private void startScram() {
        ScramVerifier verifier;
        if (pgUser != null && pgUser.scram() != null) {
            verifier = pgUser.scram();
        } else {
            // No such role, or a role without a password: the exchange runs against a verifier no password
            // matches, so the client learns only that authentication failed.
            // A stable made-up salt per user name, so probing the same name twice looks like a real user.
            byte[] salt = ScramVerifier.sha256((user + "\0shoaldb-mock").getBytes(StandardCharsets.UTF_8));
            verifier = ScramVerifier.fromPassword(Long.toString(env.secureRandom().nextLong()), java.util.Arrays.copyOf(salt, 16),
                    ScramVerifier.DEFAULT_ITERATIONS);
        }
        byte[] nonce = new byte[18];
        env.secureRandom().nextBytes(nonce);
        scram = new ScramAuthenticator(verifier, pgUser != null && pgUser.scram() != null, Base64.getEncoder().encodeToString(nonce));
        out.authenticationSasl(List.of(ScramAuthenticator.MECHANISM));
        phase = Phase.AUTH_SCRAM_FIRST;
    }

    private void authenticate(FrontendMessage.PasswordMessage p) {
        byte[] payload = p.payload();
        switch (phase) {
            case AUTH_SCRAM_FIRST -> {
                // SASLInitialResponse: mechanism\0, int32 length (or -1), data.
                int nul = indexOf(payload, (byte) 0);
                if (nul < 0 || payload.length < nul + 5) {
                    throw protocolViolation("malformed SASLInitialResponse");
                }
                String mechanism = Utf8.decode(java.util.Arrays.copyOf(payload, nul));
                int length = ((payload[nul + 1] & 0xFF) << 24) | ((payload[nul + 2] & 0xFF) << 16)
                        | ((payload[nul + 3] & 0xFF) << 8) | (payload[nul + 4] & 0xFF);
                if (length != payload.length - nul - 5) {
                    throw protocolViolation("malformed SASLInitialResponse: length mismatch");
                }
                byte[] data = java.util.Arrays.copyOfRange(payload, nul + 5, payload.length);
                out.authenticationSaslContinue(scram.clientFirst(mechanism, data));
                phase = Phase.AUTH_SCRAM_FINAL;
            }
            case AUTH_SCRAM_FINAL -> {
                byte[] serverFinal;
                try {
                    serverFinal = scram.clientFinal(payload, user);
                } catch (SqlException e) {
                    env.stats().failedLogins.incrementAndGet();
                    LOG.log(System.Logger.Level.WARNING, "pgwire {0}: authentication failed for user \"{1}\": {2}",
                            connection.remoteAddress(), user, e.fields().message());
                    throw e;
                }
                out.authenticationSaslFinal(serverFinal);
                authenticated();
            }
            case AUTH_MD5 -> {
                int end = payload.length > 0 && payload[payload.length - 1] == 0 ? payload.length - 1 : payload.length;
                if (!Md5Authenticator.verify(pgUser.md5Hash(), md5Salt, java.util.Arrays.copyOf(payload, end))) {
                    env.stats().failedLogins.incrementAndGet();
                    LOG.log(System.Logger.Level.WARNING, "pgwire {0}: md5 authentication failed for user \"{1}\"",
                            connection.remoteAddress(), user);
                    throw ScramAuthenticator.passwordFailed(user);
                }
                authenticated();
            }
            default -> throw protocolViolation("unexpected password message");
        }
    }

    private static SqlException protocolViolation(String message) {
        return new SqlException(ErrorFields.fatal(SqlState.PROTOCOL_VIOLATION, message));
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void authenticated() {
        processId = env.cancels().allocateProcessId();
        SqlEngine.Session engineSession;
        try {
            engineSession = env.engine().open(new SqlEngine.SessionContext(user, database, startupParameters, processId,
                    pgUser != null && pgUser.superuser()));
        } catch (SqlException e) {
            env.stats().failedLogins.incrementAndGet();
            fatal(e.fields().withSeverity("FATAL"));
            return;
        }
        int secretKey = env.secureRandom().nextInt();
        env.cancels().register(processId, secretKey, cancelHook);
        String timeZone = startupParameters.getOrDefault("TimeZone", "Etc/UTC");
        queries = new QueryProcessor(engineSession, this, zone(timeZone), env.config().maxMessageBytes());
        phase = Phase.READY;
        ready = true;
        out.authenticationOk();
        Map<String, String> status = new LinkedHashMap<>();
        status.put("application_name", startupParameters.getOrDefault("application_name", ""));
        status.put("client_encoding", "UTF8");
        status.put("DateStyle", "ISO, MDY");
        status.put("default_transaction_read_only", "off");
        status.put("in_hot_standby", "off");
        status.put("integer_datetimes", "on");
        status.put("IntervalStyle", "postgres");
        status.put("is_superuser", pgUser != null && pgUser.superuser() ? "on" : "off");
        status.put("server_encoding", "UTF8");
        status.put("server_version", SERVER_VERSION + " (ShoalDB " + SHOAL_VERSION + ")");
        status.put("session_authorization", user);
        status.put("standard_conforming_strings", "on");
        status.put("TimeZone", timeZone);
        status.put("shoal_version", SHOAL_VERSION);
        status.forEach(out::parameterStatus);
        out.backendKeyData(processId, secretKey);
        out.readyForQuery(engineSession.transactionStatus());
        LOG.log(System.Logger.Level.DEBUG, "pgwire {0}: user \"{1}\" connected to \"{2}\" as pid {3}",
                connection.remoteAddress(), user, database, processId);
    }

    /**
     * Set by the channel handler: schedules {@link #cancelRunningStatement()} on the node's loop. It runs on
     * the I/O thread of the connection that carried the CancelRequest.
     */
    private Runnable cancelHook = () -> { };

    void setCancelHook(Runnable hook) {
        this.cancelHook = hook;
    }

    /** On the node's loop. */
    void cancelRunningStatement() {
        if (queries != null && phase == Phase.READY) {
            queries.cancel();
        }
    }

    boolean writable() {
        return connection.isWritable();
    }

    /** Runs {@code onLoop} on the node's loop once the client's socket can take more output. */
    void whenWritable(Runnable onLoop) {
        env.stats().outputPauses.incrementAndGet();
        env.stats().parkedFetches.incrementAndGet();
        connection.whenWritable(() -> {
            env.stats().parkedFetches.decrementAndGet();
            onLoop.run();
        });
    }

    /**
     * Whether the messages already received after the one being handled hold another Execute (or a
     * Query) before the next Sync, or no Sync yet (the rest of a batch may still be on its way).
     */
    boolean moreStatementsBeforeSync() {
        for (FrontendMessage m : inbound) {
            if (m instanceof FrontendMessage.Sync) {
                return false;
            }
            if (m instanceof FrontendMessage.Execute || m instanceof FrontendMessage.Query) {
                return true;
            }
        }
        return true;
    }

    BackendWriter out() {
        return out;
    }

    void flush() {
        if (out.pendingBytes() > 0) {
            connection.send(out.take());
        }
    }

    /** Flushes when the pending output grows large, so a long result streams instead of piling up. */
    void flushIfLarge() {
        if (out.pendingBytes() >= 64 * 1024) {
            flush();
        }
    }

    /**
     * A bug (in the engine or here) surfaced while serving this session: it is logged with its stack and
     * ends this one session with XX000, so one bad value cannot take the node's loop down with it.
     */
    void internalError(Throwable e) {
        env.stats().internalErrors.incrementAndGet();
        LOG.log(System.Logger.Level.ERROR, "pgwire " + connection.remoteAddress() + ": internal error; closing the session", e);
        fatal(ErrorFields.fatal(SqlState.INTERNAL_ERROR, "internal error: " + e));
    }

    void fatal(ErrorFields error) {
        if (phase == Phase.CLOSED) {
            return;
        }
        out.errorResponse(error.withSeverity("FATAL"));
        close();
    }

    /** The connection ended (Terminate, FATAL error or the socket closed). Idempotent. */
    void close() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        inbound.clear();
        if (processId != 0) {
            env.cancels().unregister(processId);
        }
        if (queries != null) {
            queries.close();
        }
        flush();
        out.release();
        connection.close();
    }
}
