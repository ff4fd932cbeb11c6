package io.shoaldb.pgwire;

import io.netty.buffer.Unpooled;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The query phase of a session: simple query, the extended protocol (named and unnamed statements and
 * portals, row-limited Execute with PortalSuspended, skip-until-Sync after an error) and COPY. Work that
 * may complete asynchronously (every fetch) runs as a queue of steps; while a fetch is in flight the
 * session holds further input, so messages are handled strictly in order.
 */
final class QueryProcessor {
    private static final System.Logger LOG = System.getLogger(QueryProcessor.class.getName());
    static final int MAX_PREPARED_STATEMENTS = 10_000;
    static final int MAX_PORTALS = 10_000;
    /** Rows asked of the engine per round; between rounds a slow client's socket may pause the fetch. */
    static final int FETCH_BATCH_ROWS = 1000;

    /** {@code controlVerb}: begin, start, commit, ... for transaction control, else null (found once, at Parse). */
    private record StatementEntry(String sql, SqlEngine.Prepared prepared, String controlVerb) {
        StatementEntry(String sql, SqlEngine.Prepared prepared) {
            this(sql, prepared, controlVerbOf(sql));
        }
    }

    private static String controlVerbOf(String sql) {
        java.util.regex.Matcher control = TRANSACTION_CONTROL.matcher(sql == null ? "" : sql);
        return control.find() ? control.group(1).toLowerCase(java.util.Locale.ROOT) : null;
    }

    /** The statement Parse makes of an empty string: Execute answers EmptyQueryResponse, as in PostgreSQL. */
    private static final SqlEngine.Prepared EMPTY_STATEMENT = new SqlEngine.Prepared() {
        @Override
        public List<PgType> parameterTypes() {
            return List.of();
        }

        @Override
        public boolean returnsRows() {
            return false;
        }

        @Override
        public List<Column> columns() {
            return List.of();
        }

        @Override
        public void close() {
        }
    };

    private static final SqlEngine.Portal EMPTY_PORTAL = new SqlEngine.Portal() {
        @Override
        public List<Column> columns() {
            return List.of();
        }

        @Override
        public void fetch(int maxRows, SqlEngine.ResultSink sink) {
            throw new IllegalStateException("the empty portal is answered without fetching");
        }

        @Override
        public void close() {
        }
    };

    private record PortalEntry(SqlEngine.Portal portal, List<Column> columns, short[] formats, boolean returnsRows,
                               String controlVerb) {
    }

    private final SqlEngine.Session engine;
    private final PgSession session;
    private final Map<String, StatementEntry> statements = new HashMap<>();
    private final Map<String, PortalEntry> portals = new HashMap<>();
    private final ArrayDeque<Runnable> steps = new ArrayDeque<>();
    private ZoneId zone;
    private boolean skipUntilSync;
    /** Whether the message being handled belongs to the extended protocol (errors then skip to Sync). */
    private boolean extendedMode;
    private boolean busy;
    /** A fetch is paused until the client's socket drains. */
    private boolean waitingForWritable;
    private boolean insideFetchCall;
    /** This simple Query opened an implicit transaction block around its statements (PostgreSQL's rule). */
    private boolean implicitBlock;
    private final CopyProtocol copy;

    QueryProcessor(SqlEngine.Session engine, PgSession session, ZoneId zone, int maxMessageBytes) {
        this.engine = engine;
        this.session = session;
        this.zone = zone;
        this.copy = new CopyProtocol(this, engine, maxMessageBytes);
    }

    boolean busy() {
        return busy || waitingForWritable;
    }

    ArrayDeque<Runnable> steps() {
        return steps;
    }

    ZoneId zone() {
        return zone;
    }

    void flush() {
        session.flush();
    }

    boolean hasSteps() {
        return !steps.isEmpty();
    }

    void runStep() {
        steps.poll().run();
    }

    BackendWriter out() {
        return session.out();
    }

