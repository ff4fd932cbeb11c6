package io.shoaldb.sql.session;

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
import io.shoaldb.sql.parser.PgTransaction;
import io.shoaldb.sql.parser.PgTruncateTable;
import io.shoaldb.sql.plan.CompiledPlan;
import io.shoaldb.sql.plan.SqlPlanner;
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

    Session(SqlEngine engine, long id) {
        this.engine = engine;
        this.id = id;
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
        try {
            return executeScriptUnguarded(sql);
        } catch (SqlException e) {
            failIfInBlock();
            throw e;
        } catch (StackOverflowError e) {
            failIfInBlock();
            throw new SqlException("54001", "statement is too complex (nesting too deep)");
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
        try {
            return executeUnguarded(sql, params);
        } catch (SqlException e) {
            failIfInBlock();
            throw e;
        } catch (StackOverflowError e) {
            failIfInBlock();
            throw new SqlException("54001", "statement is too complex (nesting too deep)");
        } catch (RuntimeException | AssertionError e) {
            failIfInBlock();
            throw new SqlException(SqlState.INTERNAL_ERROR, "internal error: " + e);
        }
    }

    private StatementResult executeUnguarded(String sql, List<Object> params) {
        ParameterRewriter.Rewritten rw = ParameterRewriter.rewrite(sql);
        if (rw.parameterCount() > params.size()) {
            throw new SqlException("08P01", "statement needs " + rw.parameterCount() + " parameters, "
                    + params.size() + " given");
        }
        SqlEngine.PlanKey key = new SqlEngine.PlanKey(engine.catalog().version(), rw.sql(), List.of());
        CompiledPlan cached = engine.planCache().get(key);
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
                case PgCreateIndex c -> ddl("CREATE INDEX", () -> ddlExecutor().createIndex(c));
                case PgDropObject d -> ddl("DROP " + d.kind, () -> ddlExecutor().drop(d));
                case PgTruncateTable t -> truncate(t);
                case PgExplain e -> explain(e, markers.length);
                default -> {
                    CompiledPlan plan = new SqlPlanner(engine.catalog()).plan(stmt, markers.length);
                    engine.planCache().misses++;
                    if (key != null) {
                        engine.planCache().put(key, plan);
                    }
                    yield runPlan(plan, params, markers);
                }
            };
        } catch (SqlException e) {
            failIfInBlock();
            throw e;
        } catch (RuntimeException e) {
            failIfInBlock();
            throw new SqlException(SqlState.INTERNAL_ERROR, "internal error: " + e);
        }
    }

    private DdlExecutor ddlExecutor() {
        return new DdlExecutor(engine.catalog(), engine.store());
    }

    private StatementResult ddl(String what, java.util.function.Supplier<StatementResult> action) {
        if (txn != null) {
            throw new SqlException(SqlState.ACTIVE_SQL_TRANSACTION, what + " cannot run inside a transaction block");
        }
        return action.get();
    }

    private StatementResult explain(PgExplain e, int markerCount) {
        CompiledPlan plan = new SqlPlanner(engine.catalog()).plan(e.statement, markerCount);
        List<Object[]> rows = new ArrayList<>();
        for (String line : plan.explain().split("\n")) {
            rows.add(new Object[] {line});
        }
        return new StatementResult("EXPLAIN", List.of(new CompiledPlan.Column("QUERY PLAN",
                io.shoaldb.sql.catalog.PgType.TEXT)), rows);
    }

    private StatementResult truncate(PgTruncateTable t) {
        String name = t.name.names.get(t.name.names.size() - 1);
        var def = engine.catalog().table(name);
        if (def == null) {
            throw new SqlException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
        }
        return inTransaction(tx -> {
            var it = tx.scan(def.storage(), io.shoaldb.storage.KeyRange.ALL);
            List<byte[]> keys = new ArrayList<>();
            while (it.hasNext()) {
                keys.add(it.next().key());
            }
            for (byte[] k : keys) {
                tx.put(def.storage(), k, null);
            }
            return StatementResult.command("TRUNCATE TABLE");
        });
    }

    private StatementResult runPlan(CompiledPlan plan, List<Object> params, int[] markers) {
        List<Object> bound = new ArrayList<>(markers.length);
        for (int i = 0; i < markers.length; i++) {
            RelDataType type = plan.markerTypes().get(i);
            Object v = params.get(markers[i]);
            bound.add(v == null ? null : Values.cast(v, type.getSqlTypeName(), type.getPrecision(), type.getScale()));
        }
        return inTransaction(tx -> {
            List<Object[]> rows = Executor.run(plan.fragments(), new ExecContext(tx, bound, engine.catalog()));
            if (plan.verb().equals("SELECT")) {
                return new StatementResult("SELECT " + rows.size(), plan.columns(), rows);
            }
            long count = plan.returnsRows() ? rows.size() : (Long) rows.get(0)[0];
            String tag = plan.verb().equals("INSERT") ? "INSERT 0 " + count : plan.verb() + " " + count;
            return new StatementResult(tag, plan.columns(), plan.returnsRows() ? rows : List.of());
        });
    }

    /** Runs {@code body} in the open transaction block, or in its own autocommit transaction. */
    private StatementResult inTransaction(java.util.function.Function<Transaction, StatementResult> body) {
        if (txn != null) {
            return body.apply(txn);
        }
        Transaction auto = engine.transactions().begin();
        try {
            StatementResult r = body.apply(auto);
            auto.commit();
            engine.afterCommit();
            return r;
        } catch (SerializationFailure e) {
            throw new SqlException(SqlState.SERIALIZATION_FAILURE, e.getMessage());
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
                    txn.setReadOnly(t.readOnly);
                    failed = false;
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
                    return StatementResult.command("ROLLBACK");
                }
                try {
                    t0.commit();
                } catch (SerializationFailure e) {
                    throw new SqlException(SqlState.SERIALIZATION_FAILURE, e.getMessage());
                }
                engine.afterCommit();
                return StatementResult.command("COMMIT");
            }
            case ROLLBACK -> {
                if (txn != null) {
                    txn.rollback();
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
                    case SAVEPOINT -> txn.savepoint(t.savepoint);
                    case RELEASE -> txn.release(t.savepoint);
                    default -> {
                        txn.rollbackTo(t.savepoint);
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

    /** Ends the session, rolling back an open transaction block. */
    public void close() {
        if (txn != null) {
            txn.rollback();
            txn = null;
        }
    }

    /** For tests and EXPLAIN tooling: the plan this session would cache for {@code sql}. */
    CompiledPlan planFor(String sql) {
        ParameterRewriter.Rewritten rw = ParameterRewriter.rewrite(sql);
        return new SqlPlanner(engine.catalog()).plan(PgParser.parseStatement(rw.sql()), rw.markerToParameter().length);
    }
}
