package io.shoaldb.sql.exec;

import io.shoaldb.sql.catalog.Catalog;
import io.shoaldb.txn.Transaction;
import java.util.List;

/**
 * What one execution of a plan sees: the transaction it reads and writes through, the bound parameter
 * values (already in the runtime classes of their inferred types) and the catalog for sequences.
 */
public final class ExecContext {
    /** Bound on rows an operator may hold in memory (hash tables, sorts), an operating limit. */
    public static final int MAX_MATERIALIZED_ROWS = 10_000_000;

    private final Transaction txn;
    private final List<Object> params;
    private final Catalog catalog;

    private final SessionInfo session;
    private final StatementPorts ports;

    /**
     * What a statement reads from the node's ports: its start time (from the Clock port, read once per
     * statement, as PostgreSQL's statement timestamp) and the Entropy port for gen_random_uuid().
     */
    public record StatementPorts(long statementWallMillis, io.shoaldb.runtime.Entropy entropy) {
    }

    public ExecContext(Transaction txn, List<Object> params, Catalog catalog) {
        this(txn, params, catalog, SessionInfo.DEFAULT);
    }

    public ExecContext(Transaction txn, List<Object> params, Catalog catalog, SessionInfo session) {
        this(txn, params, catalog, session, null);
    }

    public ExecContext(Transaction txn, List<Object> params, Catalog catalog, SessionInfo session, StatementPorts ports) {
        this.txn = txn;
        this.params = params;
        this.catalog = catalog;
        this.session = session;
        this.ports = ports;
    }

    /** Rows between two looks at the clock while a statement_timeout runs. */
    private static final int ROWS_PER_DEADLINE_CHECK = 4096;
    private io.shoaldb.runtime.Clock deadlineClock;
    private long deadlineNanos;
    private int rowsSinceCheck;

    /**
     * Makes {@link #tick()} fail the statement with 57014 once {@code clock} passes {@code deadlineNanos}
     * (PostgreSQL's statement_timeout).
     */
    public void setDeadline(io.shoaldb.runtime.Clock clock, long deadlineNanos) {
        this.deadlineClock = clock;
        this.deadlineNanos = deadlineNanos;
    }

    /** Whether operators should {@link #tick()}. */
    public boolean hasDeadline() {
        return deadlineClock != null;
    }

    /** Called per row an operator produces or examines; looks at the clock every few thousand rows. */
    public void tick() {
        if (deadlineClock != null && ++rowsSinceCheck >= ROWS_PER_DEADLINE_CHECK) {
            rowsSinceCheck = 0;
            if (deadlineClock.monotonicNanos() - deadlineNanos > 0) {
                throw new io.shoaldb.sql.error.SqlException(io.shoaldb.sql.error.SqlState.QUERY_CANCELED,
                        "canceling statement due to statement timeout");
            }
        }
    }

    /** The statement's ports; an operating error where a plan runs without a session (tools). */
    public StatementPorts ports() {
        if (ports == null) {
            throw io.shoaldb.sql.error.SqlException.notSupported("a clock- or entropy-dependent function outside a session");
        }
        return ports;
    }

    /** The session running the plan: what current_user, current_schema(), version() ... return. */
    public SessionInfo session() {
        return session;
    }

    public Transaction txn() {
        return txn;
    }

    public Object param(int index) {
        return params.get(index);
    }

    public Catalog catalog() {
        return catalog;
    }

    /** Values computed once per execution (the catalog view of the system relations), by their class. */
    private final java.util.Map<String, Object> memos = new java.util.TreeMap<>();

    /** The value {@code compute} gives, computed at the first call of this execution. */
    public <T> T memo(Class<T> key, java.util.function.Supplier<T> compute) {
        Object v = memos.get(key.getName());
        if (v == null) {
            v = compute.get();
            memos.put(key.getName(), v);
        }
        return key.cast(v);
    }

    private final java.util.NavigableMap<Integer, Object[]> correlations = new java.util.TreeMap<>();

    /** Binds correlation variable {@code id} to the current outer row of a correlated nested loop. */
    public void bindCorrelation(int id, Object[] row) {
        correlations.put(id, row);
    }

    /** The outer row bound to correlation variable {@code id}. */
    public Object[] correlation(int id) {
        Object[] row = correlations.get(id);
        if (row == null) {
            throw new IllegalStateException("correlation variable $cor" + id + " is not bound");
        }
        return row;
    }
}
