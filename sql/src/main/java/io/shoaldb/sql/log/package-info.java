/**
 * The SQL engine as a replicated state machine: the log records a session appends when it commits
 * ({@link io.shoaldb.sql.log.SqlRecord}: a transaction's snapshot, read set and write set, or a DDL
 * statement's text), the outcome of applying one ({@link io.shoaldb.sql.log.ApplyOutcome}), and the port
 * through which an engine reaches its log ({@link io.shoaldb.sql.log.CommitLog}): Raft and the WAL on a
 * durable node, or an immediate loopback for tests. See docs/sql-durability.md.
 */
package io.shoaldb.sql.log;
