package io.shoaldb.bench.sql;

import io.shoaldb.sql.parser.ParameterRewriter;
import io.shoaldb.sql.parser.PgParser;
import io.shoaldb.sql.plan.SqlPlanner;
import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import io.shoaldb.sql.session.StatementResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latencies of one statement through {@link Session#execute} on a warm engine (issue 5 targets: a warm
 * plan-cache hit under 20 µs, a fast-path primary-key point select under 5 µs median).
 *
 * <p>Sample-time mode, so JMH prints the median ({@code p0.50}) and tail percentiles besides the mean.
 * Every statement autocommits (begin, read or write, validate, commit), as a pgwire client outside a
 * transaction block would run it. Run:
 * <pre>
 *   bench/run jmh 'io.shoaldb.bench.sql.SqlLatencyBench' -f 1 -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SqlLatencyBench {
    /** Rows of the table the reads go to: big enough that the key index is several levels deep. */
    static final int ROWS = 100_000;
    private static final int LOAD_BATCH = 500;

    private SqlEngine engine;
    private Session session;
    private int nextKey;
    private int nextInsertKey;
    private final List<Object> oneParam = new ArrayList<>(List.of(0));
    private final List<Object> insertParams = new ArrayList<>(List.of(0, "", 0L));

    @Setup(Level.Trial)
    public void setup() {
        engine = new SqlEngine();
        session = engine.openSession();
        session.execute("CREATE TABLE kv (k INT PRIMARY KEY, v TEXT, n BIGINT)", List.of());
        loadKv(session, ROWS, LOAD_BATCH);
        session.execute("CREATE TABLE ins (k INT PRIMARY KEY, v TEXT, n BIGINT)", List.of());
        // Warm the plan cache for every measured statement (the timed runs must all be cache hits).
        pointSelect();
        planCacheHitConstant();
        planCacheHitAggregate();
        insertSingleRow();
    }

    /** Starts every iteration with an empty insert table, so its size stays bounded and comparable. */
    @Setup(Level.Iteration)
    public void emptyInsertTable() {
        session.execute("TRUNCATE ins", List.of());
        nextInsertKey = 0;
    }

    /** Loads {@code rows} rows into kv through one parameterised multi-row INSERT, planned once and cached. */
    static void loadKv(Session s, int rows, int batch) {
        StringBuilder sql = new StringBuilder("INSERT INTO kv VALUES ");
        for (int i = 0; i < batch; i++) {
            sql.append(i == 0 ? "" : ", ").append("($").append(3 * i + 1).append(", $").append(3 * i + 2)
                    .append(", $").append(3 * i + 3).append(')');
        }
        List<Object> params = new ArrayList<>(3 * batch);
        for (int base = 0; base < rows; base += batch) {
            params.clear();
            for (int i = base; i < base + batch; i++) {
                params.add(i);
                params.add("value-" + i);
                params.add(i * 7L);
            }
            s.execute(sql.toString(), params);
        }
    }

    /** A stride coprime with ROWS walks every key in a cache-unfriendly order. */
    private List<Object> nextKey() {
        nextKey = (nextKey + 7919) % ROWS;
        oneParam.set(0, nextKey);
        return oneParam;
    }

    /** Primary-key point select: plan-cache hit, KeyGet fast path (no optimizer), one MVCC read, autocommit. */
    @Benchmark
    public StatementResult pointSelect() {
        return session.execute("SELECT v, n FROM kv WHERE k = $1", nextKey());
    }

    /**
     * The floor of a warm plan-cache hit: $n rewrite, cache lookup, parameter cast, a one-row project and an
     * empty autocommit — no table is touched.
     */
    @Benchmark
    public StatementResult planCacheHitConstant() {
        return session.execute("SELECT $1::int + 1", nextKey());
    }

    /**
     * A warm plan-cache hit for a statement outside the fast path: the cached plan is an aggregate over a
     * KeyGet (two operators, aggregate state), executed with a fresh parameter.
     */
    @Benchmark
    public StatementResult planCacheHitAggregate() {
        return session.execute("SELECT count(*), max(n) FROM kv WHERE k = $1", nextKey());
    }

    /** Single-row INSERT with parameters (plan-cache hit, constraint checks, autocommit with validation). */
    @Benchmark
    public StatementResult insertSingleRow() {
        int k = nextInsertKey++;
        insertParams.set(0, k);
        insertParams.set(1, "value-" + k);
        insertParams.set(2, k * 7L);
        return session.execute("INSERT INTO ins VALUES ($1, $2, $3)", insertParams);
    }

    /** Single-row UPDATE by primary key (plan-cache hit, read of the old row, write, validation). */
    @Benchmark
    public StatementResult updateByKey() {
        return session.execute("UPDATE kv SET n = n + 1 WHERE k = $1", nextKey());
    }

    /**
     * What the plan cache saves: parse, validate, SqlToRel, Hep rules, physical planning and fragment split of
     * the point select (no execution).
     */
    @Benchmark
    public Object planUncached() {
        ParameterRewriter.Rewritten rw = ParameterRewriter.rewrite("SELECT v, n FROM kv WHERE k = $1");
        return new SqlPlanner(engine.catalog()).plan(PgParser.parseStatement(rw.sql()), rw.markerToParameter().length);
    }
}
