package io.shoaldb.bench;

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
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SQL session latencies (issue 5 targets: warm plan-cache hit under 20 µs, fast-path point select under
 * 5 µs median). Run: {@code bench/run jmh SqlSessionBench -f 1 -wi 3 -i 5 -w 2s -r 2s}; add
 * {@code -bm sample} for medians.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SqlSessionBench {
    private static final int ROWS = 10_000;
    private SqlEngine engine;
    private Session session;
    private int next;
    private List<Object> param;

    @Setup
    public void setup() {
        engine = new SqlEngine();
        session = engine.openSession();
        session.execute("CREATE TABLE kv (k INT PRIMARY KEY, v TEXT, n BIGINT)", List.of());
        for (int base = 0; base < ROWS; base += 500) {
            StringBuilder sql = new StringBuilder("INSERT INTO kv VALUES ");
            for (int i = base; i < base + 500; i++) {
                sql.append(i == base ? "" : ", ").append('(').append(i).append(", 'value-").append(i).append("', ")
                        .append(i * 7L).append(')');
            }
            session.execute(sql.toString(), List.of());
        }
        param = new ArrayList<>(List.of(0));
    }

    private List<Object> nextKey() {
        next = (next + 7919) % ROWS;
        param.set(0, next);
        return param;
    }

    /** Primary-key point select through the session API: plan-cache hit, KeyGet fast path, autocommit. */
    @Benchmark
    public StatementResult pointSelect() {
        return session.execute("SELECT v, n FROM kv WHERE k = $1", nextKey());
    }

    /** A warm plan-cache hit for a statement that is not a point read (index-free filter over 10k rows is avoided: LIMIT 1). */
    @Benchmark
    public StatementResult cachedScanLimit1() {
        return session.execute("SELECT v FROM kv WHERE n = $1 LIMIT 1", List.of(0L));
    }

    /** Single-row update by primary key through the session API (plan-cache hit, autocommit, validation). */
    @Benchmark
    public StatementResult pointUpdate() {
        return session.execute("UPDATE kv SET n = n + 1 WHERE k = $1", nextKey());
    }

    /** Planning without the cache: parse, validate, SqlToRel, Hep, physical plan, fragments. */
    @Benchmark
    public Object planUncached() {
        ParameterRewriter.Rewritten rw = ParameterRewriter.rewrite("SELECT v, n FROM kv WHERE k = $1");
        return new SqlPlanner(engine.catalog()).plan(PgParser.parseStatement(rw.sql()), rw.markerToParameter().length);
    }
}
