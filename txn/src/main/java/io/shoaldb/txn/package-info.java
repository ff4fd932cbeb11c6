/**
 * Single-node serializable transactions by optimistic concurrency control with backward validation.
 * A transaction reads a snapshot (the last commit timestamp when it began), buffers its writes privately
 * and records what it read: point keys, primary-key ranges and index ranges. At commit it is checked
 * against every transaction that committed after its snapshot; if one of those wrote a key it read or a
 * key inside a range it scanned, it aborts with a serialization failure (SQLSTATE 40001). Otherwise its
 * writes are installed at the next commit timestamp. Because commits are totally ordered and a
 * validated transaction's reads were still current at its commit point, the history is equivalent to
 * the serial order of commit timestamps. Read-only transactions need no validation: a snapshot is a
 * prefix of that order.
 */
package io.shoaldb.txn;
