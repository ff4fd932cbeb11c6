package io.shoaldb.sql.log;

import java.util.function.Consumer;

/**
 * Where a durable engine's sessions send their commit and DDL records. The log makes the record
 * durable, the engine's owner applies it in log order ({@code SqlEngine.apply}), and {@code done}
 * receives the outcome of that application, on the node's event loop, possibly before
 * {@link #append} returns. Exactly one outcome per append; {@link ApplyOutcome.Unknown} when the log
 * can no longer tell (leadership lost, node restarting), because the record may still commit.
 */
@FunctionalInterface
public interface CommitLog {

    void append(byte[] record, Consumer<ApplyOutcome> done);
}
