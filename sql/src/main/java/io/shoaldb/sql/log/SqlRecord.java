package io.shoaldb.sql.log;

import io.shoaldb.txn.ByteReader;
import io.shoaldb.txn.ByteWriter;
import io.shoaldb.txn.CommitRequest;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of a SQL node's log. Binary layout (big-endian), see docs/sql-durability.md:
 * <pre>
 *   u8 format (2; format 1, whose DDL entries lack the time and seed, is still read) | u8 kind
 *   kind 1 COMMIT: CommitRequest (u8 version, i64 snapshotTs, read set, write set)
 *                  | i32 n | n x (string sequence, i64 value)
 *   kind 2 DDL:    string user | string statement text | i64 statementMillis | i64 entropySeed
 *   kind 3 BLOCK:  i32 n | n x (DDL as kind 2, without the kind)          the block's DDL, in order
 *                  | i32 m | m x (i64 blockTableId, string table name)   tables the block's DDL made
 *                  | CommitRequest | i32 k | k x (string sequence, i64 value)
 *   kind 4 FRAGMENT: i64 id | i32 seq | i32 count | bytes part              one piece of a larger record
 * </pre>
 * A record of an unknown format or kind is refused with {@link ByteReader.Malformed}: a node never
 * guesses at entries written by a newer build.
 */
public sealed interface SqlRecord {
    int FORMAT = 2;
    /** The first format: DDL entries without their statement time and entropy seed. */
    int FORMAT_UNPINNED_DDL = 1;
    int KIND_COMMIT = 1;
    int KIND_DDL = 2;
    int KIND_BLOCK = 3;
    int KIND_FRAGMENT = 4;
    /** Bytes a fragment adds around its part: format, kind, id, seq, count and the part's length. */
    int FRAGMENT_OVERHEAD_BYTES = 1 + 1 + 8 + 4 + 4 + 4;
    /** Bound on a whole record, fragments assembled (a transaction's write set is bounded below it). */
    int MAX_RECORD_BYTES = 1 << 30;
    /** Bound on the DDL statements of one transaction block. */
    int MAX_BLOCK_DDL = 10_000;
    /** Bound on the sequences one commit record carries. */
    int MAX_SEQUENCES = 100_000;
    /** Bound on a DDL statement's text, in bytes. */
    int MAX_DDL_BYTES = 1 << 20;

    /**
     * A transaction's commit, validated when applied. {@code sequences}: the sequence values handed out
     * so far that the log has not yet recorded, so a restarted node never hands out a value a committed
     * row may hold (sequences are not transactional; the values of rolled-back work may come again).
     */
    record Commit(CommitRequest txn, NavigableMap<String, Long> sequences) implements SqlRecord {
        public Commit {
            Objects.requireNonNull(txn, "txn");
            sequences = Collections.unmodifiableNavigableMap(new TreeMap<>(sequences));
        }
    }

    /**
     * A DDL statement, executed again from its text when applied (and at every replay), as {@code user}.
     * New DDL statements are durable without a format change: whatever the session runs as DDL is logged
     * this way. {@code statementMillis} and {@code entropySeed} are what the statement read from the
     * proposing node's Clock and Entropy ports (now(), gen_random_uuid() in an ALTER TABLE ... ADD COLUMN
     * default): applying uses them, not the applier's clock, so the first apply, a replay after a restart
     * and every replica fill the same values. {@link #UNPINNED} (format-1 records) means the applier's clock.
     */
    record Ddl(String user, String sql, long statementMillis, long entropySeed) implements SqlRecord {
        public static final long UNPINNED = Long.MIN_VALUE;

        public Ddl {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(sql, "sql");
        }

        /** A statement applied on the applier's own clock and entropy (records of format 1, tests). */
        public Ddl(String user, String sql) {
            this(user, sql, UNPINNED, 0);
        }

        void encodeFields(ByteWriter w) {
            w.string(user).string(sql).i64(statementMillis).i64(entropySeed);
        }

        static Ddl decodeFields(ByteReader r, int format) {
            String user = r.string();
            String sql = r.string();
            if (user == null || sql == null) {
                throw new ByteReader.Malformed("null DDL statement");
            }
            return format == FORMAT_UNPINNED_DDL ? new Ddl(user, sql) : new Ddl(user, sql, r.i64(), r.i64());
        }
    }

    /**
     * A transaction block that ran DDL, applied as one unit: the DDL statements run again in order (as one
     * block: if any fails, none of them stays), then the commit is validated and its writes installed; if
     * the commit must abort, the DDL is undone too. {@code tables} names the tables the session's block
     * created under ids of its own (its sandbox), by the name they have when the block ends: applying maps
     * their reads and writes to the tables the applied DDL made under those names. Writes to a table id
     * the map does not name and the log does not know are not in the record (the session drops them).
     */
    record Block(java.util.List<Ddl> ddl, NavigableMap<Long, String> tables, CommitRequest txn,
                 NavigableMap<String, Long> sequences) implements SqlRecord {
        public Block {
            ddl = java.util.List.copyOf(ddl);
            if (ddl.isEmpty()) {
                throw new IllegalArgumentException("a block record carries at least one DDL statement");
            }
            tables = Collections.unmodifiableNavigableMap(new TreeMap<>(tables));
            Objects.requireNonNull(txn, "txn");
            sequences = Collections.unmodifiableNavigableMap(new TreeMap<>(sequences));
        }
    }

