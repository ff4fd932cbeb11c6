package io.shoaldb.raft;

import io.shoaldb.raft.Message.AppendRequest;
import io.shoaldb.raft.Message.AppendResponse;
import io.shoaldb.raft.Message.Heartbeat;
import io.shoaldb.raft.Message.HeartbeatResponse;
import io.shoaldb.raft.Message.SnapshotChunk;
import io.shoaldb.raft.Message.SnapshotResponse;
import io.shoaldb.raft.Message.TimeoutNow;
import io.shoaldb.raft.Message.VoteRequest;
import io.shoaldb.raft.Message.VoteResponse;
import io.shoaldb.runtime.Network;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The binary form of Raft messages, entries and configurations. Decoding is strict: every length is
 * bounded before anything is allocated, every field is range-checked, and trailing bytes are an error,
 * so a corrupt, truncated or oversized message is rejected with {@link MalformedMessageException}.
 *
 * <p>Layout (big-endian): version byte, type byte, from int, to int, term long, then the type's fields.
 */
public final class RaftCodec {

    public static final byte VERSION = 1;
    /** Bytes a host may put in front of an encoded message (a channel tag) within the network bound. */
    public static final int ENVELOPE_RESERVE_BYTES = 64;
    /** Largest single entry payload. */
    public static final int MAX_ENTRY_BYTES = 4 << 20;
    /** Largest sum of entry payloads in one append. */
    public static final long MAX_APPEND_BYTES = 8 << 20;
    /** Most entries in one append. */
    public static final int MAX_ENTRIES_PER_APPEND = 65_536;
    /** Largest snapshot chunk. */
    public static final int MAX_CHUNK_BYTES = 4 << 20;
    /** Largest snapshot, in total: images are chunked, so this only rejects nonsense offsets. */
    public static final long MAX_SNAPSHOT_BYTES = 1L << 40;

    private static final byte VOTE_REQUEST = 1;
    private static final byte VOTE_RESPONSE = 2;
    private static final byte APPEND_REQUEST = 3;
    private static final byte APPEND_RESPONSE = 4;
    private static final byte HEARTBEAT = 5;
    private static final byte HEARTBEAT_RESPONSE = 6;
    private static final byte SNAPSHOT_CHUNK = 7;
    private static final byte SNAPSHOT_RESPONSE = 8;
    private static final byte TIMEOUT_NOW = 9;

    private RaftCodec() {
    }

    /** Thrown for bytes that are not a well-formed message. */
    public static final class MalformedMessageException extends Exception {
        public MalformedMessageException(String message) {
            super(message);
        }
    }

    // ---------------------------------------------------------------- encode

    public static byte[] encode(Message m) {
        return encode(m, 0, (byte) 0);
    }

    /**
     * The encoding of {@code m} after one byte, {@code channel}: a host that multiplexes Raft with other
     * traffic on one connection sends this array as it is, without copying the message behind its tag.
     */
    public static byte[] encodeOnChannel(byte channel, Message m) {
        return encode(m, 1, channel);
    }

    private static byte[] encode(Message m, int prefixBytes, byte prefix) {
        int size = 1 + 1 + 4 + 4 + 8 + bodySize(m);
        if (size > Network.MAX_MESSAGE_BYTES - ENVELOPE_RESERVE_BYTES) {
            throw new IllegalArgumentException("message of " + size + " bytes exceeds the network bound");
        }
        ByteBuffer b = ByteBuffer.allocate(prefixBytes + size);
        if (prefixBytes == 1) {
            b.put(prefix);
        }
        b.put(VERSION);
        b.put(typeOf(m));
        b.putInt(m.from());
        b.putInt(m.to());
        b.putLong(m.term());
        switch (m) {
            case VoteRequest v -> {
                b.put(flags(v.preVote(), v.transfer()));
                b.putLong(v.lastIndex());
                b.putLong(v.lastTerm());
            }
            case VoteResponse v -> b.put(flags(v.preVote(), v.granted()));
            case AppendRequest a -> {
                b.putLong(a.prevIndex());
                b.putLong(a.prevTerm());
                b.putLong(a.commit());
                b.putInt(a.entries().size());
                for (Entry e : a.entries()) {
                    putEntry(b, e);
                }
            }
            case AppendResponse a -> {
                b.put(flags(a.success(), false));
                b.putLong(a.index());
                b.putLong(a.hintIndex());
            }
            case Heartbeat h -> {
                b.putLong(h.commit());
                b.putLong(h.seq());
            }
            case HeartbeatResponse h -> b.putLong(h.seq());
            case SnapshotChunk c -> {
                b.putLong(c.snapshotIndex());
                b.putLong(c.snapshotTerm());
                putConfig(b, c.config());
                b.putLong(c.offset());
                b.putLong(c.totalBytes());
                b.put(flags(c.last(), false));
                b.putInt(c.data().length);
                b.put(c.data());
            }
            case SnapshotResponse s -> {
                b.putLong(s.snapshotIndex());
                b.putLong(s.nextOffset());
                b.put(flags(s.done(), false));
            }
            case TimeoutNow t -> {
                // no body
            }
        }
        if (b.hasRemaining()) {
            throw new IllegalStateException("size accounting error for " + m.getClass().getSimpleName());
        }
        return b.array();
    }

