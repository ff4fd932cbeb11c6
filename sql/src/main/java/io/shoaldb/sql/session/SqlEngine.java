package io.shoaldb.sql.session;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.image.ImageWriter;
import io.shoaldb.sql.catalog.TableDef;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.log.ApplyOutcome;
import io.shoaldb.sql.log.CommitLog;
import io.shoaldb.sql.log.SqlRecord;
import io.shoaldb.storage.KeyRange;
import io.shoaldb.storage.MvccTable;
import io.shoaldb.txn.ByteReader;
import io.shoaldb.txn.ByteWriter;
import io.shoaldb.txn.SerializationFailure;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

import io.shoaldb.sql.catalog.Catalog;
import io.shoaldb.sql.plan.CompiledPlan;
import io.shoaldb.storage.TableStore;
import io.shoaldb.txn.TransactionManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One node's SQL engine: catalog, tables, transaction manager and plan cache, shared by its sessions.
 * Runs on the node's event loop; nothing here is thread-safe, by design.
 *
 * <p>Two modes behind the same {@link Session} API. A memory engine ({@link #SqlEngine()}) commits at
 * once. A durable engine ({@link #durable(CommitLog)}) is the state machine of a log: sessions turn each
 * commit and each DDL statement into a {@link SqlRecord} and hand it to the {@link CommitLog}; the
 * engine's owner feeds every log entry, in order, to {@link #apply}, which validates and installs
 * commits and executes DDL; a statement completes ({@link Session#executeAsync}) only once its record
 * was applied. {@link #snapshot(ImageWriter)} and {@link #restore} give the image of the applied state that log
 * compaction needs. See docs/sql-durability.md.
 */
public final class SqlEngine {
    /** Bound on cached plans; the least recently used plan is evicted first. */
    public static final int PLAN_CACHE_ENTRIES = 1024;

    /** Format of {@link #snapshot(ImageWriter)} images. */
    /**
     * Image format 2: DDL history entries carry their statement time and entropy seed, and the image ends
     * with the fragments of a record in progress (format 1 is still read).
     */
    public static final int IMAGE_FORMAT = 2;
    /** Bound on the DDL statements a durable engine remembers for its snapshot images. */
    public static final int MAX_DDL_HISTORY = 1_000_000;

    private final Catalog catalog = new Catalog();
    private final TableStore store = new TableStore();
    private final TransactionManager txns;
    private final PlanCache planCache = new PlanCache();
    private long nextSessionId = 1;
    /** The node's clock: now(), current_date and friends read it, never the system clock. */
    private final io.shoaldb.runtime.Clock clock;
    /** The node's entropy: gen_random_uuid() and password verifier salts. */
    private final io.shoaldb.runtime.Entropy entropy;

    /**
     * A memory engine on a fixed clock (2000-01-01 00:00 UTC) and a fixed-seed entropy source: for tests
     * and tools, where results must repeat. A node passes its own ports.
     */
    public SqlEngine() {
        this(null, FIXED_CLOCK, new FixedSeedEntropy(0x5EEDL));
    }

    /**
     * A memory engine: every commit is immediate and nothing survives the process. now(), current_date
     * and gen_random_uuid() read these ports, never the system.
     */
    public SqlEngine(io.shoaldb.runtime.Clock clock, io.shoaldb.runtime.Entropy entropy) {
        this(null, clock, entropy);
    }

    /** Null for a memory engine. */
    private final CommitLog log;
    private long appliedIndex;
    /** Durable engine: every DDL statement applied successfully, in order (snapshot images replay them). */
    private final List<SqlRecord.Ddl> ddlHistory = new ArrayList<>();
    /** Durable engine: the highest value of each sequence the log recorded. */
    private final TreeMap<String, Long> loggedSequences = new TreeMap<>();
    /** Durable engine: runs DDL records when they are applied. */
    private Session applier;
    /** Durable engine: the fragments of a record too large for one log entry, until its last one. */
    private final io.shoaldb.sql.log.FragmentBuffer fragments = new io.shoaldb.sql.log.FragmentBuffer();

    /** @param log null for a memory engine */
    private SqlEngine(CommitLog log, io.shoaldb.runtime.Clock clock, io.shoaldb.runtime.Entropy entropy) {
        this.log = log;
        this.txns = log == null ? new TransactionManager(store) : TransactionManager.logged(store);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.entropy = Objects.requireNonNull(entropy, "entropy");
    }

    /** A durable engine over {@code log} on a fixed clock and entropy (tests); see {@link #durable(CommitLog, io.shoaldb.runtime.Clock, io.shoaldb.runtime.Entropy)}. */
    public static SqlEngine durable(CommitLog log) {
        return durable(log, FIXED_CLOCK, new FixedSeedEntropy(0x5EEDL));
    }

    /** A durable engine over {@code log}; its owner must {@link #apply} every entry of the log in order. */
    public static SqlEngine durable(CommitLog log, io.shoaldb.runtime.Clock clock, io.shoaldb.runtime.Entropy entropy) {
        return new SqlEngine(Objects.requireNonNull(log, "log"), clock, entropy);
    }

    /**
     * A durable engine whose log applies each record at once, in memory: the record path without Raft,
     * for tests of the codec, apply-time validation and DDL re-execution.
     */
    public static SqlEngine loopback() {
        SqlEngine[] self = new SqlEngine[1];
        self[0] = new SqlEngine((record, done) -> done.accept(self[0].apply(self[0].appliedIndex() + 1, record)),
                FIXED_CLOCK, new FixedSeedEntropy(0x5EEDL));
        return self[0];
    }

    /** Whether sessions commit through a log ({@link #durable}) rather than at once. */
    public boolean isDurable() {
        return log != null;
    }

    CommitLog log() {
        return log;
    }

    io.shoaldb.runtime.Clock clock() {
        return clock;
    }

    private io.shoaldb.runtime.Scheduler timers;

    /** The node's timers, for statement_timeout on lock waits; null where statements never wait. */
    io.shoaldb.runtime.Scheduler timers() {
        return timers;
    }

    /** Set by a host whose sessions wait for row locks (on its event loop). */
    public void setTimers(io.shoaldb.runtime.Scheduler timers) {
        this.timers = timers;
    }

    io.shoaldb.runtime.Entropy entropy() {
        return entropy;
    }

    /** Where password verifier salts come from: the engine's entropy. */
    RandomGenerator salts() {
        return entropy;
    }

    /** 2000-01-01 00:00 UTC, standing still: the clock of engines built without a node. */
    private static final io.shoaldb.runtime.Clock FIXED_CLOCK = new io.shoaldb.runtime.Clock() {
        @Override
        public long monotonicNanos() {
            return 0;
        }

        @Override
        public long wallMillis() {
            return 946_684_800_000L;
        }
    };

    /** A seeded generator for engines built without a node (seeded, hence repeatable). */
    static final class FixedSeedEntropy implements io.shoaldb.runtime.Entropy {
        private final java.util.SplittableRandom random;

        FixedSeedEntropy(long seed) {
            this.random = new java.util.SplittableRandom(seed);
        }

        @Override
        public long nextLong() {
            return random.nextLong();
        }
    }

    /** Index of the last log entry applied (durable engine). */
    public long appliedIndex() {
        return appliedIndex;
    }

    /** Key of a cached plan: catalog version, statement text after $n rewriting, declared parameter types. */
    record PlanKey(long catalogVersion, String sql, List<Integer> parameterTypeOids) {
    }

    /** LRU map of compiled plans. */
    static final class PlanCache extends LinkedHashMap<PlanKey, CompiledPlan> {
        long hits;
        long misses;

        PlanCache() {
            super(64, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<PlanKey, CompiledPlan> eldest) {
            return size() > PLAN_CACHE_ENTRIES;
        }
    }

    /** Values handed out by sequences that the log has not recorded yet; a commit record carries them. */
    NavigableMap<String, Long> unloggedSequences() {
        TreeMap<String, Long> out = new TreeMap<>();
        for (Map.Entry<String, Long> e : catalog.sequenceValues().entrySet()) {
            if (e.getValue() > loggedSequences.getOrDefault(e.getKey(), 0L)) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** A log entry that carries no SQL record (a leader's no-op, a membership change) was applied. */
    public void skip(long index) {
        advanceTo(index);
        fragments.interrupt();
    }

    private void advanceTo(long index) {
        if (log == null) {
            throw new IllegalStateException("a memory engine has no log");
        }
        if (index != appliedIndex + 1) {
            throw new IllegalStateException("apply out of order: index " + index + " after " + appliedIndex);
        }
        appliedIndex = index;
    }

    /**
     * Applies the log entry at {@code index}: validates and installs a commit, or executes a DDL
     * statement. Deterministic: every replica, and every replay, reaches the same state and outcome.
     *
     * @throws IllegalStateException if the entry is not a SQL record this build can read (the log is corrupt
     *                               or was written by a newer format: the node must stop)
     */
    public ApplyOutcome apply(long index, byte[] data) {
        advanceTo(index);
        SqlRecord record;
        try {
            record = SqlRecord.decode(data);
        } catch (ByteReader.Malformed e) {
            throw new IllegalStateException("log entry " + index + " is not a SQL record: " + e.getMessage(), e);
        }
        if (record instanceof SqlRecord.Fragment f) {
            return switch (fragments.offer(f)) {
                // Only the last fragment's proposer waits for an outcome; the others' is never read.
                case io.shoaldb.sql.log.FragmentBuffer.Result.Pending p ->
                        new ApplyOutcome.Unknown("fragment " + f.seq() + " of " + f.count() + " buffered");
                case io.shoaldb.sql.log.FragmentBuffer.Result.Broken b -> new ApplyOutcome.Failed(
                        new SqlException(SqlState.SERIALIZATION_FAILURE, "the commit was not logged whole: " + b.why()));
                case io.shoaldb.sql.log.FragmentBuffer.Result.Complete c -> applyWhole(index, c.record());
            };
        }
        fragments.interrupt();
        return applyRecord(record);
    }

    private ApplyOutcome applyWhole(long index, byte[] data) {
        SqlRecord record;
        try {
            record = SqlRecord.decode(data);
        } catch (ByteReader.Malformed e) {
            throw new IllegalStateException("the record completed at log entry " + index + " is not a SQL record: "
                    + e.getMessage(), e);
        }
        if (record instanceof SqlRecord.Fragment) {
            throw new IllegalStateException("the record completed at log entry " + index + " is itself a fragment");
        }
        return applyRecord(record);
    }

    private ApplyOutcome applyRecord(SqlRecord record) {
        return switch (record) {
            case SqlRecord.Fragment f -> throw new IllegalStateException("a fragment applied as a whole record");
            case SqlRecord.Commit c -> {
                for (Map.Entry<String, Long> e : c.sequences().entrySet()) {
                    loggedSequences.merge(e.getKey(), e.getValue(), Math::max);
                    catalog.raiseSequence(e.getKey(), e.getValue());
                }
                try {
                    yield new ApplyOutcome.Committed(txns.applyCommit(c.txn()));
                } catch (SerializationFailure f) {
                    yield new ApplyOutcome.Failed(new SqlException(SqlState.SERIALIZATION_FAILURE, f.getMessage()));
                }
            }
            case SqlRecord.Ddl d -> applyDdl(d, true);
            case SqlRecord.Block b -> applyBlock(b);
        };
    }

    /**
     * A transaction block that ran DDL, as one unit: the applier runs its DDL texts in a block of its own,
     * the record's commit (its sandbox table ids mapped by name to the tables that DDL made) is validated
     * against the commits after its snapshot — the DDL fence included — and installed together with the rows
     * the applied DDL rewrote; any failure undoes all of it, and the table ids it took are handed out again.
     */
    private ApplyOutcome applyBlock(SqlRecord.Block b) {
        if (applier == null) {
            applier = new Session(this, 0, true);
        }
        if (ddlHistory.size() + b.ddl().size() > MAX_DDL_HISTORY) {
            throw new IllegalStateException("more than " + MAX_DDL_HISTORY + " DDL statements");
        }
        if (b.txn().snapshotTs() < txns.ddlFenceTs()) {
            // the DDL fence first: the block's DDL was checked against a catalog that changed since
            return new ApplyOutcome.Failed(new SqlException(SqlState.SERIALIZATION_FAILURE,
                    "could not serialize access due to concurrent DDL (committed at " + txns.ddlFenceTs() + ")"));
        }
        long nextTableId = store.nextId();
        java.util.Set<String> sequencesBefore = new java.util.TreeSet<>(catalog.sequenceValues().keySet());
        long commitTs;
        try {
            commitTs = applier.applyBlock(b.ddl(), (blockCatalog, own) -> {
                TreeMap<Long, Long> ids = new TreeMap<>();
                for (Map.Entry<Long, String> e : b.tables().entrySet()) {
                    TableDef t = blockCatalog.table(e.getValue());
                    if (t == null) {
                        throw new SerializationFailure("table " + e.getValue() + " of the transaction block was not"
                                + " created when its DDL was applied");
                    }
                    ids.put(e.getKey(), t.storage().id());
                }
                return txns.applyCommit(b.txn().mapTables(id -> id < Session.SANDBOX_FIRST_TABLE_ID ? Long.valueOf(id)
                        : ids.get(id)).withWritesUnder(own));
            });
        } catch (SerializationFailure f) {
            store.rollbackCreatesFrom(nextTableId);
            return new ApplyOutcome.Failed(new SqlException(SqlState.SERIALIZATION_FAILURE, f.getMessage()));
        } catch (SqlException e) {
            store.rollbackCreatesFrom(nextTableId);
            return new ApplyOutcome.Failed(e);
        }
        for (Map.Entry<String, Long> e : catalog.sequenceValues().entrySet()) {
            if (!sequencesBefore.contains(e.getKey()) && e.getValue() > 0) {
                loggedSequences.merge(e.getKey(), e.getValue(), Math::max);
            }
        }
        for (Map.Entry<String, Long> e : b.sequences().entrySet()) {
            if (catalog.sequenceValues().containsKey(e.getKey())) {
                loggedSequences.merge(e.getKey(), e.getValue(), Math::max);
                catalog.raiseSequence(e.getKey(), e.getValue());
            }
        }
        loggedSequences.keySet().retainAll(catalog.sequenceValues().keySet());
        ddlHistory.addAll(b.ddl());
        txns.noteDdl();
        return new ApplyOutcome.Committed(commitTs);
    }

    private ApplyOutcome applyDdl(SqlRecord.Ddl d, boolean live) {
        if (applier == null) {
            applier = new Session(this, 0, true);
        }
        long nextTableId = store.nextId();
        java.util.Set<String> sequencesBefore = new java.util.TreeSet<>(catalog.sequenceValues().keySet());
        try {
            StatementResult r = applier.applyDdl(d);
            // A sequence this statement created and advanced (ALTER TABLE ADD COLUMN serial numbers the
            // existing rows) holds values the rows in an image depend on: they are as durable as the record.
            for (Map.Entry<String, Long> e : catalog.sequenceValues().entrySet()) {
                if (!sequencesBefore.contains(e.getKey()) && e.getValue() > 0) {
                    loggedSequences.merge(e.getKey(), e.getValue(), Math::max);
                }
            }
            if (ddlHistory.size() >= MAX_DDL_HISTORY) {
                throw new IllegalStateException("more than " + MAX_DDL_HISTORY + " DDL statements");
            }
            ddlHistory.add(d);
            if (live) {
                txns.noteDdl();
            }
            // the catalog may have dropped sequences: forget their recorded values too
            loggedSequences.keySet().retainAll(catalog.sequenceValues().keySet());
            return new ApplyOutcome.DdlApplied(r);
        } catch (SqlException e) {
            store.rollbackCreatesFrom(nextTableId);
            return new ApplyOutcome.Failed(e);
        }
    }

    /** {@link #snapshot(ImageWriter)} into a new image of default-sized chunks. */
    public ImageBytes snapshot() {
        return snapshot(ImageBytes.DEFAULT_CHUNK_BYTES);
    }

    /** {@link #snapshot(ImageWriter)} into a new image of {@code chunkBytes} chunks. */
    public ImageBytes snapshot(int chunkBytes) {
        ImageWriter out = ImageBytes.writer(chunkBytes);
        snapshot(out);
        return out.finish();
    }

    /**
     * Writes the applied state as one image: the DDL statements that built the catalog, the validation
     * history, the recorded sequence values and every committed row, at {@link #appliedIndex()}. The
     * image streams into {@code out} through a small buffer, so it may exceed one array and is never
     * held twice.
     */
    public void snapshot(ImageWriter out) {
        if (log == null) {
            throw new IllegalStateException("a memory engine has no log to compact");
        }
        ByteWriter w = ByteWriter.streamingTo(out);
        w.u8(IMAGE_FORMAT).i64(appliedIndex);
        txns.writeState(w);
        w.i32(ddlHistory.size());
        for (SqlRecord.Ddl d : ddlHistory) {
            w.string(d.user()).string(d.sql()).i64(d.statementMillis()).i64(d.entropySeed());
        }
        w.i32(loggedSequences.size());
        for (Map.Entry<String, Long> e : loggedSequences.entrySet()) {
            w.string(e.getKey()).i64(e.getValue());
        }
        List<TableDef> tables = new ArrayList<>(catalog.tables());
        w.i32(tables.size());
        for (TableDef t : tables) {
            MvccTable storage = t.storage();
            w.string(t.name()).i64(storage.id());
            // two passes over the committed rows (count, then rows) instead of a list of them: the image
            // must not hold a second copy of a table
            long rows = 0;
            Iterator<MvccTable.Entry> counter = storage.scan(KeyRange.ALL, txns.lastCommitTs());
            while (counter.hasNext()) {
                counter.next();
                rows++;
            }
            if (rows > Integer.MAX_VALUE) {
                throw new IllegalStateException("table " + t.name() + " has " + rows + " rows, more than an image holds");
            }
            w.i32((int) rows);
            long written = 0;
            Iterator<MvccTable.Entry> it = storage.scan(KeyRange.ALL, txns.lastCommitTs());
            while (it.hasNext()) {
                MvccTable.Entry e = it.next();
                w.bytes(e.key()).bytes(e.row());
                written++;
            }
            if (written != rows) {
                throw new AssertionError("table " + t.name() + " changed while its image was written");
            }
        }
        fragments.write(w);
        w.flush();
    }

    /**
     * A durable engine rebuilt from a {@link #snapshot()} image: the DDL statements run again in order
     * (assigning the same table ids), then the rows, the validation history and the sequences are loaded.
     *
     * @throws IllegalStateException if the image is malformed or does not rebuild the state it describes
     */
    public static SqlEngine restore(ImageBytes image, CommitLog log) {
        return restore(image, log, FIXED_CLOCK, new FixedSeedEntropy(0x5EEDL));
    }

    /** {@link #restore(ImageBytes, CommitLog)} on the node's clock and entropy; reads the image as a stream. */
    public static SqlEngine restore(ImageBytes image, CommitLog log, io.shoaldb.runtime.Clock clock,
            io.shoaldb.runtime.Entropy entropy) {
        SqlEngine e = new SqlEngine(Objects.requireNonNull(log, "log"), clock, entropy);
        try {
            e.load(ByteReader.streamingFrom(image.reader()));
        } catch (ByteReader.Malformed m) {
            throw new IllegalStateException("SQL snapshot image is malformed: " + m.getMessage(), m);
        }
        return e;
    }

    private void load(ByteReader r) {
        int format = r.u8();
        if (format < 1 || format > IMAGE_FORMAT) {
            throw new ByteReader.Malformed("image format " + format + " (this build reads 1.." + IMAGE_FORMAT + ")");
        }
        long index = r.i64();
        // DDL first, on a fresh manager: it must not take commit timestamps the image's history already has
        ByteWriter state = new ByteWriter(64);
        TransactionManager probe = TransactionManager.logged(new TableStore());
        probe.readState(r);
        probe.writeState(state);
        int ddl = r.count(MAX_DDL_HISTORY);
        for (int i = 0; i < ddl; i++) {
            SqlRecord.Ddl d = format == 1 ? new SqlRecord.Ddl(r.string(), r.string())
                    : new SqlRecord.Ddl(r.string(), r.string(), r.i64(), r.i64());
            if (applyDdl(d, false) instanceof ApplyOutcome.Failed f) {
                throw new IllegalStateException("replaying DDL statement " + (i + 1) + " of the snapshot failed ("
                        + f.error().getMessage() + "): " + d.sql());
            }
        }
        txns.readState(new ByteReader(state.toByteArray()));
        int seqs = r.count(Integer.MAX_VALUE);
        for (int i = 0; i < seqs; i++) {
            String name = r.string();
            long v = r.i64();
            loggedSequences.put(name, v);
            catalog.raiseSequence(name, v);
        }
        int tables = r.count(Catalog.MAX_TABLES);
        for (int i = 0; i < tables; i++) {
            String name = r.string();
            long id = r.i64();
            TableDef t = catalog.table(name);
            if (t == null || t.storage().id() != id) {
                throw new IllegalStateException("snapshot table " + name + " (id " + id + ") was not rebuilt by its DDL"
                        + (t == null ? "" : " (got id " + t.storage().id() + ")"));
            }
            int rows = r.count(Integer.MAX_VALUE);
            for (int j = 0; j < rows; j++) {
                byte[] key = r.bytes();
                byte[] row = r.bytes();
                if (key == null || row == null) {
                    throw new ByteReader.Malformed("null row in table " + name);
                }
                t.storage().apply(txns.lastCommitTs(), key, row);
            }
        }
        if (format >= 2) {
            fragments.read(r);
        }
        r.expectEnd();
        appliedIndex = index;
    }

    public Session openSession() {
        return new Session(this, nextSessionId++, false);
    }

    public Catalog catalog() {
        return catalog;
    }

    public TableStore store() {
        return store;
    }

    public TransactionManager transactions() {
        return txns;
    }

    PlanCache planCache() {
        return planCache;
    }

    public long planCacheHits() {
        return planCache.hits;
    }

    public long planCacheMisses() {
        return planCache.misses;
    }

    /** Commits between two automatic vacuum passes. */
    public static final int VACUUM_EVERY_COMMITS = 64;
    private long commitsAtLastVacuum;

    /** Reclaims row versions no open transaction can see. */
    public long vacuum() {
        commitsAtLastVacuum = txns.commits();
        return txns.vacuum();
    }

    /** Called after each commit: vacuums once enough commits have piled up (each pass is bounded per table). */
    void afterCommit() {
        if (txns.commits() - commitsAtLastVacuum >= VACUUM_EVERY_COMMITS) {
            vacuum();
        }
    }
}