    void handle(FrontendMessage message) {
        if (copy.copyingIn()) {
            copy.handle(message);
            return;
        }
        extendedMode = isExtended(message);
        if (skipUntilSync && !(message instanceof FrontendMessage.Sync)) {
            // As in PostgreSQL, everything up to Sync is dropped, a simple Query included.
            return;
        }
        switch (message) {
            case FrontendMessage.Query q -> simpleQuery(q.sql());
            case FrontendMessage.Parse p -> parse(p);
            case FrontendMessage.Bind b -> bind(b);
            case FrontendMessage.Describe d -> describe(d);
            case FrontendMessage.Execute e -> execute(e);
            case FrontendMessage.Close c -> closeTarget(c);
            case FrontendMessage.Sync s -> sync();
            case FrontendMessage.Flush f -> session.flush();
            case FrontendMessage.Malformed m -> {
                LOG.log(System.Logger.Level.INFO, "pgwire: malformed message ''{0}'': {1}", m.type(), m.error().message());
                extendedMode = "PBDECSH".indexOf(m.type()) >= 0;
                fail(new SqlException(m.error()));
                if (m.type() == 'S') {
                    sync();
                }
            }
            // Outside COPY mode PostgreSQL drops stray copy messages, which keeps error recovery simple.
            case FrontendMessage.CopyData d -> { }
            case FrontendMessage.CopyDone d -> { }
            case FrontendMessage.CopyFail f -> { }
            default -> session.fatal(ErrorFields.fatal(SqlState.PROTOCOL_VIOLATION, "unexpected message " + message.getClass().getSimpleName()));
        }
    }

    private static boolean isExtended(FrontendMessage m) {
        return m instanceof FrontendMessage.Parse || m instanceof FrontendMessage.Bind || m instanceof FrontendMessage.Describe
                || m instanceof FrontendMessage.Execute || m instanceof FrontendMessage.Close || m instanceof FrontendMessage.Sync
                || m instanceof FrontendMessage.Flush || m instanceof FrontendMessage.Malformed;
    }

    /** Reports an error of the message being handled: extended mode skips to Sync, simple mode ends the query. */
    void fail(SqlException e) {
        out().errorResponse(e.fields());
        steps.clear();
        if (extendedMode) {
            skipUntilSync = true;
        } else if (implicitBlock) {
            // The implicit transaction of a multi-statement Query ends with its first error, as in
            // PostgreSQL: everything it did is rolled back and the session is idle again.
            implicitBlock = false;
            runInternal("ROLLBACK", () -> out().readyForQuery(engine.transactionStatus()),
                    rollbackError -> out().readyForQuery(engine.transactionStatus()));
        } else {
            out().readyForQuery(engine.transactionStatus());
        }
    }

    // ---------------------------------------------------------------- simple query

    private void simpleQuery(String sql) {
        closeStatement("");
        closePortal("");
        List<String> parts = StatementSplitter.split(sql);
        if (parts.isEmpty()) {
            out().emptyQueryResponse();
            out().readyForQuery(engine.transactionStatus());
            return;
        }
        // PostgreSQL runs the statements of one Query in an implicit transaction block: an error rolls back
        // everything the string did outside explicit blocks. COPY keeps its own transaction handling, so a
        // string with a COPY runs its statements one by one (docs/pgwire.md).
        boolean implicit = parts.size() > 1 && parts.stream().noneMatch(CopyCommand::looksLikeCopy);
        for (String statement : parts) {
            steps.add(implicit ? () -> implicitBlockStatement(statement) : () -> simpleStatement(statement));
        }
        if (implicit) {
            steps.add(this::commitImplicitBlock);
        }
        steps.add(() -> out().readyForQuery(engine.transactionStatus()));
    }

    /**
     * One statement of a multi-statement Query. Outside a block it first opens the implicit one; BEGIN turns
     * the implicit block into an explicit one (the statements before it join the transaction), and COMMIT or
     * ROLLBACK ends it, after which the next statement opens a new one, as xact.c does.
     */
    private void implicitBlockStatement(String sql) {
        extendedMode = false;
        String verb = controlVerbOf(sql);
        if (verb != null) {
            if (!endImplicitBlockFor(verb)) {
                simpleStatement(sql);
            }
            return;
        }
        if (!implicitBlock && engine.transactionStatus() == TransactionStatus.IDLE) {
            inNewImplicitBlock(() -> simpleStatement(sql));
            return;
        }
        simpleStatement(sql);
    }

    /**
     * Transaction control ({@code verb}) inside an implicit block ends the block (xact.c): BEGIN turns it
     * into an explicit block and is answered here; COMMIT, ROLLBACK and the rest still run. Returns whether
     * the statement was answered.
     */
    private boolean endImplicitBlockFor(String verb) {
        if (!implicitBlock) {
            return false;
        }
        implicitBlock = false;
        if (verb.equals("begin") || verb.equals("start")) {
            out().commandComplete("BEGIN");
            return true;
        }
        return false;
    }