    /**
     * One piece of a record too large for one log entry. The pieces of a record are proposed together, so
     * they are consecutive in the log, {@code seq} 0 to {@code count - 1}; the engine buffers them and applies
     * the whole record when the last one is applied. Pieces that a leader change cut short are discarded by
     * the next entry that is not their successor.
     */
    record Fragment(long id, int seq, int count, byte[] part) implements SqlRecord {
        public Fragment {
            if (count < 2 || seq < 0 || seq >= count) {
                throw new IllegalArgumentException("fragment " + seq + " of " + count);
            }
            Objects.requireNonNull(part, "part");
        }

        public boolean last() {
            return seq == count - 1;
        }
    }

    /**
     * {@code record} as log entries of at most {@code maxEntryBytes}: itself if it fits, else fragments
     * {@code id}/0.. of it, in order.
     */
    static java.util.List<byte[]> entries(byte[] record, long id, int maxEntryBytes) {
        if (record.length <= maxEntryBytes) {
            return java.util.List.of(record);
        }
        int partBytes = maxEntryBytes - FRAGMENT_OVERHEAD_BYTES;
        if (partBytes < 1) {
            throw new IllegalArgumentException("entries of " + maxEntryBytes + " bytes cannot carry fragments");
        }
        if (record.length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("a record of " + record.length + " bytes exceeds " + MAX_RECORD_BYTES);
        }
        int count = (record.length + partBytes - 1) / partBytes;
        java.util.List<byte[]> out = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * partBytes;
            byte[] part = java.util.Arrays.copyOfRange(record, from, Math.min(record.length, from + partBytes));
            out.add(encode(new Fragment(id, i, count, part)));
        }
        return out;
    }

    static byte[] encode(SqlRecord r) {
        ByteWriter w = new ByteWriter(256);
        w.u8(FORMAT);
        switch (r) {
            case Commit c -> {
                w.u8(KIND_COMMIT);
                c.txn().encode(w);
                writeSequences(w, c.sequences());
            }
            case Ddl d -> d.encodeFields(w.u8(KIND_DDL));
            case Block b -> {
                w.u8(KIND_BLOCK).i32(b.ddl().size());
                for (Ddl d : b.ddl()) {
                    d.encodeFields(w);
                }
                w.i32(b.tables().size());
                for (Map.Entry<Long, String> e : b.tables().entrySet()) {
                    w.i64(e.getKey()).string(e.getValue());
                }
                b.txn().encode(w);
                writeSequences(w, b.sequences());
            }
            case Fragment f -> w.u8(KIND_FRAGMENT).i64(f.id()).i32(f.seq()).i32(f.count()).bytes(f.part());
        }
        return w.toByteArray();
    }

    static SqlRecord decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int format = r.u8();
        if (format != FORMAT && format != FORMAT_UNPINNED_DDL) {
            throw new ByteReader.Malformed("SQL log record format " + format + " (this build reads " + FORMAT + ")");
        }
        int kind = r.u8();
        SqlRecord out = switch (kind) {
            case KIND_COMMIT -> {
                CommitRequest txn = CommitRequest.decode(r);
                yield new Commit(txn, readSequences(r));
            }
            case KIND_DDL -> Ddl.decodeFields(r, format);
            case KIND_BLOCK -> {
                int n = r.count(MAX_BLOCK_DDL);
                if (n == 0) {
                    throw new ByteReader.Malformed("a block record without DDL");
                }
                java.util.List<Ddl> ddl = new java.util.ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    ddl.add(Ddl.decodeFields(r, format));
                }
                int m = r.count(MAX_BLOCK_DDL);
                TreeMap<Long, String> tables = new TreeMap<>();
                for (int i = 0; i < m; i++) {
                    long id = r.i64();
                    String name = r.string();
                    if (name == null) {
                        throw new ByteReader.Malformed("null table name in a block record");
                    }
                    tables.put(id, name);
                }
                CommitRequest txn = CommitRequest.decode(r);
                yield new Block(ddl, tables, txn, readSequences(r));
            }
            case KIND_FRAGMENT -> {
                long id = r.i64();
                int seq = r.i32();
                int count = r.i32();
                byte[] part = r.bytes();
                if (count < 2 || seq < 0 || seq >= count || part == null) {
                    throw new ByteReader.Malformed("fragment " + seq + " of " + count + (part == null ? " without bytes" : ""));
                }
                yield new Fragment(id, seq, count, part);
            }
            default -> throw new ByteReader.Malformed("unknown SQL log record kind " + kind);
        };
        r.expectEnd();
        return out;
    }

    private static void writeSequences(ByteWriter w, NavigableMap<String, Long> sequences) {
        w.i32(sequences.size());
        for (Map.Entry<String, Long> e : sequences.entrySet()) {
            w.string(e.getKey()).i64(e.getValue());
        }
    }

    private static NavigableMap<String, Long> readSequences(ByteReader r) {
        int n = r.count(MAX_SEQUENCES);
        TreeMap<String, Long> seqs = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            seqs.put(r.string(), r.i64());
        }
        return seqs;
    }
}
