/**
 * The durable SQL node ({@link io.shoaldb.sql.node.SqlNode}: the SQL engine as the state machine of a
 * Raft group over the WAL) as a simulator workload: concurrent clients run interactive SQL list-append
 * transactions while the node crashes and its disk fails; the history is checked for strict
 * serializability with the Elle list-append checker, and every acknowledged append must be in the
 * node's tables at the end.
 */
package io.shoaldb.sim.sqlappend;