    /** Opens an implicit block, then runs {@code statement} in it. */
    private void inNewImplicitBlock(Runnable statement) {
        runInternal("BEGIN", () -> {
            implicitBlock = true;
            statement.run();
        }, this::fail);
    }

    private void commitImplicitBlock() {
        extendedMode = false;
        if (!implicitBlock) {
            return;
        }
        implicitBlock = false;
        runInternal("COMMIT", () -> { }, this::fail);
    }

    private static final java.util.regex.Pattern TRANSACTION_CONTROL = java.util.regex.Pattern.compile(
            "^\\s*(?:--[^\\n]*\\n\\s*|/\\*.*?\\*/\\s*)*(begin|start|commit|end|rollback|abort|savepoint|release|prepare\\s+transaction)\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL);

    /** Runs an internal statement (BEGIN/COMMIT/ROLLBACK), then {@code then} or {@code onFailed}; no replies of its own. */
    void runInternal(String sql, Runnable then, Consumer<SqlException> onFailed) {
        SqlEngine.Prepared p;
        SqlEngine.Portal portal;
        try {
            p = engine.prepare(sql, List.of());
            portal = engine.bind(p, List.of());
        } catch (SqlException e) {
            onFailed.accept(e);
            return;
        }
        fetch(portal, 0, row -> { }, tag -> {
            portal.close();
            p.close();
            then.run();
        }, () -> { }, e -> {
            portal.close();
            p.close();
            onFailed.accept(e);
        });
    }

    private void simpleStatement(String sql) {
        extendedMode = false;
        try {
            CopyCommand command = CopyCommand.parse(sql);
            if (command != null) {
                copy.start(command);
                return;
            }
            SqlEngine.Prepared prepared = engine.prepare(sql, List.of());
            SqlEngine.Portal portal = engine.bind(prepared, List.of());
            List<Column> columns = prepared.returnsRows() ? portal.columns() : List.of();
            short[] formats = new short[columns.size()];
            if (prepared.returnsRows()) {
                out().rowDescription(columns, formats);
            }
            fetch(portal, 0, values -> out().dataRow(columns, values, formats, zone), tag -> {
                portal.close();
                prepared.close();
                out().commandComplete(tag);
            }, () -> {
                throw new IllegalStateException("a fetch without a row limit was suspended");
            });
        } catch (SqlException e) {
            fail(e);
        }
    }

    // ---------------------------------------------------------------- extended protocol

    private void parse(FrontendMessage.Parse p) {
        if (!p.statementName().isEmpty() && statements.containsKey(p.statementName())) {
            throw new SqlException(SqlState.DUPLICATE_PREPARED_STATEMENT, "prepared statement \"" + p.statementName() + "\" already exists");
        }
        if (statements.size() >= MAX_PREPARED_STATEMENTS) {
            throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, "too many prepared statements (limit " + MAX_PREPARED_STATEMENTS + ")");
        }
        if (CopyCommand.looksLikeCopy(p.sql())) {
            throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "COPY is supported only in the simple query protocol");
        }
        List<PgType> hints = new ArrayList<>(p.parameterTypeOids().size());
        for (int oid : p.parameterTypeOids()) {
            if (oid == 0) {
                hints.add(null);
            } else {
                hints.add(PgType.byOid(oid).orElseThrow(() -> new SqlException(SqlState.FEATURE_NOT_SUPPORTED,
                        "parameter type with OID " + oid + " is not supported")));
            }
        }
        // A trailing semicolon is fine (pgbench sends one); a second statement is not.
        List<String> parts = StatementSplitter.split(p.sql());
        if (parts.size() > 1) {
            throw new SqlException(SqlState.SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement");
        }
        if (p.statementName().isEmpty()) {
            closeStatement("");
        }
        SqlEngine.Prepared prepared = parts.isEmpty() ? EMPTY_STATEMENT : engine.prepare(parts.getFirst(), hints);
        statements.put(p.statementName(), new StatementEntry(p.sql(), prepared));
        out().parseComplete();
    }

