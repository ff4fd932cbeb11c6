package io.shoaldb.sim.sqlappend;

import io.shoaldb.checker.history.Mop;
import io.shoaldb.checker.history.Op;
import io.shoaldb.runtime.NodeProcess;
import io.shoaldb.runtime.NodeRuntime;
import io.shoaldb.runtime.Scheduler;
import io.shoaldb.sql.node.SqlWire;
import io.shoaldb.txn.ByteReader;
import java.util.ArrayList;
import java.util.List;

/**
 * One client of the SQL node: a session at a time, one interactive transaction at a time: BEGIN; per
 * micro-operation either {@code SELECT v FROM la WHERE k = ?} (a read) or an append, written either as an
 * upsert ({@code INSERT ... ON CONFLICT (k) DO UPDATE SET v = la.v || ...}) or as a read followed by an
 * UPDATE or INSERT of the list it read; then COMMIT. A list is stored as comma-separated text. One
 * transaction in {@link #BLOCK_DDL_ONE_IN} also runs DDL first ({@link #BLOCK_DDL}, as psycopg2 and
 * SQLAlchemy do inside their implicit BEGIN), so the node's block records, which carry DDL and writes as one
 * unit, go through the same crashes, snapshots and replays as plain commits.
 *
 * <p>Outcomes follow what the client can know: an error before COMMIT was sent means the transaction did
 * not commit (fail); 40001 at COMMIT likewise; any other COMMIT failure (40003, a lost session, a
 * timeout) leaves it unknown (info), and the client continues as a new process, as Jepsen does.
 */
final class SqlListAppendClient implements NodeProcess {

    static final long ATTEMPT_TIMEOUT_NANOS = 100_000_000L;
    static final long OP_TIMEOUT_NANOS = 2_000_000_000L;
    static final String CREATE = "CREATE TABLE IF NOT EXISTS la (k INT PRIMARY KEY, v TEXT)";
    /** DDL some transactions run inside their block; it fences every concurrent transaction, so it is rare. */
    static final String BLOCK_DDL = "CREATE TABLE IF NOT EXISTS la_side (k INT PRIMARY KEY, v TEXT)";
    static final int BLOCK_DDL_ONE_IN = 32;

    private enum Step { OPEN, CREATE, BEGIN, BLOCK_DDL, MOP, COMMIT, ROLLBACK }

    private final NodeRuntime rt;
    private final SqlListAppendWorkload workload;
    private int process;
    private long nextSessionKey;
    private long session;
    private long seq;
    private int target;
    private boolean tableReady;

    private Step step;
    private byte[] inFlight;
    private Scheduler.Cancellable attemptTimer;
    private long deadlineNanos;

    // the transaction in progress
    private List<Mop> mops;
    private long[][] readValues;
    private int mopIndex;
    /** For a read-then-write append: the list read by the first half, or null before it ran. */
    private String appendRead;
    private boolean appendReadDone;
    private boolean upsert;
    /** The read half of the append in progress was SELECT ... FOR UPDATE. */
    private boolean lockingRead;
    private long nextValue;

    SqlListAppendClient(NodeRuntime rt, SqlListAppendWorkload workload) {
        this.rt = rt;
        this.workload = workload;
    }

    @Override
    public void start() {
        process = workload.newProcess();
        nextSessionKey = (long) rt.nodeId() << 32;
        think();
    }

    private void think() {
        rt.scheduler().schedule(1 + rt.entropy().nextLong(workload.thinkNanos()), this::next);
    }

    private void next() {
        if (session == 0) {
            session = ++nextSessionKey;
            seq = 0;
            send(Step.OPEN, SqlWire.OPEN, null);
        } else if (!tableReady) {
            send(Step.CREATE, SqlWire.EXECUTE, CREATE);
        } else {
            beginTxn();
        }
    }

