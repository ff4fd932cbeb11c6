package io.shoaldb.sql.exec;

/**
 * A compiled scalar expression: evaluates over one input row in an execution context (parameters,
 * correlation variables, sequences). Compiled once per cached plan, immutable and free of per-run state.
 */
@FunctionalInterface
public interface Expr {
    Object eval(Object[] row, ExecContext ctx);
}
