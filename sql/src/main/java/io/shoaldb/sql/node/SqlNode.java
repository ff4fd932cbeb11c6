package io.shoaldb.sql.node;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.image.ImageWriter;
import io.shoaldb.replica.Replica;
import io.shoaldb.replica.StateMachine;
import io.shoaldb.runtime.NodeProcess;
import io.shoaldb.runtime.NodeRuntime;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.log.ApplyOutcome;
import io.shoaldb.sql.log.CommitLog;
import io.shoaldb.sql.log.SqlRecord;
import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import io.shoaldb.sql.session.StatementResult;
import io.shoaldb.txn.ByteReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A durable SQL node: a Raft group over the WAL (one member for a single node) whose state machine is a
 * durable {@link SqlEngine}. A session's COMMIT, autocommit write or DDL statement becomes a log entry; it
 * completes once the entry is durable and applied, and a crash loses nothing a client was told committed:
 * recovery is the newest snapshot image plus the log after it (docs/sql-durability.md).
 *
 * <p>Hosting it: a {@link io.shoaldb.runtime.NodeFactory} {@code rt -> new SqlNode(rt, config)}; the
 * runtime's Disk port is its data directory. On the node's loop, {@link #openSession()} opens a session
 * once {@link #isServing()} (pgwire: {@code new ShoalSqlEngine(node::openSession)}); the simulator's
 * clients speak {@link SqlWire} over the network instead. Sessions are served by the leader only, once it
 * has applied an entry of its own term (with one member: as soon as recovery ends and it elected itself).
 */
public final class SqlNode implements NodeProcess {

    /** The engine as the replica's state machine. */
    private static final class EngineMachine implements StateMachine<ApplyOutcome> {
        final SqlEngine engine;

        EngineMachine(SqlEngine engine) {
            this.engine = engine;
        }

        @Override
        public long appliedIndex() {
            return engine.appliedIndex();
        }

        @Override
        public ApplyOutcome apply(long index, byte[] data) {
            return engine.apply(index, data);
        }

        @Override
        public void skip(long index) {
            engine.skip(index);
        }

        @Override
        public void snapshot(ImageWriter out) {
            engine.snapshot(out);
        }
    }

    /** A network client's session and the response to its latest request (null while it runs). */
    private static final class ClientSession {
        final Session session;
        long lastSeq;
        byte[] lastResponse;

        ClientSession(Session session, long seq) {
            this.session = session;
            this.lastSeq = seq;
        }
    }

    private final NodeRuntime rt;
    private final SqlNodeConfig cfg;
    private final Replica<EngineMachine, ApplyOutcome> replica;
    private final CommitLog log;
    private SqlEngine engine;
    /** Network clients' sessions by "node/session". */
    private final TreeMap<String, ClientSession> clients = new TreeMap<>();
    private long malformedDropped;
    private long commitsProposed;
    private long recordsFragmented;

    public SqlNode(NodeRuntime runtime, SqlNodeConfig config) {
        this.rt = runtime;
        this.cfg = config;
        this.log = this::appendToLog;
        this.replica = new Replica<>(runtime, config.replica(), new StateMachine.Factory<>() {
            @Override
            public EngineMachine fresh() {
                return withRowLocks(new EngineMachine(SqlEngine.durable(log, runtime.clock(), runtime.entropy())));
            }

            @Override
            public EngineMachine restore(ImageBytes image) {
                return withRowLocks(new EngineMachine(SqlEngine.restore(image, log, runtime.clock(), runtime.entropy())));
            }
        }, new Replica.Listener<>() {
            @Override
            public void stateMachineReplaced(EngineMachine sm) {
                engine = sm.engine;
                dropClientSessions();
            }

            @Override
            public void leadershipLost() {
                dropClientSessions();
            }
        });
    }

    /**
     * Sessions of a node complete asynchronously, so their writes take row locks and wait in the row's
     * queue instead of aborting at commit (docs/locking.md); grants run as deferred tasks of the loop.
     */
    private EngineMachine withRowLocks(EngineMachine m) {
        m.engine.transactions().enableRowLocks(rt.scheduler()::execute);
        m.engine.setTimers(rt.scheduler());
        return m;
    }

    // ---------------------------------------------------------------- hosting API

    @Override
    public void start() {
        replica.start();
    }

    /** Whether sessions can be opened: recovered, leading, and caught up with the log. */
    public boolean isServing() {
        return replica.isLeaderCaughtUp();
    }

    /**
     * Opens a session on the node's engine; call on the node's loop. Its statements must also run on the
     * loop, through {@link Session#executeAsync} (a commit completes once its log entry is applied).
     *
     * @throws SqlException 57P03 while the node recovers, is not the leader or has stopped
     */
    public Session openSession() {
        if (!isServing()) {
            throw new SqlException("57P03", replica.failure() != null
                    ? "the node stopped: " + replica.failure()
                    : "the node is not serving yet (recovering, or not the leader" + leaderHint() + ")");
        }
        return engine.openSession();
    }

    private String leaderHint() {
        int hint = replica.leaderHint();
        return hint >= 0 && hint != rt.nodeId() ? "; the leader is node " + hint : "";
    }

    /** The current engine (replaced at recovery and when a snapshot is installed), for observers and tests. */
    public SqlEngine engine() {
        return engine;
    }

    /** The replica, for observers (invariant checks, tests). */
    public Replica<?, ?> replica() {
        return replica;
    }

    /** Why the node stopped for good, or null. */
    public String failure() {
        return replica.failure();
    }

    public long malformedDropped() {
        return malformedDropped + replica.malformedDropped();
    }

    /** Records this incarnation proposed in fragments, being larger than one log entry. */
    public long recordsFragmented() {
        return recordsFragmented;
    }

    /** Commit and DDL records this incarnation appended to the log. */
    public long recordsProposed() {
        return commitsProposed;
    }

    // ---------------------------------------------------------------- the engine's log

    private void appendToLog(byte[] record, Consumer<ApplyOutcome> done) {
        commitsProposed++;
        List<byte[]> entries;
        try {
            entries = SqlRecord.entries(record, commitsProposed, cfg.replica().raft().maxEntryBytes());
        } catch (IllegalArgumentException e) {
            rt.scheduler().execute(() -> done.accept(new ApplyOutcome.Failed(
                    new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, "the commit cannot be logged: " + e.getMessage()))));
            return;
        }
        if (entries.size() > 1) {
            recordsFragmented++;
        }
        // A record too large for one entry goes as consecutive fragments, proposed here in one go so that
        // nothing comes between them; applying the last one applies the record, and its outcome is the
        // commit's. A fragment the leader refused breaks the chain, and the last one then fails (40001).
        for (int i = 0; i < entries.size() - 1; i++) {
            replica.propose(entries.get(i), outcome -> { });
        }
        replica.propose(entries.getLast(), outcome -> done.accept(switch (outcome) {
            case Replica.Outcome.Applied<ApplyOutcome> a -> a.result();
            // never appended: it cannot commit, and the client may simply retry the transaction
            case Replica.Outcome.NotApplied<ApplyOutcome> n when n.notAppended() -> new ApplyOutcome.Failed(
                    new SqlException(SqlState.SERIALIZATION_FAILURE, "the commit was not logged: " + n.why()));
            case Replica.Outcome.NotApplied<ApplyOutcome> n -> new ApplyOutcome.Unknown(n.why());
        }));
    }

    // ---------------------------------------------------------------- messages

    @Override
    public void onMessage(int from, byte[] payload) {
        if (payload.length == 0) {
            malformedDropped++;
            return;
        }
        switch (payload[0]) {
            case SqlWire.CHANNEL_RAFT -> replica.onRaftMessage(from, payload);
            case SqlWire.CHANNEL_REQUEST -> {
                SqlWire.Request r;
                try {
                    r = SqlWire.decodeRequest(payload);
                } catch (ByteReader.Malformed e) {
                    malformedDropped++;
                    return;
                }
                onRequest(from, r);
            }
            default -> malformedDropped++;
        }
    }

    private void onRequest(int from, SqlWire.Request r) {
        String key = from + "/" + r.session();
        ClientSession cs = clients.get(key);
        if (cs != null && r.seq() <= cs.lastSeq) {
            if (r.seq() == cs.lastSeq && cs.lastResponse != null) {
                rt.network().send(from, cs.lastResponse); // a retransmission: the same answer again
            }
            return;
        }
        switch (r.kind()) {
            case SqlWire.OPEN -> {
                if (cs != null) {
                    reply(from, null, SqlWire.Response.error(r.session(), r.seq(), "08P01", "session already open"));
                } else if (!isServing()) {
                    reply(from, null, SqlWire.Response.error(r.session(), r.seq(), "57P03",
                            "the node is not serving yet" + leaderHint()));
                } else if (clients.size() >= cfg.maxClientSessions()) {
                    reply(from, null, SqlWire.Response.error(r.session(), r.seq(), "53300", "too many sessions"));
                } else {
                    ClientSession created = new ClientSession(engine.openSession(), r.seq());
                    clients.put(key, created);
                    reply(from, created, new SqlWire.Response(r.session(), r.seq(), null, null, "OPEN", 0, List.of()));
                }
            }
            case SqlWire.CLOSE -> {
                if (cs != null) {
                    clients.remove(key);
                    cs.session.close();
                }
                reply(from, null, new SqlWire.Response(r.session(), r.seq(), null, null, "CLOSE", 0, List.of()));
            }
            default -> {
                if (cs == null) {
                    reply(from, null, SqlWire.Response.error(r.session(), r.seq(), "08003",
                            "session " + r.session() + " does not exist (the node may have restarted)"));
                } else if (r.seq() != cs.lastSeq + 1) {
                    reply(from, null, SqlWire.Response.error(r.session(), r.seq(), "08P01",
                            "request " + r.seq() + " skips request " + (cs.lastSeq + 1)));
                } else if (cs.session.awaitingLog()) {
                    reply(from, null, SqlWire.Response.error(r.session(), r.seq(), "08P01",
                            "the previous statement has not completed"));
                } else {
                    execute(from, key, cs, r);
                }
            }
        }
    }

    private void execute(int from, String key, ClientSession cs, SqlWire.Request r) {
        cs.lastSeq = r.seq();
        cs.lastResponse = null;
        cs.session.executeAsync(r.sql(), new ArrayList<>(r.params()), new Session.Completion() {
            @Override
            public void completed(StatementResult result) {
                SqlWire.Response resp;
                if (result.rows().size() > SqlWire.MAX_ROWS) {
                    resp = SqlWire.Response.error(r.session(), r.seq(), "54000", "result of " + result.rows().size()
                            + " rows exceeds " + SqlWire.MAX_ROWS);
                } else {
                    List<String[]> rows = new ArrayList<>(result.rows().size());
                    for (int i = 0; i < result.rows().size(); i++) {
                        String[] row = new String[result.columns().size()];
                        for (int c = 0; c < row.length; c++) {
                            row[c] = result.text(i, c);
                        }
                        rows.add(row);
                    }
                    resp = new SqlWire.Response(r.session(), r.seq(), null, null, result.commandTag(),
                            result.columns().size(), rows);
                }
                finish(from, key, cs, resp);
            }

            @Override
            public void failed(SqlException error) {
                finish(from, key, cs, SqlWire.Response.error(r.session(), r.seq(), error.sqlState(), error.getMessage()));
            }
        });
    }

    private void finish(int from, String key, ClientSession cs, SqlWire.Response resp) {
        if (clients.get(key) != cs) {
            return; // the session was dropped meanwhile (restart, leadership change): the client hears 08003
        }
        reply(from, cs, resp);
    }

    private void reply(int to, ClientSession cs, SqlWire.Response resp) {
        byte[] bytes = SqlWire.encode(resp);
        if (cs != null) {
            cs.lastResponse = bytes;
        }
        rt.network().send(to, bytes);
    }

    private void dropClientSessions() {
        List<ClientSession> all = new ArrayList<>(clients.values());
        clients.clear();
        for (ClientSession cs : all) {
            cs.session.close();
        }
    }

    /** Open network-client sessions, for observers. */
    public int clientSessions() {
        return clients.size();
    }

    /** Every open network-client session, for observers. */
    Map<String, ?> clientView() {
        return clients;
    }
}
