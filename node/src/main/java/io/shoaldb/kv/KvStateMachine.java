package io.shoaldb.kv;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.image.ImageWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated map, deterministic given the sequence of applied commands. Each client session
 * remembers its latest applied sequence number and that request's result, so a retry (same client,
 * same sequence number) returns the first outcome without applying twice.
 *
 * <p>Sessions are bounded: past {@link #MAX_SESSIONS}, the session idle for the most log entries is
 * forgotten, deterministically on every replica. A client forgotten that way and then retrying an old
 * request could see it applied again; the bound is set far above the number of concurrently active
 * clients a group serves.
 */
public final class KvStateMachine {

    public static final int MAX_SESSIONS = 100_000;

    record Session(long lastSeq, long lastIndex, KvResult result) {
    }

    private final TreeMap<String, byte[]> data;
    private final TreeMap<Long, Session> sessions;
    /** lastIndex -> clientId, to find the longest-idle session. */
    private final TreeMap<Long, Long> sessionsByIndex = new TreeMap<>();
    private long appliedIndex;
    private long dataBytes;

    public KvStateMachine() {
        this(new TreeMap<>(), new TreeMap<>(), 0);
    }

    KvStateMachine(TreeMap<String, byte[]> data, TreeMap<Long, Session> sessions, long appliedIndex) {
        this.data = data;
        this.sessions = sessions;
        this.appliedIndex = appliedIndex;
        for (Map.Entry<Long, Session> e : sessions.entrySet()) {
            sessionsByIndex.put(e.getValue().lastIndex(), e.getKey());
        }
        for (Map.Entry<String, byte[]> e : data.entrySet()) {
            dataBytes += e.getKey().length() + e.getValue().length;
        }
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    public int size() {
        return data.size();
    }

    /** Approximate bytes of keys and values held. */
    public long dataBytes() {
        return dataBytes;
    }

    /** The current value of {@code key}, or null; the caller must have made the read linearizable. */
    public byte[] get(String key) {
        byte[] v = data.get(key);
        return v == null ? null : v.clone();
    }

    /**
     * The result this session already got for {@code seq}, if the request was applied; null if it was
     * not applied yet.
     */
    public KvResult appliedResult(long clientId, long seq) {
        Session s = sessions.get(clientId);
        if (s == null || seq > s.lastSeq()) {
            return null;
        }
        return seq == s.lastSeq() ? s.result() : new KvResult.Superseded(s.lastSeq());
    }

    /** Notes that log entry {@code index} carried no command (a leader's no-op or a membership change). */
    public void skip(long index) {
        advanceTo(index);
    }

    /** Applies the command at log index {@code index}, at most once per (client, sequence number). */
    public KvResult apply(long index, KvCommand cmd) {
        advanceTo(index);
        KvResult prior = appliedResult(cmd.clientId(), cmd.seq());
        if (prior != null) {
            return prior;
        }
        KvResult result = switch (cmd.op()) {
            case KvOp.Put p -> {
                put(p.key(), p.value());
                yield new KvResult.Written();
            }
            case KvOp.Cas c -> {
                byte[] current = data.get(c.key());
                if (Arrays.equals(current, c.expected())) {
                    put(c.key(), c.value());
                    yield new KvResult.CasOutcome(true, current == null ? null : current.clone());
                }
                yield new KvResult.CasOutcome(false, current == null ? null : current.clone());
            }
            case KvOp.Get g -> throw new IllegalArgumentException("reads are not logged");
        };
        Session old = sessions.put(cmd.clientId(), new Session(cmd.seq(), index, result));
        if (old != null) {
            sessionsByIndex.remove(old.lastIndex());
        }
        sessionsByIndex.put(index, cmd.clientId());
        if (sessions.size() > MAX_SESSIONS) {
            Map.Entry<Long, Long> idle = sessionsByIndex.pollFirstEntry();
            sessions.remove(idle.getValue());
        }
        return result;
    }

    private void put(String key, byte[] value) {
        byte[] old = data.put(key, value.clone());
        dataBytes += value.length - (old == null ? -key.length() : old.length);
    }

    private void advanceTo(long index) {
        if (index != appliedIndex + 1) {
            throw new IllegalStateException("apply out of order: index " + index + " after " + appliedIndex);
        }
        appliedIndex = index;
    }

    /** A self-contained image of the map and the sessions, at {@link #appliedIndex()}. */
    public ImageBytes snapshot(int chunkBytes) {
        ImageWriter out = ImageBytes.writer(chunkBytes);
        KvCodec.encodeImage(appliedIndex, data, sessions, out);
        return out.finish();
    }

    /** Rebuilds a machine from a {@link #snapshot} image. */
    public static KvStateMachine restore(ImageBytes image) {
        return KvCodec.decodeImage(image);
    }

    TreeMap<String, byte[]> dataView() {
        return data;
    }
}