    private static int bodySize(Message m) {
        return switch (m) {
            case VoteRequest v -> 17;
            case VoteResponse v -> 1;
            case AppendRequest a -> {
                long s = 28;
                for (Entry e : a.entries()) {
                    s += 21 + e.data().length;
                }
                yield (int) Math.min(s, Integer.MAX_VALUE);
            }
            case AppendResponse a -> 17;
            case Heartbeat h -> 16;
            case HeartbeatResponse h -> 8;
            case SnapshotChunk c -> 16 + configSize(c.config()) + 17 + 4 + c.data().length;
            case SnapshotResponse s -> 17;
            case TimeoutNow t -> 0;
        };
    }

    private static byte typeOf(Message m) {
        return switch (m) {
            case VoteRequest v -> VOTE_REQUEST;
            case VoteResponse v -> VOTE_RESPONSE;
            case AppendRequest a -> APPEND_REQUEST;
            case AppendResponse a -> APPEND_RESPONSE;
            case Heartbeat h -> HEARTBEAT;
            case HeartbeatResponse h -> HEARTBEAT_RESPONSE;
            case SnapshotChunk c -> SNAPSHOT_CHUNK;
            case SnapshotResponse s -> SNAPSHOT_RESPONSE;
            case TimeoutNow t -> TIMEOUT_NOW;
        };
    }

    private static byte flags(boolean a, boolean b) {
        return (byte) ((a ? 1 : 0) | (b ? 2 : 0));
    }

    private static void putEntry(ByteBuffer b, Entry e) {
        b.putLong(e.term());
        b.putLong(e.index());
        b.put((byte) e.type().ordinal());
        b.putInt(e.data().length);
        b.put(e.data());
    }

    private static int configSize(ClusterConfig c) {
        return 8 + 4 * (c.voters().size() + c.learners().size());
    }

    private static void putConfig(ByteBuffer b, ClusterConfig c) {
        b.putInt(c.voters().size());
        for (int v : c.voters()) {
            b.putInt(v);
        }
        b.putInt(c.learners().size());
        for (int l : c.learners()) {
            b.putInt(l);
        }
    }

    /** The data of a CONFIG entry. */
    public static byte[] encodeConfig(ClusterConfig c) {
        ByteBuffer b = ByteBuffer.allocate(configSize(c));
        putConfig(b, c);
        return b.array();
    }

    /** Reads a CONFIG entry written by this node or a peer; stored entries are checksummed, so failure is corruption. */
    public static ClusterConfig decodeConfigEntry(Entry e) {
        if (e.type() != EntryType.CONFIG) {
            throw new IllegalArgumentException("not a config entry: " + e);
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(e.data());
            ClusterConfig c = getConfig(b);
            expectEnd(b);
            return c;
        } catch (MalformedMessageException | BufferUnderflowException ex) {
            throw new IllegalStateException("corrupt config entry " + e + ": " + ex.getMessage(), ex);
        }
    }

    // ---------------------------------------------------------------- decode

