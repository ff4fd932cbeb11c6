package io.shoaldb.kv;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.image.ImageReader;
import io.shoaldb.image.ImageWriter;
import io.shoaldb.raft.ConfChange;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binary forms of the KV store: the client protocol on the network, commands in the Raft log, and the
 * state-machine image in snapshots. Decoding is strict and bounded: anything malformed raises
 * {@link MalformedException} and is dropped by the node.
 *
 * <p>Every network payload a {@link KvNode} sends or receives starts with a channel byte:
 * {@link #CHANNEL_RAFT} (the rest is a {@link io.shoaldb.raft.RaftCodec} message),
 * {@link #CHANNEL_REQUEST} or {@link #CHANNEL_RESPONSE}.
 */
public final class KvCodec {

    public static final byte CHANNEL_RAFT = 1;
    public static final byte CHANNEL_REQUEST = 2;
    public static final byte CHANNEL_RESPONSE = 3;
    public static final byte VERSION = 1;

    /** Largest key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;
    /** Largest value. */
    public static final int MAX_VALUE_BYTES = 1 << 20;
    /** Largest reason text in a response. */
    public static final int MAX_TEXT_BYTES = 1024;

    private static final byte OP_GET = 1;
    private static final byte OP_PUT = 2;
    private static final byte OP_CAS = 3;
    private static final byte OP_ADD_VOTER = 4;
    private static final byte OP_ADD_LEARNER = 5;
    private static final byte OP_REMOVE = 6;
    private static final byte OP_TRANSFER = 7;

    private static final byte R_WRITTEN = 1;
    private static final byte R_VALUE = 2;
    private static final byte R_CAS = 3;
    private static final byte R_SUPERSEDED = 4;
    private static final byte R_DONE = 5;

    private KvCodec() {
    }

    /** Bytes that are not a well-formed message, command or image. */
    public static final class MalformedException extends Exception {
        public MalformedException(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------- client protocol

    /** Messages between clients and nodes. */
    public sealed interface ClientMessage {
        long clientId();

        long seq();
    }

    /** A key-value request. {@code seq} numbers a client's writes; a retry reuses the number. */
    public record KvRequest(long clientId, long seq, KvOp op) implements ClientMessage {
    }

    /** Administration of the group: membership change or leader transfer, answered once proposed/started. */
    public record AdminRequest(long clientId, long seq, AdminOp op) implements ClientMessage {
    }

    public sealed interface AdminOp {
        record Change(ConfChange change) implements AdminOp {
        }

        record TransferLeader(int target) implements AdminOp {
        }
    }

    public enum Status {
        /** Done; {@code result} says how. */
        OK,
        /** This node does not lead; try {@code leaderHint} (or any node if it is -1). */
        NOT_LEADER,
        /** The group cannot serve now (no leader yet, overloaded, transfer); retry later. Nothing was applied. */
        UNAVAILABLE,
        /** Leadership changed before the outcome was known; retry with the same seq, which applies at most once. */
        UNKNOWN,
        /** The request is invalid (too large, malformed key); do not retry. */
        BAD_REQUEST
    }

    /** A node's answer. {@code result} is set for OK only; {@code detail} explains other statuses. */
    public record KvResponse(long clientId, long seq, Status status, KvResult result, int leaderHint, String detail)
            implements ClientMessage {
        public KvResponse {
            if ((status == Status.OK) != (result != null)) {
                throw new IllegalArgumentException("a result comes with OK and only with OK");
            }
            if (detail == null) {
                detail = "";
            }
        }

        public static KvResponse ok(long clientId, long seq, KvResult result) {
            return new KvResponse(clientId, seq, Status.OK, result, -1, "");
        }
    }

    public static byte[] encodeClient(ClientMessage m) {
        ByteBuffer b = ByteBuffer.allocate(clientSize(m));
        b.put(m instanceof KvResponse ? CHANNEL_RESPONSE : CHANNEL_REQUEST);
        b.put(VERSION);
        b.putLong(m.clientId());
        b.putLong(m.seq());
        switch (m) {
            case KvRequest r -> putOp(b, r.op());
            case AdminRequest a -> {
                switch (a.op()) {
                    case AdminOp.Change c -> {
                        b.put(switch (c.change().kind()) {
                            case ADD_VOTER -> OP_ADD_VOTER;
                            case ADD_LEARNER -> OP_ADD_LEARNER;
                            case REMOVE -> OP_REMOVE;
                        });
                        b.putInt(c.change().nodeId());
                    }
                    case AdminOp.TransferLeader t -> {
                        b.put(OP_TRANSFER);
                        b.putInt(t.target());
                    }
                }
            }
            case KvResponse r -> {
                b.put((byte) r.status().ordinal());
                b.putInt(r.leaderHint());
                putText(b, r.detail());
                if (r.result() != null) {
                    putResult(b, r.result());
                }
            }
        }
        if (b.hasRemaining()) {
            throw new IllegalStateException("size accounting error");
        }
        return b.array();
    }

    private static int clientSize(ClientMessage m) {
        int head = 2 + 16;
        return head + switch (m) {
            case KvRequest r -> opSize(r.op());
            case AdminRequest a -> 5;
            case KvResponse r -> 1 + 4 + 2 + utf8(r.detail()).length + (r.result() == null ? 0 : resultSize(r.result()));
        };
    }

    private static int opSize(KvOp op) {
        int k = 1 + 2 + utf8(op.key()).length;
        return switch (op) {
            case KvOp.Get g -> k;
            case KvOp.Put p -> k + 4 + p.value().length;
            case KvOp.Cas c -> k + 1 + (c.expected() == null ? 0 : 4 + c.expected().length) + 4 + c.value().length;
        };
    }

    private static void putOp(ByteBuffer b, KvOp op) {
        switch (op) {
            case KvOp.Get g -> {
                b.put(OP_GET);
                putKey(b, g.key());
            }
            case KvOp.Put p -> {
                b.put(OP_PUT);
                putKey(b, p.key());
                putBytes(b, p.value());
            }
            case KvOp.Cas c -> {
                b.put(OP_CAS);
                putKey(b, c.key());
                putOptional(b, c.expected());
                putBytes(b, c.value());
            }
        }
    }

    private static int resultSize(KvResult r) {
        return 1 + switch (r) {
            case KvResult.Written w -> 0;
            case KvResult.Value v -> optionalSize(v.value());
            case KvResult.CasOutcome c -> 1 + optionalSize(c.found());
            case KvResult.Superseded s -> 8;
        };
    }

    private static void putResult(ByteBuffer b, KvResult r) {
        switch (r) {
            case KvResult.Written w -> b.put(R_WRITTEN);
            case KvResult.Value v -> {
                b.put(R_VALUE);
                putOptional(b, v.value());
            }
            case KvResult.CasOutcome c -> {
                b.put(R_CAS);
                b.put((byte) (c.swapped() ? 1 : 0));
                putOptional(b, c.found());
            }
            case KvResult.Superseded s -> {
                b.put(R_SUPERSEDED);
                b.putLong(s.latestSeq());
            }
        }
    }

    /** Admin requests answer with this result. */
    public static final KvResult DONE = new KvResult.Written();

    /** Decodes a request or response; the channel byte must be {@link #CHANNEL_REQUEST} or {@link #CHANNEL_RESPONSE}. */
    public static ClientMessage decodeClient(byte[] bytes) throws MalformedException {
        if (bytes.length > 4 * MAX_VALUE_BYTES) {
            throw new MalformedException("oversized client message: " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            byte channel = b.get();
            if (b.get() != VERSION) {
                throw new MalformedException("unknown client protocol version");
            }
            long clientId = b.getLong();
            long seq = b.getLong();
            ClientMessage m;
            if (channel == CHANNEL_REQUEST) {
                if (seq < 0) {
                    throw new MalformedException("negative seq");
                }
                byte op = b.get();
                m = switch (op) {
                    case OP_GET -> new KvRequest(clientId, seq, new KvOp.Get(getKey(b)));
                    case OP_PUT -> new KvRequest(clientId, seq, new KvOp.Put(getKey(b), getBytes(b)));
                    case OP_CAS -> {
                        String key = getKey(b);
                        byte[] expected = getOptional(b);
                        yield new KvRequest(clientId, seq, new KvOp.Cas(key, expected, getBytes(b)));
                    }
                    case OP_ADD_VOTER, OP_ADD_LEARNER, OP_REMOVE -> {
                        int node = b.getInt();
                        if (node < 0) {
                            throw new MalformedException("negative node id");
                        }
                        ConfChange.Kind kind = op == OP_ADD_VOTER ? ConfChange.Kind.ADD_VOTER
                                : op == OP_ADD_LEARNER ? ConfChange.Kind.ADD_LEARNER : ConfChange.Kind.REMOVE;
                        yield new AdminRequest(clientId, seq, new AdminOp.Change(new ConfChange(kind, node)));
                    }
                    case OP_TRANSFER -> {
                        int node = b.getInt();
                        if (node < 0) {
                            throw new MalformedException("negative node id");
                        }
                        yield new AdminRequest(clientId, seq, new AdminOp.TransferLeader(node));
                    }
                    default -> throw new MalformedException("unknown operation " + op);
                };
            } else if (channel == CHANNEL_RESPONSE) {
                int st = b.get();
                if (st < 0 || st >= Status.values().length) {
                    throw new MalformedException("unknown status " + st);
                }
                Status status = Status.values()[st];
                int hint = b.getInt();
                String detail = getText(b);
                KvResult result = status == Status.OK ? getResult(b) : null;
                m = new KvResponse(clientId, seq, status, result, hint, detail);
            } else {
                throw new MalformedException("not a client message: channel " + channel);
            }
            if (b.hasRemaining()) {
                throw new MalformedException(b.remaining() + " trailing bytes");
            }
            return m;
        } catch (BufferUnderflowException e) {
            throw new MalformedException("truncated client message");
        } catch (IllegalArgumentException e) {
            throw new MalformedException("invalid client message: " + e.getMessage());
        }
    }

    private static KvResult getResult(ByteBuffer b) throws MalformedException {
        byte t = b.get();
        return switch (t) {
            case R_WRITTEN -> new KvResult.Written();
            case R_VALUE -> new KvResult.Value(getOptional(b));
            case R_CAS -> {
                byte s = b.get();
                if (s != 0 && s != 1) {
                    throw new MalformedException("bad cas flag");
                }
                yield new KvResult.CasOutcome(s == 1, getOptional(b));
            }
            case R_SUPERSEDED -> new KvResult.Superseded(b.getLong());
            default -> throw new MalformedException("unknown result type " + t);
        };
    }

    // ---------------------------------------------------------------- log commands

    public static byte[] encodeCommand(KvCommand c) {
        ByteBuffer b = ByteBuffer.allocate(1 + 16 + opSize(c.op()));
        b.put(VERSION);
        b.putLong(c.clientId());
        b.putLong(c.seq());
        putOp(b, c.op());
        return b.array();
    }

    /** Decodes a command from a committed log entry; entries are checksummed, so failure means corruption. */
    public static KvCommand decodeCommand(byte[] data) throws MalformedException {
        ByteBuffer b = ByteBuffer.wrap(data);
        try {
            if (b.get() != VERSION) {
                throw new MalformedException("unknown command version");
            }
            long clientId = b.getLong();
            long seq = b.getLong();
            byte op = b.get();
            KvOp kvOp = switch (op) {
                case OP_PUT -> new KvOp.Put(getKey(b), getBytes(b));
                case OP_CAS -> {
                    String key = getKey(b);
                    byte[] expected = getOptional(b);
                    yield new KvOp.Cas(key, expected, getBytes(b));
                }
                default -> throw new MalformedException("not a logged operation: " + op);
            };
            if (b.hasRemaining()) {
                throw new MalformedException("trailing bytes in command");
            }
            return new KvCommand(clientId, seq, kvOp);
        } catch (BufferUnderflowException e) {
            throw new MalformedException("truncated command");
        } catch (IllegalArgumentException e) {
            throw new MalformedException("invalid command: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- state-machine image

    /** Streams the image into {@code out}, one key or session at a time (the image may exceed one array). */
    static void encodeImage(long appliedIndex, TreeMap<String, byte[]> data, TreeMap<Long, KvStateMachine.Session> sessions,
                            ImageWriter out) {
        out.u8(VERSION).i64(appliedIndex).i32(data.size());
        for (Map.Entry<String, byte[]> e : data.entrySet()) {
            ByteBuffer b = ByteBuffer.allocate(2 + utf8(e.getKey()).length + 4 + e.getValue().length);
            putKey(b, e.getKey());
            putBytes(b, e.getValue());
            out.write(b.array());
        }
        out.i32(sessions.size());
        for (Map.Entry<Long, KvStateMachine.Session> e : sessions.entrySet()) {
            ByteBuffer b = ByteBuffer.allocate(24 + resultSize(e.getValue().result()));
            b.putLong(e.getKey());
            b.putLong(e.getValue().lastSeq());
            b.putLong(e.getValue().lastIndex());
            putResult(b, e.getValue().result());
            out.write(b.array());
        }
    }

    static KvStateMachine decodeImage(ImageBytes image) {
        ImageReader r = image.reader();
        try {
            if ((byte) r.u8() != VERSION) {
                throw new MalformedException("unknown image version");
            }
            long applied = r.i64();
            int n = r.i32();
            if (n < 0 || n > r.remaining() / 6) {
                throw new MalformedException("bad key count " + n);
            }
            TreeMap<String, byte[]> data = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                int keyLength = (r.u8() << 8) | r.u8();
                if (keyLength > MAX_KEY_BYTES) {
                    throw new MalformedException("bad key length " + keyLength);
                }
                ByteBuffer key = ByteBuffer.allocate(2 + keyLength).putShort((short) keyLength);
                r.readFully(key.array(), 2, keyLength);
                int valueLength = r.i32();
                if (valueLength < 0 || valueLength > MAX_VALUE_BYTES) {
                    throw new MalformedException("bad value length " + valueLength);
                }
                data.put(getKey(key.rewind()), r.bytes(valueLength));
            }
            // the sessions are few (MAX_SESSIONS) and small: decode them from one array
            long rest = r.remaining();
            if (rest > ImageBytes.MAX_ARRAY_BYTES) {
                throw new MalformedException("sessions section of " + rest + " bytes");
            }
            ByteBuffer b = ByteBuffer.wrap(r.bytes((int) rest));
            int s = b.getInt();
            if (s < 0 || s > KvStateMachine.MAX_SESSIONS) {
                throw new MalformedException("bad session count " + s);
            }
            TreeMap<Long, KvStateMachine.Session> sessions = new TreeMap<>();
            for (int i = 0; i < s; i++) {
                long client = b.getLong();
                sessions.put(client, new KvStateMachine.Session(b.getLong(), b.getLong(), getResult(b)));
            }
            if (b.hasRemaining()) {
                throw new MalformedException("trailing bytes in image");
            }
            return new KvStateMachine(data, sessions, applied);
        } catch (MalformedException | BufferUnderflowException e) {
            throw new IllegalStateException("corrupt state-machine image: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- primitives

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void putKey(ByteBuffer b, String key) {
        byte[] k = utf8(key);
        if (k.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key longer than " + MAX_KEY_BYTES + " bytes");
        }
        b.putShort((short) k.length);
        b.put(k);
    }

    private static void putText(ByteBuffer b, String text) {
        byte[] t = utf8(text);
        b.putShort((short) t.length);
        b.put(t);
    }

    private static void putBytes(ByteBuffer b, byte[] v) {
        b.putInt(v.length);
        b.put(v);
    }

    private static int optionalSize(byte[] v) {
        return 1 + (v == null ? 0 : 4 + v.length);
    }

    private static void putOptional(ByteBuffer b, byte[] v) {
        if (v == null) {
            b.put((byte) 0);
        } else {
            b.put((byte) 1);
            putBytes(b, v);
        }
    }

    private static String getKey(ByteBuffer b) throws MalformedException {
        int len = Short.toUnsignedInt(b.getShort());
        if (len > MAX_KEY_BYTES || len > b.remaining()) {
            throw new MalformedException("bad key length " + len);
        }
        return decodeUtf8(b, len);
    }

    private static String getText(ByteBuffer b) throws MalformedException {
        int len = Short.toUnsignedInt(b.getShort());
        if (len > MAX_TEXT_BYTES || len > b.remaining()) {
            throw new MalformedException("bad text length " + len);
        }
        return decodeUtf8(b, len);
    }

    private static String decodeUtf8(ByteBuffer b, int len) throws MalformedException {
        if (b.hasArray() && isAscii(b.array(), b.arrayOffset() + b.position(), len)) {
            // Keys are nearly always ASCII, valid UTF-8 as they are: no decoder and buffers per key.
            String ascii = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.US_ASCII);
            b.position(b.position() + len);
            return ascii;
        }
        ByteBuffer slice = b.slice(b.position(), len);
        b.position(b.position() + len);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedException("invalid UTF-8");
        }
    }

    private static boolean isAscii(byte[] a, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (a[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] getBytes(ByteBuffer b) throws MalformedException {
        int len = b.getInt();
        if (len < 0 || len > MAX_VALUE_BYTES || len > b.remaining()) {
            throw new MalformedException("bad value length " + len);
        }
        byte[] v = new byte[len];
        b.get(v);
        return v;
    }

    private static byte[] getOptional(ByteBuffer b) throws MalformedException {
        byte flag = b.get();
        if (flag == 0) {
            return null;
        }
        if (flag != 1) {
            throw new MalformedException("bad optional flag " + flag);
        }
        return getBytes(b);
    }
}
