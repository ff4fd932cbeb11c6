package io.shoaldb.sql.node;

import io.shoaldb.txn.ByteReader;
import io.shoaldb.txn.ByteWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The node-to-node message channels of a {@link SqlNode} and the small SQL protocol its network clients
 * speak (the simulator's clients; pgwire clients go through {@code net/} instead). One request at a time
 * per session, numbered from 1; a retransmitted request gets the same response again. Layout (big-endian):
 * <pre>
 *   request:  u8 CHANNEL_REQUEST | u8 kind (1 open, 2 execute, 3 close) | i64 session | i64 seq
 *             execute: string sql | i32 n | n x (u8 null | string parameter $i as text)
 *   response: u8 CHANNEL_RESPONSE | i64 session | i64 seq | u8 ok
 *             ok:    string tag | i32 columns | i32 rows | rows x columns x (u8 null | string text)
 *             error: string sqlstate | string message
 * </pre>
 */
public final class SqlWire {
    public static final byte CHANNEL_RAFT = 1;
    public static final byte CHANNEL_REQUEST = 2;
    public static final byte CHANNEL_RESPONSE = 3;

    public static final int OPEN = 1;
    public static final int EXECUTE = 2;
    public static final int CLOSE = 3;

    /** Bound on the rows one response carries; larger results are refused with 54000. */
    public static final int MAX_ROWS = 10_000;

    private SqlWire() {
    }

    /** Bound on the parameters of one statement. */
    public static final int MAX_PARAMETERS = 65_535;

    /** {@code sql} and {@code params} (PostgreSQL text values, null for NULL) only for {@link #EXECUTE}. */
    public record Request(int kind, long session, long seq, String sql, List<String> params) {
        public Request {
            params = params == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(params));
        }

        public Request(int kind, long session, long seq, String sql) {
            this(kind, session, seq, sql, List.of());
        }
    }

    /** A response: {@code sqlState} null on success; rows hold PostgreSQL text values (null for NULL). */
    public record Response(long session, long seq, String sqlState, String message, String tag, int columns,
                           List<String[]> rows) {
        public boolean ok() {
            return sqlState == null;
        }

        static Response error(long session, long seq, String sqlState, String message) {
            return new Response(session, seq, sqlState, message, null, 0, List.of());
        }
    }

    public static byte[] encode(Request r) {
        ByteWriter w = new ByteWriter(32 + (r.sql() == null ? 0 : r.sql().length() * 3));
        w.u8(CHANNEL_REQUEST).u8(r.kind()).i64(r.session()).i64(r.seq());
        if (r.kind() == EXECUTE) {
            w.string(r.sql()).i32(r.params().size());
            for (String p : r.params()) {
                w.bool(p == null);
                if (p != null) {
                    w.string(p);
                }
            }
        }
        return w.toByteArray();
    }

    public static Request decodeRequest(byte[] b) {
        ByteReader r = new ByteReader(b);
        if (r.u8() != CHANNEL_REQUEST) {
            throw new ByteReader.Malformed("not a request");
        }
        int kind = r.u8();
        if (kind < OPEN || kind > CLOSE) {
            throw new ByteReader.Malformed("unknown request kind " + kind);
        }
        long session = r.i64();
        long seq = r.i64();
        String sql = null;
        List<String> params = new ArrayList<>();
        if (kind == EXECUTE) {
            sql = r.string();
            int n = r.count(MAX_PARAMETERS);
            for (int i = 0; i < n; i++) {
                params.add(r.bool() ? null : r.string());
            }
        }
        r.expectEnd();
        return new Request(kind, session, seq, sql, params);
    }

    public static byte[] encode(Response r) {
        ByteWriter w = new ByteWriter(64);
        w.u8(CHANNEL_RESPONSE).i64(r.session()).i64(r.seq()).bool(r.ok());
        if (r.ok()) {
            w.string(r.tag()).i32(r.columns()).i32(r.rows().size());
            for (String[] row : r.rows()) {
                for (String v : row) {
                    w.bool(v == null);
                    if (v != null) {
                        w.string(v);
                    }
                }
            }
        } else {
            w.string(r.sqlState()).string(r.message());
        }
        return w.toByteArray();
    }

    public static Response decodeResponse(byte[] b) {
        ByteReader r = new ByteReader(b);
        if (r.u8() != CHANNEL_RESPONSE) {
            throw new ByteReader.Malformed("not a response");
        }
        long session = r.i64();
        long seq = r.i64();
        if (!r.bool()) {
            Response e = Response.error(session, seq, r.string(), r.string());
            r.expectEnd();
            return e;
        }
        String tag = r.string();
        int columns = r.count(10_000);
        int n = r.count(MAX_ROWS);
        List<String[]> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String[] row = new String[columns];
            for (int c = 0; c < columns; c++) {
                row[c] = r.bool() ? null : r.string();
            }
            rows.add(row);
        }
        r.expectEnd();
        return new Response(session, seq, null, null, tag, columns, rows);
    }
}