    public static Message decode(byte[] bytes) throws MalformedMessageException {
        if (bytes == null || bytes.length < 18) {
            throw new MalformedMessageException("truncated message header");
        }
        if (bytes.length > Network.MAX_MESSAGE_BYTES) {
            throw new MalformedMessageException("oversized message: " + bytes.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            byte version = b.get();
            if (version != VERSION) {
                throw new MalformedMessageException("unknown message version " + version);
            }
            byte type = b.get();
            int from = nodeId(b.getInt(), "from");
            int to = nodeId(b.getInt(), "to");
            long term = nonNegative(b.getLong(), "term");
            Message m = switch (type) {
                case VOTE_REQUEST -> {
                    byte f = flagsByte(b);
                    yield new VoteRequest(from, to, term, (f & 1) != 0, nonNegative(b.getLong(), "lastIndex"),
                            nonNegative(b.getLong(), "lastTerm"), (f & 2) != 0);
                }
                case VOTE_RESPONSE -> {
                    byte f = flagsByte(b);
                    yield new VoteResponse(from, to, term, (f & 1) != 0, (f & 2) != 0);
                }
                case APPEND_REQUEST -> decodeAppend(b, from, to, term);
                case APPEND_RESPONSE -> {
                    byte f = flagsByte(b);
                    if ((f & 2) != 0) {
                        throw new MalformedMessageException("bad append response flags " + f);
                    }
                    yield new AppendResponse(from, to, term, (f & 1) != 0, nonNegative(b.getLong(), "index"),
                            nonNegative(b.getLong(), "hintIndex"));
                }
                case HEARTBEAT -> new Heartbeat(from, to, term, nonNegative(b.getLong(), "commit"),
                        nonNegative(b.getLong(), "seq"));
                case HEARTBEAT_RESPONSE -> new HeartbeatResponse(from, to, term, nonNegative(b.getLong(), "seq"));
                case SNAPSHOT_CHUNK -> decodeChunk(b, from, to, term);
                case SNAPSHOT_RESPONSE -> {
                    long idx = positive(b.getLong(), "snapshotIndex");
                    long next = nonNegative(b.getLong(), "nextOffset");
                    if (next > MAX_SNAPSHOT_BYTES) {
                        throw new MalformedMessageException("snapshot offset out of range: " + next);
                    }
                    byte f = flagsByte(b);
                    if ((f & 2) != 0) {
                        throw new MalformedMessageException("bad snapshot response flags " + f);
                    }
                    yield new SnapshotResponse(from, to, term, idx, next, (f & 1) != 0);
                }
                case TIMEOUT_NOW -> new TimeoutNow(from, to, term);
                default -> throw new MalformedMessageException("unknown message type " + type);
            };
            expectEnd(b);
            return m;
        } catch (BufferUnderflowException e) {
            throw new MalformedMessageException("truncated message");
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("invalid message: " + e.getMessage());
        }
    }

    private static AppendRequest decodeAppend(ByteBuffer b, int from, int to, long term)
            throws MalformedMessageException {
        long prevIndex = nonNegative(b.getLong(), "prevIndex");
        long prevTerm = nonNegative(b.getLong(), "prevTerm");
        long commit = nonNegative(b.getLong(), "commit");
        int count = b.getInt();
        if (count < 0 || count > MAX_ENTRIES_PER_APPEND || count > b.remaining() / 21) {
            throw new MalformedMessageException("bad entry count " + count);
        }
        if (prevTerm > term) {
            throw new MalformedMessageException("prevTerm " + prevTerm + " above message term " + term);
        }
        List<Entry> entries = new ArrayList<>(count);
        long lastTerm = prevTerm;
        long totalBytes = 0;
        for (int i = 0; i < count; i++) {
            long eTerm = b.getLong();
            long eIndex = b.getLong();
            int typeOrdinal = b.get();
            int len = b.getInt();
            if (eIndex != prevIndex + 1 + i) {
                throw new MalformedMessageException("entries not contiguous at " + eIndex);
            }
            if (eTerm < lastTerm || eTerm > term || eTerm < 1) {
                throw new MalformedMessageException("entry term " + eTerm + " out of order at " + eIndex);
            }
            if (typeOrdinal < 0 || typeOrdinal >= EntryType.values().length) {
                throw new MalformedMessageException("unknown entry type " + typeOrdinal);
            }
            if (len < 0 || len > MAX_ENTRY_BYTES || len > b.remaining()) {
                throw new MalformedMessageException("bad entry length " + len);
            }
            totalBytes += len;
            if (totalBytes > MAX_APPEND_BYTES) {
                throw new MalformedMessageException("append payload too large");
            }
            byte[] data = new byte[len];
            b.get(data);
            Entry e = new Entry(eTerm, eIndex, EntryType.values()[typeOrdinal], data);
            if (e.type() == EntryType.CONFIG) {
                ByteBuffer cb = ByteBuffer.wrap(data);
                getConfig(cb);
                expectEnd(cb);
            }
            entries.add(e);
            lastTerm = eTerm;
        }
        return new AppendRequest(from, to, term, prevIndex, prevTerm, entries, commit);
    }

    private static SnapshotChunk decodeChunk(ByteBuffer b, int from, int to, long term) throws MalformedMessageException {
        long idx = positive(b.getLong(), "snapshotIndex");
        long sTerm = positive(b.getLong(), "snapshotTerm");
        if (sTerm > term) {
            throw new MalformedMessageException("snapshot term above message term");
        }
        ClusterConfig config = getConfig(b);
        long offset = nonNegative(b.getLong(), "offset");
        long total = nonNegative(b.getLong(), "totalBytes");
        byte f = flagsByte(b);
        if ((f & 2) != 0) {
            throw new MalformedMessageException("bad chunk flags " + f);
        }
        int len = b.getInt();
        if (len < 0 || len > MAX_CHUNK_BYTES || len > b.remaining()) {
            throw new MalformedMessageException("bad chunk length " + len);
        }
        if (total > MAX_SNAPSHOT_BYTES || offset + len > total) {
            throw new MalformedMessageException("chunk outside snapshot: offset " + offset + " + " + len + " > " + total);
        }
        boolean last = (f & 1) != 0;
        if (last != (offset + len == total)) {
            throw new MalformedMessageException("last flag inconsistent with offsets");
        }
        byte[] data = new byte[len];
        b.get(data);
        return new SnapshotChunk(from, to, term, idx, sTerm, config, offset, total, data, last);
    }

    private static ClusterConfig getConfig(ByteBuffer b) throws MalformedMessageException {
        TreeSet<Integer> voters = getIds(b);
        TreeSet<Integer> learners = getIds(b);
        if (voters.size() + learners.size() > ClusterConfig.MAX_MEMBERS) {
            throw new MalformedMessageException("too many members");
        }
        for (int l : learners) {
            if (voters.contains(l)) {
                throw new MalformedMessageException("node " + l + " is both voter and learner");
            }
        }
        return new ClusterConfig(voters, learners);
    }

    private static TreeSet<Integer> getIds(ByteBuffer b) throws MalformedMessageException {
        int n = b.getInt();
        if (n < 0 || n > ClusterConfig.MAX_MEMBERS || n > b.remaining() / 4) {
            throw new MalformedMessageException("bad member count " + n);
        }
        TreeSet<Integer> ids = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            int id = nodeId(b.getInt(), "member");
            if (!ids.isEmpty() && id <= ids.last()) {
                throw new MalformedMessageException("member ids not strictly ascending at " + id);
            }
            ids.add(id);
        }
        return ids;
    }

    private static byte flagsByte(ByteBuffer b) throws MalformedMessageException {
        byte f = b.get();
        if ((f & ~3) != 0) {
            throw new MalformedMessageException("unknown flags " + f);
        }
        return f;
    }

    private static int nodeId(int v, String what) throws MalformedMessageException {
        if (v < 0) {
            throw new MalformedMessageException(what + " node id negative: " + v);
        }
        return v;
    }

    private static long nonNegative(long v, String what) throws MalformedMessageException {
        if (v < 0) {
            throw new MalformedMessageException(what + " negative: " + v);
        }
        return v;
    }

    private static long positive(long v, String what) throws MalformedMessageException {
        if (v < 1) {
            throw new MalformedMessageException(what + " not positive: " + v);
        }
        return v;
    }

    private static void expectEnd(ByteBuffer b) throws MalformedMessageException {
        if (b.hasRemaining()) {
            throw new MalformedMessageException(b.remaining() + " trailing bytes");
        }
    }
}
