package io.shoaldb.sql.session;

import io.shoaldb.sql.log.ApplyOutcome;
import io.shoaldb.sql.log.SqlRecord;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.exec.ExecContext;
import io.shoaldb.sql.exec.Executor;
import io.shoaldb.sql.exec.Values;
import io.shoaldb.sql.parser.ParameterRewriter;
import io.shoaldb.sql.parser.PgCreateIndex;
import io.shoaldb.sql.parser.PgCreateTable;
import io.shoaldb.sql.parser.PgDropObject;
import io.shoaldb.sql.parser.PgExplain;
import io.shoaldb.sql.parser.PgParser;
import io.shoaldb.sql.parser.PgRoleStatement;
import io.shoaldb.sql.parser.PgSettingStatement;
import io.shoaldb.sql.parser.PgTransaction;
import io.shoaldb.sql.parser.PgTruncateTable;
import io.shoaldb.sql.plan.CompiledPlan;
import io.shoaldb.sql.plan.SqlPlanner;
import io.shoaldb.txn.DeadlockDetected;
import io.shoaldb.txn.LockWait;
import io.shoaldb.txn.RestartStatement;
import io.shoaldb.txn.SerializationFailure;
import io.shoaldb.txn.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlNode;

/**
 * One client's session: runs statements (autocommit outside a transaction block), keeps the transaction
 * block state PostgreSQL reports in ReadyForQuery — 'I' idle, 'T' in a transaction, 'E' in a failed
 * transaction that only ROLLBACK ends — and turns every failure into a {@link SqlException}.
 */
public final class Session {
    private final SqlEngine engine;
    private final long id;
    /** The explicit transaction block, or null when idle (statements then autocommit). */
    private Transaction txn;
    private boolean failed;
    private String user = "shoal";
    private String database = "shoal";
    /** Whether the connection was authenticated as a superuser; the catalog's role, when there is one, decides. */
    private boolean superuser = true;
    private final Settings settings = new Settings(user, true);
    /** Settings at BEGIN, undone by ROLLBACK; and at each savepoint, undone by ROLLBACK TO. */
    private Settings.Snapshot settingsAtBegin;
    private final java.util.Map<String, Settings.Snapshot> settingsAtSavepoint = new java.util.LinkedHashMap<>();

