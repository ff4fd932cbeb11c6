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
 *   u8 format (1) | u8 kind
 *   kind 1 COMMIT: CommitRequest (u8 version, i64 snapshotTs, read set, write set)
 *                  | i32 n | n x (string sequence, i64 value)
 *   kind 2 DDL:    string user | string statement text
 * </pre>
 * A record of an unknown format or kind is refused with {@link ByteReader.Malformed}: a node never
 * guesses at entries written by a newer build.
 */
public sealed interface SqlRecord {
    int FORMAT = 1;
    int KIND_COMMIT = 1;
    int KIND_DDL = 2;
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
     * this way.
     */
    record Ddl(String user, String sql) implements SqlRecord {
        public Ddl {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(sql, "sql");
        }
    }

    static byte[] encode(SqlRecord r) {
        ByteWriter w = new ByteWriter(256);
        w.u8(FORMAT);
        switch (r) {
            case Commit c -> {
                w.u8(KIND_COMMIT);
                c.txn().encode(w);
                w.i32(c.sequences().size());
                for (Map.Entry<String, Long> e : c.sequences().entrySet()) {
                    w.string(e.getKey()).i64(e.getValue());
                }
            }
            case Ddl d -> w.u8(KIND_DDL).string(d.user()).string(d.sql());
        }
        return w.toByteArray();
    }

    static SqlRecord decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int format = r.u8();
        if (format != FORMAT) {
            throw new ByteReader.Malformed("SQL log record format " + format + " (this build reads " + FORMAT + ")");
        }
        int kind = r.u8();
        SqlRecord out = switch (kind) {
            case KIND_COMMIT -> {
                CommitRequest txn = CommitRequest.decode(r);
                int n = r.count(MAX_SEQUENCES);
                TreeMap<String, Long> seqs = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    seqs.put(r.string(), r.i64());
                }
                yield new Commit(txn, seqs);
            }
            case KIND_DDL -> new Ddl(r.string(), r.string());
            default -> throw new ByteReader.Malformed("unknown SQL log record kind " + kind);
        };
        r.expectEnd();
        return out;
    }
}
