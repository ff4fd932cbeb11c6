/**
 * In-memory tables: rows in a compact typed binary layout ({@link io.shoaldb.storage.RowCodec}), an
 * ordered primary-key index and ordered secondary indexes over order-preserving key bytes
 * ({@link io.shoaldb.storage.KeyCodec}), and multi-version rows ({@link io.shoaldb.storage.MvccTable}) so
 * a transaction reads a snapshot while others commit, with old versions reclaimed once no snapshot can
 * see them. Storage knows nothing about transactions beyond commit timestamps; {@code io.shoaldb.txn}
 * buffers writes and validates reads on top of it.
 */
package io.shoaldb.storage;