    /** The durable engine's own session that executes DDL records as they are applied. */
    private final boolean applying;
    /**
     * The rewritten text of this session's recent statements: a prepared statement is executed again and
     * again with the same text, and rewriting it ($n to markers) on every execution showed in profiles.
     * Bounded, least recently used out.
     */
    private final java.util.Map<String, ParameterRewriter.Rewritten> rewritten =
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, ParameterRewriter.Rewritten> eldest) {
                    return size() > REWRITE_CACHE_ENTRIES;
                }
            };
    private static final int REWRITE_CACHE_ENTRIES = 64;
    /** The TimeZone setting {@link #zone()} last parsed, and its zone (parsing a zone id per statement showed in profiles). */
    private String zoneSetting;
    private java.time.ZoneId zoneOfSetting;
    /** The text of the statement being run, which a durable engine logs for DDL. */
    private String statementText;
    /** Set by a commit point of a durable engine: the record to log and how to finish once it is applied. */
    private Deferred deferred;
    /** A statement of this session awaits its log record's outcome. */
    private boolean awaiting;

    /** A statement waiting for a row lock (docs/locking.md): run again once {@code txn} holds the lock. */
    private record Waiting(String sql, List<Object> params, Completion done, Transaction txn) {
    }

    private Waiting waiting;
    /** An autocommit statement's transaction kept across a lock wait (it holds the locks taken so far). */
    private Transaction pendingAuto;
    /** Bound on restarts of one statement at newer snapshots; each follows a lock taken, so few are needed. */
    static final int MAX_STATEMENT_RESTARTS = 1000;

    /** A statement's completion that waits for the log: the record, and the result once it was applied. */
    private record Deferred(byte[] record, java.util.function.Function<ApplyOutcome, StatementResult> finish) {
    }

    /** Receives the outcome of {@link #executeAsync}: exactly one call, on the engine's event loop. */
    public interface Completion {
        void completed(StatementResult result);

        void failed(SqlException error);
    }

    Session(SqlEngine engine, long id, boolean applying) {
        this.engine = engine;
        this.id = id;
        this.applying = applying;
    }

    /**
     * Runs one statement and reports its result to {@code done}. On a memory engine, and for statements
     * that need no log entry (reads, statements inside a transaction block, read-only commits), {@code done}
     * is called before this returns. A COMMIT, an autocommit write or DDL on a durable engine completes
     * later, once its record is durable in the log and applied. One statement at a time per session.
     */
    public void executeAsync(String sql, List<Object> params, Completion done) {
        if (awaiting) {
            throw new IllegalStateException("session " + id + " already has a statement awaiting the log");
        }
        attempt(sql, params, done);
    }

    private void attempt(String sql, List<Object> params, Completion done) {
        StatementResult result;
        try {
            result = guarded(() -> executeUnguarded(sql, params));
        } catch (LockWait w) {
            waitForLock(w, sql, params, done);
            return;
        } catch (SqlException e) {
            deferred = null;
            done.failed(e);
            return;
        }
        finishOrWait(result, done);
    }

    /**
     * The statement wrote a row another transaction has locked; it was undone. The session waits (a
     * continuation in the row's queue, taking no other statement) and runs it again once the lock is its
     * transaction's, at a snapshot moved forward to the latest commit.
     */
    private void waitForLock(LockWait w, String sql, List<Object> params, Completion done) {
        Transaction t = w.transaction();
        awaiting = true;
        Waiting mine = new Waiting(sql, params, done, t);
        waiting = mine;
        long timeoutMillis = Settings.durationMillis(settings.show("statement_timeout"));
        long lockTimeoutMillis = Settings.durationMillis(settings.show("lock_timeout"));
        io.shoaldb.runtime.Scheduler timers = engine.timers();
        if (timers != null && (timeoutMillis > 0 || lockTimeoutMillis > 0)) {
            // lock_timeout, or statement_timeout (counted from the start of the wait), ends a wait for a row
            // lock; the shorter one decides, and names itself, as in PostgreSQL
            boolean lockFirst = lockTimeoutMillis > 0 && (timeoutMillis == 0 || lockTimeoutMillis < timeoutMillis);
            long millis = lockFirst ? lockTimeoutMillis : timeoutMillis;
            timers.schedule(millis * 1_000_000L, () -> {
                if (waiting == mine) {
                    if (lockFirst) {
                        cancel(SqlState.LOCK_NOT_AVAILABLE, "canceling statement due to lock timeout");
                    } else {
                        cancel(SqlState.QUERY_CANCELED, "canceling statement due to statement timeout");
                    }
                }
            });
        }
        try {
            t.waitFor(w, () -> lockGranted(t));
        } catch (DeadlockDetected d) {
            waiting = null;
            awaiting = false;
            abortStatement(t);
            done.failed(new SqlException(SqlState.DEADLOCK_DETECTED, d.getMessage()));
        }
    }

    private void lockGranted(Transaction t) {
        Waiting w = waiting;
        if (w == null || w.txn() != t || t.state() != Transaction.State.ACTIVE) {
            return; // cancelled, or the session closed, meanwhile
        }
        waiting = null;
        awaiting = false;
        try {
            t.refresh();
        } catch (SerializationFailure e) {
            abortStatement(t);
            w.done().failed(new SqlException(SqlState.SERIALIZATION_FAILURE, e.getMessage()));
            return;
        }
        attempt(w.sql(), w.params(), w.done());
    }

    /** A statement that waited for a lock failed: its block fails (locks released), its autocommit transaction ends. */
    private void abortStatement(Transaction t) {
        if (t == txn) {
            failed = true;
            t.releaseLocks();
        } else {
            if (pendingAuto == t) {
                pendingAuto = null;
            }
            t.rollback();
        }
    }

    /**
     * Cancels a statement waiting for a row lock (a client's CancelRequest): it fails with 57014, as in
     * PostgreSQL. A statement that runs or awaits the log is not affected.
     */
    public void cancel() {
        cancel(SqlState.QUERY_CANCELED, "canceling statement due to user request");
    }

    private void cancel(String sqlState, String message) {
        Waiting w = waiting;
        if (w == null) {
            return;
        }
        waiting = null;
        awaiting = false;
        abortStatement(w.txn());
        w.done().failed(new SqlException(sqlState, message));
    }

    /** Whether a statement of this session waits for a row lock. */
    public boolean waitingForLock() {
        return waiting != null;
    }

    private void finishOrWait(StatementResult result, Completion done) {
        Deferred d = deferred;
        deferred = null;
        if (d == null) {
            done.completed(result);
            return;
        }
        awaiting = true;
        engine.log().append(d.record(), outcome -> {
            awaiting = false;
            StatementResult finished;
            try {
                finished = guarded(() -> d.finish().apply(outcome));
            } catch (SqlException e) {
                done.failed(e);
                return;
            }
            done.completed(finished);
        });
    }

    /** Whether a statement of this session awaits its log record or a row lock (it then takes no other statement). */
    public boolean awaitingLog() {
        return awaiting;
    }

    /** Runs {@link #executeAsync} and requires it to complete at once (memory or loopback engines). */
    private StatementResult executeNow(String sql, List<Object> params) {
        Object[] out = new Object[1];
        executeAsync(sql, params, new Completion() {
            @Override
            public void completed(StatementResult result) {
                out[0] = result;
            }

            @Override
            public void failed(SqlException error) {
                out[0] = error;
            }
        });
        if (out[0] == null && waiting != null) {
            // a synchronous caller cannot wait for a row lock: give the statement up
            Waiting w = waiting;
            waiting = null;
            awaiting = false;
            abortStatement(w.txn());
            throw new SqlException(SqlState.LOCK_NOT_AVAILABLE, "could not obtain a row lock: another transaction holds"
                    + " it, and the synchronous session API does not wait (use executeAsync)");
        }
        if (out[0] == null) {
            throw new IllegalStateException("the statement awaits the log; on a durable engine use executeAsync");
        }
        if (out[0] instanceof SqlException e) {
            throw e;
        }
        return (StatementResult) out[0];
    }

    /**
     * The applier session of a durable engine: executes one DDL record's statement now, as {@code user}.
     * Privileges are judged by the catalog as of the record's place in the log; a user the catalog does not
     * know is not a superuser here (fail closed: the record cannot say what the proposing session assumed).
     */
    StatementResult applyDdl(SqlRecord.Ddl d) {
        if (!applying) {
            throw new IllegalStateException("only the engine's applier session applies DDL records");
        }
        String user = d.user();
        String sql = d.sql();
        pinPorts(d);
        this.user = user;
        // Privileges come from the catalog as of this entry. A catalog without any role is a fresh node:
        // its first role statement is the bootstrap superuser's, as initdb's is in PostgreSQL.
        this.superuser = engine.catalog().roleSummaries().isEmpty();
        settings.setSessionUser(user, currentUserIsSuperuser());
        try {
            return guarded(() -> {
                SqlNode stmt = PgParser.parseStatement(ParameterRewriter.rewrite(sql).sql());
                statementText = sql;
                return run(stmt, null, List.of(), new int[0]);
            });
        } finally {
            txn = null;
            failed = false;
            ddlPorts = null;
        }
    }

    /**
     * What a DDL statement reads from the Clock and Entropy ports (ALTER TABLE ... ADD COLUMN ... DEFAULT
     * now() or gen_random_uuid() fills the existing rows): taken once when the session runs or logs it,
     * logged with it, and used again by the applier, so every apply and replay fills the same values.
     */
    private ExecContext.StatementPorts ddlPorts;

    private void pinPorts(SqlRecord.Ddl d) {
        ddlPorts = d.statementMillis() == SqlRecord.Ddl.UNPINNED ? null
                : new ExecContext.StatementPorts(d.statementMillis(), new SqlEngine.FixedSeedEntropy(d.entropySeed()));
    }

    /** The ports a statement reads: the DDL statement's pinned ones, or the node's now. */
    private ExecContext.StatementPorts statementPorts() {
        return ddlPorts != null ? ddlPorts : new ExecContext.StatementPorts(engine.clock().wallMillis(), engine.entropy());
    }

    /**
     * Who is connected and the startup packet's parameters (application_name, TimeZone, DateStyle, options
     * with {@code -c name=value}, ...). Known settings become the values RESET returns to; unknown or bad
     * ones are skipped, as a connection is never refused over one. Call before the first statement.
     */
    public void configure(String user, String database, boolean superuser, java.util.Map<String, String> startup) {
        this.user = user;
        this.database = database;
        this.superuser = superuser;
        java.util.Map<String, String> all = new java.util.TreeMap<>(startup);
        settings.applyStartup(all);
        settings.setSessionUser(user, superuser);
    }

    /**
     * Reported settings (PostgreSQL's GUC_REPORT ones: application_name, client_encoding, DateStyle, TimeZone,
     * standard_conforming_strings, default_transaction_read_only, ...) whose value changed since the last
     * call, as (name, value) in name order — what pgwire sends as ParameterStatus.
     */
    public List<java.util.Map.Entry<String, String>> takeParameterChanges() {
        return settings.takeReportedChanges();
    }

    /** The result columns of a SHOW statement (none for the other setting statements), for Describe. */
    public static List<String> resultColumns(PgSettingStatement s) {
        return switch (s.kind) {
            case SHOW -> List.of(Settings.displayName(s.name));
            case SHOW_ALL -> List.of("name", "setting", "description");
            default -> List.of();
        };
    }

    /** The session's TimeZone setting as a zone (timestamptz input and output use it). */
    public java.time.ZoneId zone() {
        String setting = settings.show("TimeZone");
        if (!setting.equals(zoneSetting)) {
            zoneOfSetting = io.shoaldb.sql.exec.TypeFunctions.zoneOf(setting);
            zoneSetting = setting;
        }
        return zoneOfSetting;
    }

    /** The value SHOW would give for a known setting (42704 for an unknown one). */
    public String setting(String name) {
        return settings.show(name);
    }

    public long id() {
        return id;
    }

    /** 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block. */
    public char transactionStatus() {
        return txn == null ? 'I' : failed ? 'E' : 'T';
    }

    /** Runs every statement of {@code sql} (separated by semicolons) without parameters; returns each result. */
    public List<StatementResult> executeScript(String sql) {
        if (engine.isDurable()) {
            // each statement's own text is what a DDL record logs
            List<StatementResult> out = new ArrayList<>();
            for (String part : io.shoaldb.sql.parser.PgUtilityParser.split(sql)) {
                if (!part.isBlank()) {
                    out.add(executeNow(part, List.of()));
                }
            }
            return out;
        }
        return guarded(() -> executeScriptUnguarded(sql));
    }

    /**
     * Runs a session entry point so that nothing a client sends escapes as anything but a SqlException, and
     * any failure inside a transaction block fails the block.
     */
    private <T> T guarded(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (LockWait e) {
            throw e; // not a failure: the statement waits for a row lock and runs again
        } catch (SqlException e) {
            failIfInBlock();
            throw e;
        } catch (SerializationFailure e) {
            failIfInBlock(); // a cached plan's statement, which does not pass through run()
            throw new SqlException(SqlState.SERIALIZATION_FAILURE, e.getMessage());
        } catch (StackOverflowError e) {
            failIfInBlock();
            throw new SqlException("54001", "statement is too complex (nesting too deep)");
        } catch (io.shoaldb.txn.TransactionTooLarge e) {
            failIfInBlock();
            throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, e.getMessage());
        } catch (io.shoaldb.txn.MemoryLimitExceeded e) {
            failIfInBlock();
            throw new SqlException(SqlState.OUT_OF_MEMORY, e.getMessage());
        } catch (RuntimeException | AssertionError e) {
            failIfInBlock();
            throw new SqlException(SqlState.INTERNAL_ERROR, "internal error: " + e);
        }
    }

    private List<StatementResult> executeScriptUnguarded(String sql) {
        ParameterRewriter.Rewritten rw = ParameterRewriter.rewrite(sql);
        if (rw.parameterCount() > 0) {
            throw new SqlException(SqlState.UNDEFINED_PARAMETER, "there is no parameter $1");
        }
        List<SqlNode> stmts;
        try {
            stmts = PgParser.parseStatements(rw.sql());
        } catch (SqlException e) {
            failIfInBlock();
            throw e;
        }
        List<StatementResult> out = new ArrayList<>();
        for (SqlNode s : stmts) {
            out.add(run(s, null, List.of(), new int[0]));
        }
        return out;
    }

    /**
     * Runs one statement with parameters {@code $1..$n} bound to {@code params} (values in runtime classes or
     * text, cast to the type the parameter was inferred to have).
     */
    public StatementResult execute(String sql, List<Object> params) {
        if (engine.isDurable()) {
            return executeNow(sql, params);
        }
        return guarded(() -> executeUnguarded(sql, params));
    }

    private StatementResult executeUnguarded(String sql, List<Object> params) {
        ParameterRewriter.Rewritten rw = rewritten.get(sql);
        if (rw == null) {
            rw = ParameterRewriter.rewrite(sql);
            rewritten.put(sql, rw);
        }
        if (rw.parameterCount() > params.size()) {
            throw new SqlException("08P01", "statement needs " + rw.parameterCount() + " parameters, "
                    + params.size() + " given");
        }
        statementText = rw.parameterCount() == 0 ? sql : null;
        // A block that ran DDL plans against its private catalog, whose versions are not the shared ones:
        // its plans are neither looked up nor cached.
        SqlEngine.PlanKey key = privateCatalog != null ? null
                : new SqlEngine.PlanKey(engine.catalog().version(), rw.sql(), List.of());
        CompiledPlan cached = key == null ? null : engine.planCache().get(key);
        if (cached != null && !failed) {
            engine.planCache().hits++;
            return runPlan(cached, params, rw.markerToParameter());
        }
        SqlNode stmt;
        try {
            stmt = PgParser.parseStatement(rw.sql());
        } catch (SqlException e) {
            failIfInBlock();
            throw e;
        }
        return run(stmt, key, params, rw.markerToParameter());
    }

    private void failIfInBlock() {
        if (txn != null) {
            failed = true;
            txn.releaseLocks(); // it can only roll back: nobody need wait for it
        }
    }

    private StatementResult run(SqlNode stmt, SqlEngine.PlanKey key, List<Object> params, int[] markers) {
        if (stmt instanceof PgTransaction t) {
            return transactionControl(t);
        }
        if (failed) {
            throw new SqlException(SqlState.IN_FAILED_SQL_TRANSACTION,
                    "current transaction is aborted, commands ignored until end of transaction block");
        }
        try {
            return switch (stmt) {
                case PgCreateTable c -> ddl("CREATE TABLE", () -> ddlExecutor().createTable(c));
                case PgCreateIndex c -> ddl("CREATE INDEX", () -> ddlExecutor().createIndex(c, txn, this::queryInBlock));
                case PgDropObject d -> ddl("DROP " + d.kind, () -> ddlExecutor().drop(d));
                case io.shoaldb.sql.parser.PgCreateView c -> ddl("CREATE VIEW", () -> {
                    DdlExecutor ex = ddlExecutor();
                    return ex.createView(c, new SqlPlanner(ex.catalog()).analyzeView(c.query));
                });
                case io.shoaldb.sql.parser.PgAlterTable a -> alterTable(a);
                case PgTruncateTable t -> truncate(t);
                case io.shoaldb.sql.parser.PgVacuum v -> maintenance(v);
                case PgRoleStatement r -> {
                    // The password becomes a verifier first: nothing after this line sees the plaintext.
                    PgRoleStatement hashed = RoleExecutor.hashPassword(r, engine.salts());
                    // a durable engine logs the hashed form: no plaintext password reaches the log, and
                    // replay installs the same verifier (a verifier is stored as given)
                    yield ddl(hashed.commandTag(), () -> new RoleExecutor(ddlCatalog(), user, currentUserIsSuperuser())
                            .execute(hashed), hashed.toSql());
                }
                case PgSettingStatement st -> setting(st);
                case PgExplain e -> explain(e, markers.length);
                default -> {
                    CompiledPlan plan = new SqlPlanner(catalog()).plan(stmt, markers.length);
                    engine.planCache().misses++;
                    if (key != null) {
                        engine.planCache().put(key, plan);
                    }
                    yield runPlan(plan, params, markers);
                }
            };
        } catch (LockWait e) {
            throw e;
        } catch (SqlException e) {
            failIfInBlock();
            throw e;
        } catch (SerializationFailure e) {
            failIfInBlock();
            throw new SqlException(SqlState.SERIALIZATION_FAILURE, e.getMessage());
        } catch (io.shoaldb.txn.TransactionTooLarge e) {
            failIfInBlock();
            throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, e.getMessage());
        } catch (io.shoaldb.txn.MemoryLimitExceeded e) {
            failIfInBlock();
            throw new SqlException(SqlState.OUT_OF_MEMORY, e.getMessage());
        } catch (RuntimeException e) {
            failIfInBlock();
            throw new SqlException(SqlState.INTERNAL_ERROR, "internal error: " + e);
        }
    }

    /**
     * ALTER TABLE: in a block it is DDL of the block; outside one it runs as an implicit block (BEGIN,
     * ALTER, COMMIT), because rewriting the rows is a transaction of its own that may fail validation. On a
     * durable engine the statement is logged like all DDL, and the applier session runs it when the record
     * applies: the rewritten rows are installed then, at the record's place in the log (deterministic).
     */
    private StatementResult alterTable(io.shoaldb.sql.parser.PgAlterTable a) {
        if (txn != null || (engine.isDurable() && !applying)) {
            return ddl("ALTER TABLE", () -> ddlExecutor().alterTable(a, txn, this::queryInBlock));
        }
        txn = engine.transactions().begin();
        txn.setReadOnly(settings.flag("default_transaction_read_only"));
        failed = false;
        settingsAtBegin = settings.snapshot();
        settingsAtSavepoint.clear();
        StatementResult r;
        try {
            r = ddl("ALTER TABLE", () -> ddlExecutor().alterTable(a, txn, this::queryInBlock));
            if (applying) {
                installAppliedRewrite();
                return r;
            }
        } catch (RuntimeException e) {
            txn.rollback();
            discardBlockDdl();
            txn = null;
            failed = false;
            throw e;
        }
        transactionControl(new io.shoaldb.sql.parser.PgTransaction.Builder(io.shoaldb.sql.parser.PgTransaction.Kind.COMMIT)
                .build(org.apache.calcite.sql.parser.SqlParserPos.ZERO));
        return r;
    }

    /**
     * The applier's ALTER TABLE: its DDL record is the log entry, so the rewrite's rows are installed now
     * through the logged manager (nothing can conflict: records apply one at a time) and the catalog is
     * published; the engine then fences older snapshots as for every DDL record.
     */
    private void installAppliedRewrite() {
        Transaction t0 = txn;
        if (t0.hasWrites()) {
            try {
                engine.transactions().applyCommit(t0.prepareCommit());
            } catch (SerializationFailure f) {
                t0.finishLogged(false);
                throw new IllegalStateException("an applied ALTER TABLE's rewrite conflicted", f);
            }
            t0.finishLogged(true);
        } else {
            t0.commitReadOnly();
        }
        txn = null;
        engine.catalog().publish(privateCatalog);
        for (BlockEffect e : effects) {
            e.atCommit().run();
        }
        effects.clear();
        privateCatalog = null;
        ddlAtSavepoint.clear();
    }

    /** A query run by DDL inside the open block, against the block's catalog (ALTER TABLE's checks). */
    private List<Object[]> queryInBlock(String sql) {
        CompiledPlan plan = new SqlPlanner(catalog()).plan(PgParser.parseStatement(sql), 0);
        return Executor.run(plan.fragments(), new ExecContext(txn, List.of(), catalog(), sessionInfo(), statementPorts()));
    }

    /**
     * The catalog this session's statements see: the shared one, or — in a transaction block that ran DDL —
     * the block's private copy, published at COMMIT.
     */
    public io.shoaldb.sql.catalog.Catalog catalog() {
        return privateCatalog != null ? privateCatalog : engine.catalog();
    }

    /** Whether the session's user is a superuser now (an ALTER ROLE by another session takes effect at once). */
    public boolean currentUserIsSuperuser() {
        io.shoaldb.sql.catalog.RoleDef role = engine.catalog().role(user);
        return role != null ? role.superuser() : superuser;
    }

    /** The catalog DDL changes: the shared one outside a block, else the block's private copy (made on first use). */
    private io.shoaldb.sql.catalog.Catalog ddlCatalog() {
        if (txn == null) {
            return engine.catalog();
        }
        return blockCatalog();
    }

    /** The block's private catalog, made on first use (isolated in a durable sandbox). */
    private io.shoaldb.sql.catalog.Catalog blockCatalog() {
        if (privateCatalog == null) {
            privateCatalog = sandboxed() ? engine.catalog().isolatedCopy() : engine.catalog().privateCopy();
        }
        return privateCatalog;
    }

    private DdlExecutor ddlExecutor() {
        if (txn == null) {
            return new DdlExecutor(engine.catalog(), engine.store(), DdlExecutor.immediate(engine.store()));
        }
        if (sandboxed()) {
            if (sandboxStore == null) {
                sandboxStore = new io.shoaldb.storage.TableStore(SANDBOX_FIRST_TABLE_ID);
            }
            return new DdlExecutor(blockCatalog(), sandboxStore, sandboxEffects);
        }
        return new DdlExecutor(blockCatalog(), engine.store(), blockEffects);
    }

    /**
     * DDL: outside a block it applies at once (its own transaction); inside one it changes the block's
     * private catalog, which COMMIT publishes and ROLLBACK discards, so it is transactional.
     */
    private StatementResult ddl(String what, java.util.function.Supplier<StatementResult> action) {
        return ddl(what, action, statementText);
    }

    /** As {@link #ddl(String, java.util.function.Supplier)}, logging {@code loggedSql} on a durable engine. */
    private StatementResult ddl(String what, java.util.function.Supplier<StatementResult> action, String loggedSql) {
        if (txn != null ? txn.readOnly() : settings.flag("default_transaction_read_only")) {
            throw new SqlException(SqlState.READ_ONLY_SQL_TRANSACTION, "cannot execute " + what
                    + " in a read-only transaction");
        }
        if (!sandboxed()) {
            // a memory engine runs it now on the node's ports; the applier has the record's pinned (applyDdl)
            return action.get();
        }
        // the statement's time and entropy seed, logged with it (SqlRecord.Ddl) and used wherever it runs
        SqlRecord.Ddl pinned = new SqlRecord.Ddl(user, loggedSql == null ? "" : loggedSql, engine.clock().wallMillis(),
                engine.entropy().nextLong());
        if (txn == null) {
            return logDdl(what, loggedSql, pinned);
        }
        if (loggedSql == null) {
            throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, what + " with parameters is not supported");
        }
        if (blockDdl.size() >= SqlRecord.MAX_BLOCK_DDL) {
            throw new SqlException("54000", "more than " + SqlRecord.MAX_BLOCK_DDL
                    + " DDL statements in one transaction block");
        }
        StatementResult r = withPinnedPorts(pinned, action);
        blockDdl.add(pinned);
        return r;
    }

    private StatementResult withPinnedPorts(SqlRecord.Ddl pinned, java.util.function.Supplier<StatementResult> action) {
        pinPorts(pinned);
        try {
            return action.get();
        } finally {
            ddlPorts = null;
        }
    }

    /**
     * Whether this session's DDL in a transaction block runs in a sandbox: a durable engine's client session.
     * The block's DDL works on an isolated catalog copy and a table store of its own (ids from
     * {@link #SANDBOX_FIRST_TABLE_ID}), so nothing of it reaches the state the log's applier reads; at COMMIT
     * the block's DDL texts and its writes become one {@link SqlRecord.Block}, and the sandbox is thrown away.
     */
    private boolean sandboxed() {
        return engine.isDurable() && !applying;
    }

    /**
     * First table id of a durable block's sandbox store: far above any id a node's log hands out, so a
     * commit request can tell the block's own tables from the node's.
     */
    static final long SANDBOX_FIRST_TABLE_ID = 1L << 56;

    /**
     * DDL on a durable engine outside a transaction block: the statement's text is logged and executed when
     * the record is applied, by the engine's applier session, so every DDL statement (today's and future
     * ones) is durable and rebuilt in order with the data. (Inside a block see {@link #sandboxed()}.)
     */
    private StatementResult logDdl(String what, String loggedSql, SqlRecord.Ddl pinned) {
        if (loggedSql == null) {
            throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, what + " with parameters is not supported");
        }
        byte[] record = SqlRecord.encode(pinned);
        deferred = new Deferred(record, outcome -> switch (outcome) {
            case ApplyOutcome.DdlApplied d -> d.result();
            case ApplyOutcome.Failed f -> throw f.error();
            case ApplyOutcome.Unknown u -> throw unknownOutcome(u);
            case ApplyOutcome.Committed c -> throw new IllegalStateException("a DDL record applied as a commit");
        });
        return StatementResult.command(what);
    }

    private static SqlException unknownOutcome(ApplyOutcome.Unknown u) {
        return new SqlException(STATEMENT_COMPLETION_UNKNOWN, "the outcome of the statement is unknown: " + u.why());
    }

    /** PostgreSQL's statement_completion_unknown: the commit may or may not have happened. */
    static final String STATEMENT_COMPLETION_UNKNOWN = "40003";

    /**
     * A durable engine's commit of {@code t}: read-only transactions end now; otherwise the commit record is
     * deferred to the log and {@code onCommitted} gives the statement's result once it was applied.
     * {@code onAborted} undoes session state when the record was refused or its fate is unknown.
     */
    private StatementResult commitThroughLog(Transaction t, java.util.function.Supplier<StatementResult> onCommitted,
                                             Runnable onAborted) {
        if (!t.hasWrites()) {
            t.commitReadOnly();
            return onCommitted.get();
        }
        if (applying) {
            throw new IllegalStateException("a DDL record's statement wrote rows");
        }
        byte[] record = SqlRecord.encode(new SqlRecord.Commit(t.prepareCommit(), engine.unloggedSequences()));
        deferred = new Deferred(record, outcome -> switch (outcome) {
            case ApplyOutcome.Committed c -> {
                t.finishLogged(true);
                engine.afterCommit();
                yield onCommitted.get();
            }
            case ApplyOutcome.Failed f -> {
                t.finishLogged(false);
                onAborted.run();
                throw f.error();
            }
            case ApplyOutcome.Unknown u -> {
                t.finishLogged(false);
                onAborted.run();
                throw unknownOutcome(u);
            }
            case ApplyOutcome.DdlApplied d -> throw new IllegalStateException("a commit record applied as DDL");
        });
        return StatementResult.command("COMMIT");
    }

    /**
     * COMMIT of a durable block that ran DDL: one {@link SqlRecord.Block} with the block's snapshot, reads,
     * DDL texts in order and writes. Tables the block created live in its sandbox under ids of their own; the
     * record names each by the name it has at the end of the block, and applying maps the writes to the
     * tables the applied DDL creates under those names (by name rather than by creation order, because a
     * block may create, drop, rename and rewrite tables, and the name is what its later statements used).
     * Writes to sandbox tables gone by the end of the block are left out. The sandbox is discarded before
     * the record is logged: the applier builds the block's schema again from the texts.
     */
    private StatementResult commitBlockThroughLog(Transaction t0, Settings.Snapshot atBegin) {
        java.util.TreeMap<Long, String> names = new java.util.TreeMap<>();
        for (io.shoaldb.sql.catalog.TableDef d : privateCatalog.tables()) {
            if (d.storage().id() >= SANDBOX_FIRST_TABLE_ID) {
                names.put(d.storage().id(), d.name());
            }
        }
        io.shoaldb.txn.CommitRequest request = t0.prepareBlockCommit()
                .mapTables(id -> id < SANDBOX_FIRST_TABLE_ID || names.containsKey(id) ? Long.valueOf(id) : null);
        java.util.TreeMap<String, Long> sequences = new java.util.TreeMap<>(engine.unloggedSequences());
        for (java.util.Map.Entry<String, Long> e : privateCatalog.ownSequenceValues().entrySet()) {
            if (e.getValue() > 0) {
                sequences.put(e.getKey(), e.getValue());
            }
        }
        byte[] record = SqlRecord.encode(new SqlRecord.Block(blockDdl, names, request, sequences));
        discardBlockDdl();
        deferred = new Deferred(record, outcome -> switch (outcome) {
            case ApplyOutcome.Committed c -> {
                t0.finishLogged(true);
                settings.endBlock();
                engine.afterCommit();
                yield StatementResult.command("COMMIT");
            }
            case ApplyOutcome.Failed f -> {
                t0.finishLogged(false);
                settings.restore(atBegin);
                throw f.error();
            }
            case ApplyOutcome.Unknown u -> {
                t0.finishLogged(false);
                settings.restore(atBegin);
                throw unknownOutcome(u);
            }
            case ApplyOutcome.DdlApplied d -> throw new IllegalStateException("a block record applied as one DDL statement");
        });
        return StatementResult.command("COMMIT");
    }

    /**
     * The applier session of a durable engine: applies one block record's DDL in order, in a transaction
     * block of its own (a private catalog and block effects on the node's store), then hands the block's
     * catalog and its own commit request (the rows its ALTER TABLE rewrites produced) to {@code install},
     * which validates and installs the record's commit. If a statement fails or {@code install} throws,
     * every statement's effect is undone and the error is rethrown; otherwise the catalog is published.
     *
     * @return what {@code install} returned (the commit timestamp)
     */
    long applyBlock(List<SqlRecord.Ddl> ddl,
                    java.util.function.BiFunction<io.shoaldb.sql.catalog.Catalog, io.shoaldb.txn.CommitRequest, Long> install) {
        if (!applying || txn != null) {
            throw new IllegalStateException("only the engine's idle applier session applies block records");
        }
        txn = engine.transactions().begin();
        failed = false;
        settingsAtBegin = settings.snapshot();
        settingsAtSavepoint.clear();
        Transaction t0 = txn;
        boolean prepared = false;
        try {
            for (SqlRecord.Ddl d : ddl) {
                this.user = d.user();
                // the same rule as applyDdl: privileges from the catalog as of this entry; a role-less
                // catalog is a fresh node whose first role statement is the bootstrap superuser's
                this.superuser = engine.catalog().roleSummaries().isEmpty();
                settings.setSessionUser(d.user(), currentUserIsSuperuser());
                pinPorts(d);
                try {
                    guarded(() -> {
                        SqlNode stmt = PgParser.parseStatement(ParameterRewriter.rewrite(d.sql()).sql());
                        statementText = d.sql();
                        return run(stmt, null, List.of(), new int[0]);
                    });
                } finally {
                    ddlPorts = null;
                }
            }
            io.shoaldb.sql.catalog.Catalog blockCatalog = blockCatalog();
            io.shoaldb.txn.CommitRequest own = t0.prepareBlockCommit();
            prepared = true;
            long ts = install.apply(blockCatalog, own);
            t0.finishLogged(true);
            prepared = false;
            engine.catalog().publish(blockCatalog);
            for (BlockEffect e : effects) {
                e.atCommit().run();
            }
            effects.clear();
            privateCatalog = null;
            ddlAtSavepoint.clear();
            return ts;
        } catch (RuntimeException e) {
            if (prepared) {
                t0.finishLogged(false);
            } else {
                t0.rollback();
            }
            discardBlockDdl();
            throw e;
        } finally {
            txn = null;
            failed = false;
        }
    }

    /** A storage effect of DDL in a block: what ROLLBACK undoes and what COMMIT completes. */
    private record BlockEffect(Runnable undo, Runnable atCommit) {
    }

    /** The block's private catalog (null until the block runs DDL) and its storage effects in order. */
    private io.shoaldb.sql.catalog.Catalog privateCatalog;
    private final List<BlockEffect> effects = new ArrayList<>();
    /** Per savepoint: the private catalog then (a copy, or null) and how many effects there were. */
    private record DdlMark(io.shoaldb.sql.catalog.Catalog catalog, int effectCount, int ddlCount) {
    }

    private final java.util.Map<String, DdlMark> ddlAtSavepoint = new java.util.LinkedHashMap<>();
    /** A durable block's sandbox: the tables its DDL made (null until then), and its DDL texts in order. */
    private io.shoaldb.storage.TableStore sandboxStore;
    private final List<SqlRecord.Ddl> blockDdl = new ArrayList<>();

    /**
     * The storage effects of a durable block's sandbox DDL. Tables live in the sandbox store and sequences
     * in the isolated catalog, so undoing means forgetting them; nothing is ever completed here (applying
     * the block's record does that on the node's own state). An index on a table that existed before the
     * block would have to be built on the node's shared storage, which the sandbox must not touch: refused.
     */
    private final DdlExecutor.StorageEffects sandboxEffects = new DdlExecutor.StorageEffects() {
        @Override
        public void tableCreated(io.shoaldb.storage.MvccTable table) {
            io.shoaldb.storage.TableStore store = sandboxStore;
            effects.add(new BlockEffect(() -> store.drop(table.id()), () -> { }));
        }

        @Override
        public void sequenceCreated(String name) {
            // it lives in the isolated catalog copy, which the block discards
        }

        @Override
        public void tableDropped(io.shoaldb.storage.MvccTable table) {
        }

        @Override
        public void indexAdded(io.shoaldb.storage.MvccTable table, String index) {
            if (table.id() < SANDBOX_FIRST_TABLE_ID) {
                throw new IllegalStateException("a durable block's sandbox built an index on the node's table "
                        + table.id() + " (DdlExecutor.createIndex copies it instead)");
            }
            effects.add(new BlockEffect(() -> table.dropIndex(index), () -> { }));
        }

        @Override
        public boolean buildsOnSharedTables() {
            return false;
        }

        @Override
        public void indexDropped(io.shoaldb.storage.MvccTable table, String index) {
        }

        @Override
        public void tableRewritten(io.shoaldb.storage.MvccTable old, io.shoaldb.storage.MvccTable fresh) {
            io.shoaldb.storage.TableStore store = sandboxStore;
            effects.add(new BlockEffect(() -> store.drop(fresh.id()), () -> { }));
        }
    };

    private final DdlExecutor.StorageEffects blockEffects = new DdlExecutor.StorageEffects() {
        @Override
        public void tableCreated(io.shoaldb.storage.MvccTable table) {
            effects.add(new BlockEffect(() -> engine.store().drop(table.id()), () -> { }));
        }

        @Override
        public void sequenceCreated(String name) {
            effects.add(new BlockEffect(() -> engine.catalog().dropSequence(name), () -> { }));
        }

        @Override
        public void tableDropped(io.shoaldb.storage.MvccTable table) {
            effects.add(new BlockEffect(() -> { }, () -> engine.store().drop(table.id())));
        }

        @Override
        public void indexAdded(io.shoaldb.storage.MvccTable table, String index) {
            effects.add(new BlockEffect(() -> table.dropIndex(index), () -> { }));
        }

        @Override
        public void indexDropped(io.shoaldb.storage.MvccTable table, String index) {
            effects.add(new BlockEffect(() -> { }, () -> table.dropIndex(index)));
        }

        @Override
        public void tableRewritten(io.shoaldb.storage.MvccTable old, io.shoaldb.storage.MvccTable fresh) {
            effects.add(new BlockEffect(() -> engine.store().drop(fresh.id()), () -> {
                engine.store().drop(old.id());
                fresh.refuseSnapshotsBefore(engine.transactions().lastCommitTs());
            }));
        }
    };

    /** ROLLBACK (or ROLLBACK TO): undoes the block's storage effects after the first {@code keep}, newest first. */
    private void undoEffects(int keep) {
        for (int i = effects.size() - 1; i >= keep; i--) {
            effects.remove(i).undo().run();
        }
    }

    private void discardBlockDdl() {
        undoEffects(0);
        privateCatalog = null;
        ddlAtSavepoint.clear();
        sandboxStore = null;
        blockDdl.clear();
    }

    private StatementResult explain(PgExplain e, int markerCount) {
        CompiledPlan plan = new SqlPlanner(catalog()).plan(e.statement, markerCount);
        List<Object[]> rows = new ArrayList<>();
        for (String line : plan.explain().split("\n")) {
            rows.add(new Object[] {line});
        }
        return new StatementResult("EXPLAIN", List.of(new CompiledPlan.Column("QUERY PLAN",
                io.shoaldb.sql.catalog.PgType.TEXT)), rows);
    }

    /**
     * VACUUM reclaims the row versions no snapshot can see any more in the tables named (all if none),
     * to the end, where the automatic passes after commits work in bounded slices. ANALYZE checks its
     * tables and collects nothing: the planner keeps no statistics (docs/sql.md).
     */
    private StatementResult maintenance(io.shoaldb.sql.parser.PgVacuum v) {
        if (v.vacuum && txn != null) {
            throw new SqlException("25001", "VACUUM cannot run inside a transaction block");
        }
        List<io.shoaldb.sql.catalog.TableDef> defs = new ArrayList<>();
        if (v.tables.isEmpty()) {
            defs.addAll(catalog().tables());
        }
        for (String name : v.tables) {
            var def = catalog().table(name);
            if (def == null) {
                throw new SqlException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
            }
            defs.add(def);
        }
        if (v.vacuum) {
            for (var def : defs) {
                engine.transactions().vacuumFully(def.storage());
            }
        }
        return StatementResult.command(v.commandTag());
    }

    private StatementResult truncate(PgTruncateTable t) {
        List<io.shoaldb.sql.catalog.TableDef> defs = new ArrayList<>();
        for (org.apache.calcite.sql.SqlIdentifier id : t.names) {
            String name = id.names.get(id.names.size() - 1);
            var def = catalog().table(name);
            if (def == null) {
                throw catalog().view(name) != null
                        ? new SqlException("42809", "\"" + name + "\" is not a table")
                        : new SqlException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
            }
            defs.add(def);
        }
        ForeignKeys.beforeTruncate(catalog(), defs.stream().map(io.shoaldb.sql.catalog.TableDef::name).toList());
        return inTransaction(tx -> {
            for (var def : defs) {
                var it = tx.scan(def.storage(), io.shoaldb.storage.KeyRange.ALL);
                List<byte[]> keys = new ArrayList<>();
                while (it.hasNext()) {
                    keys.add(it.next().key());
                }
                for (byte[] k : keys) {
                    tx.put(def.storage(), k, null);
                }
            }
            return StatementResult.command("TRUNCATE TABLE");
        });
    }

    private StatementResult runPlan(CompiledPlan plan, List<Object> params, int[] markers) {
        java.time.ZoneId zone = zone();
        List<Object> bound = new ArrayList<>(markers.length);
        for (int i = 0; i < markers.length; i++) {
            RelDataType type = plan.markerTypes().get(i);
            Object v = params.get(markers[i]);
            bound.add(v == null ? null : io.shoaldb.sql.exec.TypeFunctions.castTo(v, type, zone));
        }
        ExecContext.StatementPorts ports = statementPorts();
        io.shoaldb.sql.plan.RowLockSpec rowLocks = plan.rowLocks();
        if (rowLocks != null && (txn != null ? txn.readOnly() : settings.flag("default_transaction_read_only"))) {
            throw new SqlException(SqlState.READ_ONLY_SQL_TRANSACTION, "cannot execute SELECT "
                    + rowLocks.strength().sql + " in a read-only transaction");
        }
        boolean lockRows = !applying && (!plan.verb().equals("SELECT") || rowLocks != null);
        boolean autocommit = txn == null;
        long timeoutMillis = applying ? 0 : Settings.durationMillis(settings.show("statement_timeout"));
        long deadlineNanos = timeoutMillis == 0 ? 0 : engine.clock().monotonicNanos() + timeoutMillis * 1_000_000L;
        return inTransaction(tx -> restartable(tx, lockRows, () -> {
            ExecContext ctx = new ExecContext(tx, bound, catalog(), sessionInfo(), ports);
            if (timeoutMillis > 0) {
                ctx.setDeadline(engine.clock(), deadlineNanos);
            }
            List<Object[]> rows = Executor.run(plan.fragments(), ctx);
            if (rowLocks != null) {
                rows = RowLocker.lockAndStrip(tx, rowLocks, rows, autocommit);
            }
            if (plan.verb().equals("SELECT")) {
                return new StatementResult("SELECT " + rows.size(), plan.columns(), rows, zone);
            }
            long count = plan.returnsRows() ? rows.size() : (Long) rows.get(0)[0];
            String tag = plan.verb().equals("INSERT") ? "INSERT 0 " + count : plan.verb() + " " + count;
            return new StatementResult(tag, plan.columns(), plan.returnsRows() ? rows : List.of(), zone);
        }));
    }

    /**
     * Runs one statement in {@code tx}; with row locks on (a host whose sessions can wait) its writes lock
     * their rows. A write to a row that changed after the snapshot restarts the statement at a newer
     * snapshot ({@link Transaction#refresh}: 40001 if something read earlier changed); a write to a row
     * another transaction locked undoes the statement and throws {@link LockWait} to {@link #attempt}.
     */
    private static StatementResult restartable(Transaction tx, boolean lockRows,
                                               java.util.function.Supplier<StatementResult> body) {
        for (int restarts = 0; ; restarts++) {
            tx.beginStatement(lockRows);
            try {
                StatementResult r = body.get();
                tx.endStatement();
                return r;
            } catch (RestartStatement e) {
                tx.undoStatement();
                tx.endStatement();
                if (restarts >= MAX_STATEMENT_RESTARTS) {
                    throw new SerializationFailure("could not serialize access: the statement restarted "
                            + restarts + " times at newer snapshots");
                }
                tx.refresh();
            } catch (LockWait e) {
                tx.undoStatement();
                tx.endStatement();
                throw e;
            } catch (RuntimeException | Error e) {
                tx.endStatement();
                throw e;
            }
        }
    }

    /** Runs {@code body} in the open transaction block, or in its own autocommit transaction. */
    private StatementResult inTransaction(java.util.function.Function<Transaction, StatementResult> body) {
        if (txn != null) {
            return body.apply(txn);
        }
        Transaction auto = pendingAuto;
        pendingAuto = null;
        if (auto == null) {
            auto = engine.transactions().begin();
            auto.setReadOnly(settings.flag("default_transaction_read_only"));
        }
        try {
            StatementResult r = body.apply(auto);
            if (engine.isDurable()) {
                return commitThroughLog(auto, () -> r, () -> { });
            }
            auto.commit();
            engine.afterCommit();
            return r;
        } catch (SerializationFailure e) {
            if (auto.state() == Transaction.State.ACTIVE) {
                auto.rollback(); // failed on a read, before commit
            }
            throw new SqlException(SqlState.SERIALIZATION_FAILURE, e.getMessage());
        } catch (LockWait e) {
            pendingAuto = auto; // it waits with the locks it holds, and the statement runs in it again
            throw e;
        } catch (RuntimeException e) {
            auto.rollback();
            throw e;
        }
    }

    private StatementResult transactionControl(PgTransaction t) {
        switch (t.kind) {
            case BEGIN -> {
                if (txn == null) {
                    txn = engine.transactions().begin();
                    txn.setReadOnly(t.readOnly || (!t.readWrite && settings.flag("default_transaction_read_only")));
                    failed = false;
                    settingsAtBegin = settings.snapshot();
                    settingsAtSavepoint.clear();
                } else if (failed) {
                    throw new SqlException(SqlState.IN_FAILED_SQL_TRANSACTION,
                            "current transaction is aborted, commands ignored until end of transaction block");
                }
                return StatementResult.command("BEGIN");
            }
            case COMMIT -> {
                if (txn == null) {
                    return StatementResult.command("COMMIT");
                }
                Transaction t0 = txn;
                boolean wasFailed = failed;
                txn = null;
                failed = false;
                if (wasFailed) {
                    t0.rollback();
                    discardBlockDdl();
                    settings.restore(settingsAtBegin);
                    return StatementResult.command("ROLLBACK");
                }
                if (privateCatalog != null && engine.catalog().changedSince(privateCatalog)) {
                    t0.rollback();
                    discardBlockDdl();
                    settings.restore(settingsAtBegin);
                    throw new SqlException(SqlState.SERIALIZATION_FAILURE,
                            "could not serialize access due to concurrent DDL");
                }
                if (sandboxed() && !blockDdl.isEmpty()) {
                    return commitBlockThroughLog(t0, settingsAtBegin);
                }
                if (engine.isDurable()) {
                    discardBlockDdl(); // a sandbox whose DDL was all rolled back to a savepoint
                    Settings.Snapshot atBegin = settingsAtBegin;
                    return commitThroughLog(t0, () -> {
                        settings.endBlock();
                        return StatementResult.command("COMMIT");
                    }, () -> settings.restore(atBegin));
                }
                try {
                    t0.commit();
                } catch (SerializationFailure e) {
                    discardBlockDdl();
                    settings.restore(settingsAtBegin);
                    throw new SqlException(SqlState.SERIALIZATION_FAILURE, e.getMessage());
                }
                if (privateCatalog != null) {
                    engine.catalog().publish(privateCatalog);
                    for (BlockEffect e : effects) {
                        e.atCommit().run();
                    }
                    effects.clear();
                    privateCatalog = null;
                    ddlAtSavepoint.clear();
                }
                settings.endBlock();
                engine.afterCommit();
                return StatementResult.command("COMMIT");
            }
            case ROLLBACK -> {
                if (txn != null) {
                    txn.rollback();
                    discardBlockDdl();
                    settings.restore(settingsAtBegin);
                }
                txn = null;
                failed = false;
                return StatementResult.command("ROLLBACK");
            }
            case SAVEPOINT, RELEASE, ROLLBACK_TO -> {
                if (txn == null) {
                    throw new SqlException(SqlState.NO_ACTIVE_SQL_TRANSACTION,
                            t.kind.name().replace("_TO", " TO SAVEPOINT") + " can only be used in transaction blocks");
                }
                if (failed && t.kind != PgTransaction.Kind.ROLLBACK_TO) {
                    throw new SqlException(SqlState.IN_FAILED_SQL_TRANSACTION,
                            "current transaction is aborted, commands ignored until end of transaction block");
                }
                if (t.kind != PgTransaction.Kind.SAVEPOINT && !txn.hasSavepoint(t.savepoint)) {
                    failed = true;
                    throw new SqlException(SqlState.SAVEPOINT_EXCEPTION, "savepoint \"" + t.savepoint + "\" does not exist");
                }
                switch (t.kind) {
                    case SAVEPOINT -> {
                        txn.savepoint(t.savepoint);
                        settingsAtSavepoint.remove(t.savepoint);
                        settingsAtSavepoint.put(t.savepoint, settings.snapshot());
                        ddlAtSavepoint.remove(t.savepoint);
                        ddlAtSavepoint.put(t.savepoint, new DdlMark(
                                privateCatalog == null ? null : privateCatalog.privateCopy(), effects.size(),
                                blockDdl.size()));
                    }
                    case RELEASE -> txn.release(t.savepoint);
                    default -> {
                        txn.rollbackTo(t.savepoint);
                        Settings.Snapshot at = settingsAtSavepoint.get(t.savepoint);
                        if (at != null) {
                            settings.restore(at);
                        }
                        DdlMark mark = ddlAtSavepoint.get(t.savepoint);
                        if (mark != null) {
                            undoEffects(mark.effectCount());
                            privateCatalog = mark.catalog() == null ? null : mark.catalog().privateCopy();
                            blockDdl.subList(mark.ddlCount(), blockDdl.size()).clear();
                        }
                        failed = false;
                    }
                }
                return StatementResult.command(switch (t.kind) {
                    case SAVEPOINT -> "SAVEPOINT";
                    case RELEASE -> "RELEASE";
                    default -> "ROLLBACK";
                });
            }
            default -> throw new IllegalStateException("transaction statement " + t.kind);
        }
    }

    /** SET / SHOW / RESET and the transaction-characteristics forms of SET. */
    private StatementResult setting(PgSettingStatement s) {
        switch (s.kind) {
            case SHOW -> {
                String value = switch (s.name) {
                    case "transaction_read_only" -> txn != null ? (txn.readOnly() ? "on" : "off")
                            : settings.show("default_transaction_read_only");
                    default -> settings.show(s.name);
                };
                return new StatementResult("SHOW", List.of(new CompiledPlan.Column(Settings.displayName(s.name),
                        io.shoaldb.sql.catalog.PgType.TEXT)), List.<Object[]>of(new Object[] {value}));
            }
            case SHOW_ALL -> {
                List<Object[]> rows = new ArrayList<>();
                for (String[] r : settings.all()) {
                    rows.add(r.clone());
                }
                return new StatementResult("SHOW", List.of(
                        new CompiledPlan.Column("name", io.shoaldb.sql.catalog.PgType.TEXT),
                        new CompiledPlan.Column("setting", io.shoaldb.sql.catalog.PgType.TEXT),
                        new CompiledPlan.Column("description", io.shoaldb.sql.catalog.PgType.TEXT)), rows);
            }
            case SET, SET_LOCAL -> {
                if (s.name.equals("transaction_read_only") || s.name.equals("transaction_isolation")
                        || s.name.equals("transaction_deferrable")) {
                    settings.set(s.name, s.values, true);
                    if (s.name.equals("transaction_read_only")) {
                        transactionReadOnly(settings.flag("transaction_read_only"));
                    }
                } else if (s.kind == PgSettingStatement.Kind.SET || txn != null) {
                    // SET LOCAL outside a block has no effect in PostgreSQL either (it only warns).
                    settings.set(s.name, s.values, s.kind == PgSettingStatement.Kind.SET_LOCAL);
                }
                return StatementResult.command("SET");
            }
            case RESET -> {
                if (!s.local || txn != null) {
                    settings.reset(s.name, s.local);
                }
                return StatementResult.command(s.local ? "SET" : "RESET");
            }
            case RESET_ALL -> {
                settings.resetAll();
                return StatementResult.command("RESET");
            }
            case SET_TRANSACTION -> {
                if (s.isolation != null) {
                    settings.set("transaction_isolation", List.of(s.isolation), true);
                }
                if (s.readOnly != null && txn != null) {
                    transactionReadOnly(s.readOnly);
                }
                return StatementResult.command("SET");
            }
            case SET_SESSION_CHARACTERISTICS -> {
                if (s.isolation != null) {
                    settings.set("default_transaction_isolation", List.of(s.isolation), false);
                }
                if (s.readOnly != null) {
                    settings.set("default_transaction_read_only", List.of(s.readOnly ? "on" : "off"), false);
                }
                if (s.deferrable != null) {
                    settings.set("default_transaction_deferrable", List.of(s.deferrable ? "on" : "off"), false);
                }
                return StatementResult.command("SET");
            }
            default -> throw new IllegalStateException("setting statement " + s.kind);
        }
    }

    /** SET TRANSACTION READ ONLY / READ WRITE inside a block (outside one it has no effect, as in PostgreSQL). */
    private void transactionReadOnly(boolean readOnly) {
        if (txn == null) {
            return;
        }
        if (!readOnly && txn.readOnly()) {
            throw new SqlException(SqlState.READ_ONLY_SQL_TRANSACTION,
                    "cannot set transaction read-write mode inside a read-only transaction");
        }
        txn.setReadOnly(readOnly);
    }

    /** What session-dependent functions (current_user, current_schema(), version(), ...) read. */
    private io.shoaldb.sql.exec.SessionInfo sessionInfo() {
        return new io.shoaldb.sql.exec.SessionInfo(user, database, settings.currentSchema(), (int) id,
                Settings.VERSION_STRING, settings::show, settings::all);
    }

    /** Ends the session, rolling back an open transaction block. */
    public void close() {
        waiting = null;
        if (pendingAuto != null) {
            pendingAuto.rollback();
            pendingAuto = null;
        }
        if (txn != null) {
            txn.rollback();
            discardBlockDdl();
            txn = null;
        }
    }

    /**
     * The plan of {@code stmt}, whose text (already through {@link ParameterRewriter}) is {@code rewrittenSql},
     * from the engine's plan cache, or planned and cached: a client's Parse and Describe plan a statement
     * once, and its execution then finds the plan.
     */
    public CompiledPlan cachedPlan(String rewrittenSql, java.util.function.Supplier<SqlNode> stmt, int markers) {
        SqlEngine.PlanKey key = privateCatalog != null ? null
                : new SqlEngine.PlanKey(engine.catalog().version(), rewrittenSql, List.of());
        CompiledPlan cached = key == null ? null : engine.planCache().get(key);
        if (cached != null) {
            engine.planCache().hits++;
            return cached;
        }
        CompiledPlan plan = new SqlPlanner(catalog()).plan(stmt.get(), markers);
        engine.planCache().misses++;
        if (key != null) {
            engine.planCache().put(key, plan);
        }
        return plan;
    }

    /** For tests and EXPLAIN tooling: the plan this session would cache for {@code sql}. */
    CompiledPlan planFor(String sql) {
        ParameterRewriter.Rewritten rw = ParameterRewriter.rewrite(sql);
        return new SqlPlanner(catalog()).plan(PgParser.parseStatement(rw.sql()), rw.markerToParameter().length);
    }
}