    private void bind(FrontendMessage.Bind b) {
        StatementEntry st = statements.get(b.statementName());
        if (st == null) {
            throw new SqlException(SqlState.INVALID_SQL_STATEMENT_NAME, "prepared statement \"" + b.statementName() + "\" does not exist");
        }
        if (!b.portalName().isEmpty() && portals.containsKey(b.portalName())) {
            throw new SqlException(SqlState.DUPLICATE_CURSOR, "portal \"" + b.portalName() + "\" already exists");
        }
        if (portals.size() >= MAX_PORTALS) {
            throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, "too many portals (limit " + MAX_PORTALS + ")");
        }
        List<PgType> types = st.prepared().parameterTypes();
        if (b.parameterValues().size() != types.size()) {
            throw new SqlException(SqlState.PROTOCOL_VIOLATION, "bind message supplies " + b.parameterValues().size()
                    + " parameters, but prepared statement \"" + b.statementName() + "\" requires " + types.size());
        }
        List<Object> values = new ArrayList<>(types.size());
        for (int i = 0; i < types.size(); i++) {
            byte[] raw = b.parameterValues().get(i);
            short format = b.parameterFormats().isEmpty() ? 0 : b.parameterFormats().get(b.parameterFormats().size() == 1 ? 0 : i);
            values.add(raw == null ? null : decodeParameter(types.get(i), format, raw, i + 1));
        }
        List<Column> columns = st.prepared().returnsRows() ? st.prepared().columns() : List.of();
        short[] formats = resultFormats(b.resultFormats(), columns.size());
        if (b.portalName().isEmpty()) {
            closePortal("");
        }
        SqlEngine.Portal portal = st.prepared() == EMPTY_STATEMENT ? EMPTY_PORTAL : engine.bind(st.prepared(), values);
        List<Column> portalColumns = st.prepared().returnsRows() ? portal.columns() : List.of();
        portals.put(b.portalName(), new PortalEntry(portal, portalColumns, formats, st.prepared().returnsRows(), st.controlVerb()));
        out().bindComplete();
    }

    private Object decodeParameter(PgType type, short format, byte[] raw, int position) {
        try {
            if (format == 1) {
                return BinaryCodec.decode(type, Unpooled.wrappedBuffer(raw));
            }
            return TextCodec.decode(type, Utf8.decode(raw), zone);
        } catch (SqlException e) {
            throw new SqlException(e.fields().withDetail("while decoding parameter $" + position + " of type " + type.typeName()));
        }
    }

    private static short[] resultFormats(List<Short> requested, int columnCount) {
        short[] formats = new short[columnCount];
        if (requested.size() == 1) {
            java.util.Arrays.fill(formats, requested.get(0));
        } else if (requested.size() == columnCount) {
            for (int i = 0; i < columnCount; i++) {
                formats[i] = requested.get(i);
            }
        } else if (!requested.isEmpty()) {
            throw new SqlException(SqlState.PROTOCOL_VIOLATION, "bind message has " + requested.size()
                    + " result formats but query has " + columnCount + " columns");
        }
        return formats;
    }

    private void describe(FrontendMessage.Describe d) {
        if (d.target() == 'S') {
            StatementEntry st = statements.get(d.name());
            if (st == null) {
                throw new SqlException(SqlState.INVALID_SQL_STATEMENT_NAME, "prepared statement \"" + d.name() + "\" does not exist");
            }
            out().parameterDescription(st.prepared().parameterTypes());
            if (st.prepared().returnsRows()) {
                out().rowDescription(st.prepared().columns(), new short[st.prepared().columns().size()]);
            } else {
                out().noData();
            }
        } else {
            PortalEntry p = portal(d.name());
            if (p.returnsRows()) {
                out().rowDescription(p.columns(), p.formats());
            } else {
                out().noData();
            }
        }
    }

    private PortalEntry portal(String name) {
        PortalEntry p = portals.get(name);
        if (p == null) {
            throw new SqlException(SqlState.INVALID_CURSOR_NAME, "portal \"" + name + "\" does not exist");
        }
        return p;
    }

    /**
     * Execute. Outside a transaction block, the statements up to the next Sync form one implicit
     * transaction, as in PostgreSQL: a JDBC batch (several Executes, one Sync) commits all or nothing. A
     * lone Execute before its Sync (pgbench, most single statements) runs in autocommit as before, which
     * is the same outcome without the extra BEGIN and COMMIT; when the rest of the batch has not arrived
     * yet the implicit block is opened, to be safe. BEGIN inside the implicit block turns it into an
     * explicit one (the statements before it join), COMMIT and ROLLBACK end it (xact.c's rules).
     */
    private void execute(FrontendMessage.Execute e) {
        PortalEntry p = portal(e.portalName());
        if (p.portal() == EMPTY_PORTAL) {
            out().emptyQueryResponse();
            return;
        }
        String verb = p.controlVerb();
        if (verb != null) {
            if (!endImplicitBlockFor(verb)) {
                executePortal(p, e);
            }
            return;
        }
        if (!implicitBlock && engine.transactionStatus() == TransactionStatus.IDLE && session.moreStatementsBeforeSync()) {
            inNewImplicitBlock(() -> executePortal(p, e));
            return;
        }
        executePortal(p, e);
    }

    private void executePortal(PortalEntry p, FrontendMessage.Execute e) {
        int maxRows = Math.max(0, e.maxRows());
        fetch(p.portal(), maxRows, values -> out().dataRow(p.columns(), values, p.formats(), zone),
                tag -> out().commandComplete(tag), () -> out().portalSuspended());
    }

    private void closeTarget(FrontendMessage.Close c) {
        if (c.target() == 'S') {
            closeStatement(c.name());
        } else {
            closePortal(c.name());
        }
        out().closeComplete();
    }

    private void closeStatement(String name) {
        StatementEntry st = statements.remove(name);
        if (st != null) {
            st.prepared().close();
        }
    }

    private void closePortal(String name) {
        PortalEntry p = portals.remove(name);
        if (p != null) {
            p.portal().close();
        }
    }

    private void sync() {
        skipUntilSync = false;
        if (implicitBlock) {
            // the implicit transaction of the statements since the last Sync: committed, or rolled back
            // after an error (as PostgreSQL does at Sync)
            implicitBlock = false;
            String end = engine.transactionStatus() == TransactionStatus.FAILED ? "ROLLBACK" : "COMMIT";
            runInternal(end, this::finishSync, error -> {
                out().errorResponse(error.fields());
                finishSync();
            });
            return;
        }
        finishSync();
    }

    private void finishSync() {
        TransactionStatus status = engine.transactionStatus();
        if (status == TransactionStatus.IDLE) {
            // Portals live until the end of their transaction; outside a block that is now.
            for (PortalEntry p : portals.values()) {
                p.portal().close();
            }
            portals.clear();
        }
        out().readyForQuery(status);
        session.flush();
    }

    // ---------------------------------------------------------------- fetching

    /**
     * Starts a fetch; the session holds further input until one of the terminal callbacks ran. Errors end
     * the current message as {@link #fail} describes.
     */
    void fetch(SqlEngine.Portal portal, int maxRows, Consumer<Object[]> onRow, Consumer<String> onComplete, Runnable onSuspend) {
        fetch(portal, maxRows, onRow, onComplete, onSuspend, null);
    }

    /**
     * Starts a fetch; the session holds further input until one of the terminal callbacks ran. The engine
     * is asked for at most {@link #FETCH_BATCH_ROWS} rows at a time, and between batches the fetch waits
     * while the client's socket is not writable, so a huge result never piles up in memory and the loop is
     * never blocked on a slow reader. Errors end the current message as {@link #fail} describes, unless
     * {@code onFailed} takes them.
     */
    void fetch(SqlEngine.Portal portal, int maxRows, Consumer<Object[]> onRow, Consumer<String> onComplete, Runnable onSuspend,
               Consumer<SqlException> onFailed) {
        new Fetch(portal, maxRows, onRow, onComplete, onSuspend, onFailed).round();
    }

    /** One Execute (or simple-query statement) in progress, possibly over several engine rounds. */
    private final class Fetch {
        private final SqlEngine.Portal portal;
        private final Consumer<Object[]> onRow;
        private final Consumer<String> onComplete;
        private final Runnable onSuspend;
        private final Consumer<SqlException> onFailed;
        private final boolean extendedAtStart;
        /** Rows the client still wants from this Execute; 0 means all. */
        private int remaining;

        Fetch(SqlEngine.Portal portal, int maxRows, Consumer<Object[]> onRow, Consumer<String> onComplete, Runnable onSuspend,
              Consumer<SqlException> onFailed) {
            this.portal = portal;
            this.remaining = maxRows;
            this.onRow = onRow;
            this.onComplete = onComplete;
            this.onSuspend = onSuspend;
            this.onFailed = onFailed;
            this.extendedAtStart = extendedMode;
        }

        void round() {
            int limit = remaining == 0 ? FETCH_BATCH_ROWS : Math.min(remaining, FETCH_BATCH_ROWS);
            Sink sink = new Sink(limit);
            busy = true;
            boolean outer = insideFetchCall;
            insideFetchCall = true;
            try {
                portal.fetch(limit, sink);
            } catch (SqlException e) {
                if (sink.done) {
                    throw new IllegalStateException("engine threw after finishing a fetch", e);
                }
                sink.failed(e);
            } finally {
                insideFetchCall = outer;
            }
        }

        private final class Sink implements SqlEngine.ResultSink {
            private final int limit;
            private int rows;
            private boolean done;

            Sink(int limit) {
                this.limit = limit;
            }

            @Override
            public void row(Object[] values) {
                check();
                if (session.phase() == PgSession.Phase.CLOSED) {
                    return;
                }
                rows++;
                try {
                    onRow.accept(values);
                } catch (RuntimeException e) {
                    session.internalError(e);
                    return;
                }
                session.flushIfLarge();
            }

            @Override
            public void notice(ErrorFields notice) {
                check();
                if (session.phase() != PgSession.Phase.CLOSED) {
                    out().noticeResponse(notice);
                }
            }

            @Override
            public void suspended() {
                if (rows == 0 || rows > limit) {
                    throw new IllegalStateException("engine suspended after " + rows + " rows with a limit of " + limit);
                }
                if (remaining != 0 && rows >= remaining) {
                    finish(onSuspend);
                    return;
                }
                // Only our own batch limit was reached: continue as the next step, once the socket drains.
                check();
                done = true;
                busy = false;
                if (remaining != 0) {
                    remaining -= rows;
                }
                if (session.phase() == PgSession.Phase.CLOSED) {
                    return;
                }
                steps.addFirst(Fetch.this::round);
                session.flush();
                if (!session.writable()) {
                    waitingForWritable = true;
                    session.whenWritable(() -> {
                        waitingForWritable = false;
                        session.drain();
                    });
                }
                if (!insideFetchCall) {
                    session.drain();
                }
            }

            @Override
            public void completed(String commandTag) {
                finish(() -> {
                    reportParameterChanges();
                    onComplete.accept(commandTag);
                });
            }

            @Override
            public void failed(SqlException error) {
                finish(() -> {
                    reportParameterChanges();
                    extendedMode = extendedAtStart;
                    if (onFailed != null) {
                        onFailed.accept(error);
                    } else {
                        fail(error);
                    }
                });
            }

            private void check() {
                if (done) {
                    throw new IllegalStateException("engine called a finished result sink");
                }
            }

            private void finish(Runnable then) {
                check();
                done = true;
                busy = false;
                if (session.phase() == PgSession.Phase.CLOSED) {
                    return;
                }
                try {
                    then.run();
                } catch (SqlException e) {
                    extendedMode = extendedAtStart;
                    fail(e);
                } catch (RuntimeException e) {
                    session.internalError(e);
                    return;
                }
                if (!insideFetchCall) {
                    session.drain();
                }
            }
        }
    }

    private void reportParameterChanges() {
        for (SqlEngine.ParameterChange change : engine.takeParameterChanges()) {
            if (change.name().equalsIgnoreCase("TimeZone")) {
                try {
                    zone = java.time.ZoneId.of(change.value());
                } catch (java.time.DateTimeException e) {
                    // A zone name Java does not know (a POSIX rule, say): keep showing timestamptz in the old zone.
                    LOG.log(System.Logger.Level.WARNING, "pgwire: engine reported unknown TimeZone {0}", change.value());
                }
            }
            out().parameterStatus(change.name(), change.value());
        }
    }

    void cancel() {
        if (busy) {
            engine.cancel();
        }
    }

    void close() {
        steps.clear();
        for (PortalEntry p : portals.values()) {
            p.portal().close();
        }
        portals.clear();
        for (StatementEntry s : statements.values()) {
            s.prepared().close();
        }
        statements.clear();
        engine.close();
    }
}
