package io.shoaldb.net.client;

import io.shoaldb.kv.KvCodec;
import io.shoaldb.kv.KvCodec.KvRequest;
import io.shoaldb.kv.KvCodec.KvResponse;
import io.shoaldb.kv.KvOp;
import io.shoaldb.kv.KvResult;
import io.shoaldb.net.NodeConfig;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A blocking client of the replicated key-value store ({@link io.shoaldb.kv.KvNode}'s client protocol
 * over the node transport). One request at a time; it finds the leader by following NOT_LEADER hints,
 * retries a write with the same sequence number until it is answered (the store applies it exactly
 * once), and gives up only at the caller's deadline.
 */
public final class KvClient implements AutoCloseable {

    /** How long one attempt waits for an answer before asking the next node. */
    static final long ATTEMPT_TIMEOUT_MILLIS = 1_000;
    /** Pause before retrying when the group has no leader or is busy. */
    static final long RETRY_PAUSE_MILLIS = 50;

    private final NetClient net;
    private final List<Integer> nodes;
    private final long writeSession;
    private final long readSession;
    private long writeSeq;
    private long readSeq;
    private int target;

    public KvClient(String clusterName, Map<Integer, InetSocketAddress> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("at least one node address is required");
        }
        this.net = new NetClient(NodeConfig.clusterId(clusterName), NetClient.randomClientId(), new TreeMap<>(nodes));
        this.nodes = List.copyOf(new TreeMap<>(nodes).keySet());
        SecureRandom random = new SecureRandom();
        this.writeSession = random.nextLong() & Long.MAX_VALUE;
        this.readSession = random.nextLong() & Long.MAX_VALUE;
        this.target = this.nodes.get(random.nextInt(this.nodes.size()));
    }

    public KvResult get(String key, Duration timeout) throws KvClientException, InterruptedException {
        return execute(new KvOp.Get(key), timeout);
    }

    public KvResult put(String key, byte[] value, Duration timeout) throws KvClientException, InterruptedException {
        return execute(new KvOp.Put(key, value), timeout);
    }

    /** Sets {@code key} to {@code value} if it holds {@code expected} ({@code null}: if it is absent). */
    public KvResult cas(String key, byte[] expected, byte[] value, Duration timeout) throws KvClientException, InterruptedException {
        return execute(new KvOp.Cas(key, expected, value), timeout);
    }

    /** The node that answered the last request, the client's guess of the leader. */
    public int lastLeader() {
        return target;
    }

    /** Runs one operation to its outcome, or throws at the deadline. */
    public KvResult execute(KvOp op, Duration timeout) throws KvClientException, InterruptedException {
        boolean read = op instanceof KvOp.Get;
        long session = read ? readSession : writeSession;
        long seq = read ? ++readSeq : ++writeSeq;
        byte[] request = encode(new KvRequest(session, seq, op));
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "no node answered";
        while (System.nanoTime() < deadline) {
            net.send(target, request);
            long attemptEnd = Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ATTEMPT_TIMEOUT_MILLIS));
            KvResponse response = await(session, seq, attemptEnd);
            if (response == null) {
                lastProblem = "node " + target + " did not answer";
                target = next(target);
                continue;
            }
            switch (response.status()) {
                case OK -> {
                    return response.result();
                }
                case BAD_REQUEST -> throw new KvClientException(KvClientException.Kind.BAD_REQUEST,
                        "the cluster refused the request: " + response.detail());
                case NOT_LEADER -> {
                    lastProblem = "node " + target + " is not the leader";
                    if (response.leaderHint() >= 0 && nodes.contains(response.leaderHint()) && response.leaderHint() != target) {
                        target = response.leaderHint();
                    } else {
                        target = next(target);
                        Thread.sleep(RETRY_PAUSE_MILLIS);
                    }
                }
                case UNAVAILABLE, UNKNOWN -> {
                    lastProblem = "node " + target + ": " + response.status() + " " + response.detail();
                    Thread.sleep(RETRY_PAUSE_MILLIS);
                }
            }
        }
        throw new KvClientException(KvClientException.Kind.TIMEOUT, "no outcome within " + timeout.toMillis() + " ms ("
                + lastProblem + ")" + (read ? "" : "; the write may or may not have been applied"));
    }

    /** Encodes a request, refusing what no node would accept before anything is sent. */
    private static byte[] encode(KvRequest request) throws KvClientException {
        int largestValueBytes = switch (request.op()) {
            case KvOp.Put p -> p.value().length;
            case KvOp.Cas c -> Math.max(c.value().length, c.expected() == null ? 0 : c.expected().length);
            case KvOp.Get g -> 0;
        };
        if (largestValueBytes > KvCodec.MAX_VALUE_BYTES) {
            throw new KvClientException(KvClientException.Kind.BAD_REQUEST,
                    "value of " + largestValueBytes + " bytes is larger than " + KvCodec.MAX_VALUE_BYTES);
        }
        try {
            return KvCodec.encodeClient(request);
        } catch (IllegalArgumentException e) {
            throw new KvClientException(KvClientException.Kind.BAD_REQUEST, e.getMessage());
        }
    }

    /** The response to (session, seq), skipping stale answers to earlier attempts; null at {@code endNanos}. */
    private KvResponse await(long session, long seq, long endNanos) throws InterruptedException {
        while (true) {
            long left = endNanos - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            NetClient.Reply reply = net.receive(left, TimeUnit.NANOSECONDS);
            if (reply == null) {
                return null;
            }
            try {
                if (KvCodec.decodeClient(reply.payload()) instanceof KvResponse r && r.clientId() == session && r.seq() == seq) {
                    if (r.status() == KvCodec.Status.OK) {
                        target = reply.from();
                    }
                    return r;
                }
            } catch (KvCodec.MalformedException e) {
                // A reply this client cannot read is dropped, like any malformed message.
            }
        }
    }

    private int next(int node) {
        int i = nodes.indexOf(node);
        return nodes.get((i + 1) % nodes.size());
    }

    @Override
    public void close() {
        net.close();
    }
}