    private void beginTxn() {
        int n = 1 + (int) rt.entropy().nextLong(workload.maxMops());
        mops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String key = String.valueOf(rt.entropy().nextLong(workload.keys()));
            if (rt.entropy().nextBoolean()) {
                mops.add(new Mop.ReadList(key, null));
            } else {
                long v = (long) rt.nodeId() * 1_000_000L + ++nextValue;
                mops.add(new Mop.Append(key, v));
                workload.noteInvokedAppend(key, v);
            }
        }
        readValues = new long[n][];
        mopIndex = 0;
        appendReadDone = false;
        workload.history().invoke(process, new Op.Txn(mops));
        deadlineNanos = rt.clock().monotonicNanos() + OP_TIMEOUT_NANOS;
        send(Step.BEGIN, SqlWire.EXECUTE, "BEGIN");
    }

    private void sendMop() {
        Mop m = mops.get(mopIndex);
        String k = m.key();
        switch (m) {
            case Mop.ReadList r -> send(Step.MOP, "SELECT v FROM la WHERE k = $1", k);
            case Mop.Append a -> {
                if (!appendReadDone) {
                    upsert = rt.entropy().nextBoolean();
                    if (upsert) {
                        send(Step.MOP, "INSERT INTO la VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = la.v || ','"
                                + " || EXCLUDED.v", k, String.valueOf(a.value()));
                    } else if ((a.value() & 1) == 0) {
                        // half of the read-then-write appends lock the row first, as an ORM's
                        // with_for_update() does: the read waits for the lock instead of the write
                        // (chosen by the value, so the run draws no more entropy than before)
                        lockingRead = true;
                        send(Step.MOP, "SELECT v FROM la WHERE k = $1 FOR UPDATE", k);
                    } else {
                        lockingRead = false;
                        send(Step.MOP, "SELECT v FROM la WHERE k = $1", k);
                    }
                } else if (appendRead == null) {
                    send(Step.MOP, "INSERT INTO la VALUES ($1, $2)", k, String.valueOf(a.value()));
                } else {
                    send(Step.MOP, "UPDATE la SET v = $2 WHERE k = $1", k, appendRead + "," + a.value());
                }
            }
            default -> throw new AssertionError("list-append transactions hold reads and appends only: " + m);
        }
    }

    private void send(Step s, String sql, String... params) {
        send(s, SqlWire.EXECUTE, sql, List.of(params));
    }

    private void send(Step s, int kind, String sql) {
        send(s, kind, sql, List.of());
    }

    private void send(Step s, int kind, String sql, List<String> params) {
        step = s;
        seq++;
        inFlight = SqlWire.encode(new SqlWire.Request(kind, session, seq, sql, params));
        if (s == Step.OPEN || s == Step.CREATE || s == Step.ROLLBACK) {
            deadlineNanos = rt.clock().monotonicNanos() + OP_TIMEOUT_NANOS;
        }
        transmit();
    }

    private void transmit() {
        rt.network().send(target, inFlight);
        long mySeq = seq;
        long mySession = session;
        attemptTimer = rt.scheduler().schedule(ATTEMPT_TIMEOUT_NANOS, () -> {
            if (inFlight != null && seq == mySeq && session == mySession) {
                if (rt.clock().monotonicNanos() >= deadlineNanos) {
                    timedOut();
                } else {
                    transmit(); // the node answers a retransmission with the same response
                }
            }
        });
    }

    private void timedOut() {
        inFlight = null;
        Step s = step;
        abandonSession();
        switch (s) {
            case BEGIN, BLOCK_DDL, MOP -> {
                failTxn();
                think();
            }
            case COMMIT -> unknownTxn();
            default -> think();
        }
    }

    private void abandonSession() {
        if (session != 0) {
            // fire and forget: frees the node's session if it is still there
            rt.network().send(target, SqlWire.encode(new SqlWire.Request(SqlWire.CLOSE, session, seq + 1, null)));
        }
        session = 0;
    }

    @Override
    public void onMessage(int from, byte[] payload) {
        SqlWire.Response r;
        try {
            r = SqlWire.decodeResponse(payload);
        } catch (ByteReader.Malformed e) {
            return;
        }
        if (inFlight == null || r.session() != session || r.seq() != seq) {
            return; // late or duplicated
        }
        attemptTimer.cancel();
        inFlight = null;
        if (r.ok()) {
            onOk(r);
        } else {
            onError(r);
        }
    }

    private void onOk(SqlWire.Response r) {
        switch (step) {
            case OPEN, ROLLBACK -> think();
            case CREATE -> {
                tableReady = true;
                think();
            }
            case BEGIN -> {
                if (rt.entropy().nextLong(BLOCK_DDL_ONE_IN) == 0) {
                    send(Step.BLOCK_DDL, SqlWire.EXECUTE, BLOCK_DDL);
                } else {
                    sendMop();
                }
            }
            case BLOCK_DDL -> sendMop();
            case MOP -> {
                Mop m = mops.get(mopIndex);
                boolean mopDone = true;
                if (m instanceof Mop.ReadList) {
                    readValues[mopIndex] = parse(r);
                } else if (!appendReadDone && !upsert) {
                    appendReadDone = true;
                    appendRead = r.rows().isEmpty() ? null : r.rows().getFirst()[0];
                    if (lockingRead) {
                        workload.lockingReadDone();
                    }
                    mopDone = false;
                } else if (!r.tag().endsWith(" 1")) {
                    throw new AssertionError("an append changed " + r.tag() + " rows");
                }
                if (!mopDone) {
                    sendMop();
                } else if (++mopIndex < mops.size()) {
                    appendReadDone = false;
                    sendMop();
                } else {
                    send(Step.COMMIT, SqlWire.EXECUTE, "COMMIT");
                }
            }
            case COMMIT -> {
                if (!r.tag().equals("COMMIT")) {
                    throw new AssertionError("COMMIT answered " + r.tag());
                }
                List<Mop> done = new ArrayList<>(mops.size());
                for (int i = 0; i < mops.size(); i++) {
                    done.add(mops.get(i) instanceof Mop.ReadList rl ? new Mop.ReadList(rl.key(), readValues[i]) : mops.get(i));
                }
                workload.history().ok(process, new Op.Txn(done));
                for (Mop m : mops) {
                    if (m instanceof Mop.Append a) {
                        workload.noteAcknowledgedAppend(a.key(), a.value());
                    }
                }
                workload.committed();
                mops = null;
                think();
            }
        }
    }

    private long[] parse(SqlWire.Response r) {
        if (r.rows().isEmpty() || r.rows().getFirst()[0] == null) {
            return new long[0];
        }
        String[] parts = r.rows().getFirst()[0].split(",");
        long[] out = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Long.parseLong(parts[i]);
        }
        return out;
    }

    private void onError(SqlWire.Response r) {
        if (r.sqlState().startsWith("XX")) {
            workload.noteInternalError(r.sqlState() + " " + r.message());
        }
        boolean sessionGone = r.sqlState().equals("08003") || r.sqlState().equals("57P03");
        switch (step) {
            case OPEN -> {
                session = 0; // not opened: try again with a new key once the node serves
                rt.scheduler().schedule(20_000_000L, this::next);
            }
            case CREATE, ROLLBACK -> {
                if (sessionGone) {
                    session = 0;
                }
                rt.scheduler().schedule(20_000_000L, this::next);
            }
            case BEGIN, BLOCK_DDL, MOP -> {
                failTxn();
                if (sessionGone) {
                    session = 0;
                    think();
                } else {
                    send(Step.ROLLBACK, SqlWire.EXECUTE, "ROLLBACK");
                }
            }
            case COMMIT -> {
                if (r.sqlState().equals("40001")) {
                    failTxn();
                    think();
                } else {
                    if (sessionGone) {
                        session = 0;
                    }
                    unknownTxn();
                }
            }
        }
    }

    /** Nothing of the transaction committed: no COMMIT was sent, or it was refused. */
    private void failTxn() {
        workload.history().fail(process, new Op.Txn(mops));
        mops = null;
    }

    /** The COMMIT may or may not have happened: the operation stays open, the client becomes a new process. */
    private void unknownTxn() {
        workload.history().info(process, new Op.Txn(mops));
        mops = null;
        process = workload.newProcess();
        think();
    }
}
