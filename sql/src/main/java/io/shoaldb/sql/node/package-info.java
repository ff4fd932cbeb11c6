/**
 * A durable SQL node: {@link io.shoaldb.sql.node.SqlNode} hosts a Raft group (of one for a single node)
 * over the write-ahead log whose state machine is the SQL engine, on the runtime ports, so it runs in the
 * simulator and under net's NetNode alike. Sessions are opened on the node's loop
 * ({@link io.shoaldb.sql.node.SqlNode#openSession()}) or by network clients speaking
 * {@link io.shoaldb.sql.node.SqlWire}, the small request/response protocol the simulator's clients use.
 */
package io.shoaldb.sql.node;
