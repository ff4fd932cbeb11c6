/**
 * Benchmarks of the SQL engine (issue 5) through its Java session API: JMH latencies of the plan cache and
 * of the primary-key fast path ({@link io.shoaldb.bench.sql.SqlLatencyBench}), and a bench command that
 * loads a 1,000,000-row table and times a filtered scan, a GROUP BY and a 1M x 100k hash join side by side
 * with PostgreSQL 15 on the same machine ({@link io.shoaldb.bench.sql.SqlVsPostgres}, driven by
 * {@code bench/sql-vs-postgres.sh}), and a command that builds a multi-GiB snapshot image and times it
 * through snapshot, the WAL's snapshot file and restore ({@link io.shoaldb.bench.sql.SnapshotImageBench}). Nothing here is part of the test suite; see docs/benchmarks-sql.md.
 */
package io.shoaldb.bench.sql;
