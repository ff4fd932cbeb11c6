package io.shoaldb.net.client;

import io.shoaldb.net.NetTransports;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.shoaldb.net.transport.NettyTransport;
import io.shoaldb.net.transport.TransportConfig;
import io.shoaldb.net.transport.TransportStats;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process outside the cluster that talks to its nodes over the node transport: it dials every node it
 * is given, announces itself by a client id in each frame, and the nodes answer on the same
 * connection. Thread-safe: {@link #send} from any thread, replies taken with {@link #receive}.
 */
public final class NetClient implements AutoCloseable {

    static {
        io.shoaldb.net.NettyLogging.init();
    }

    /** Client ids start here, far above any node id, so replies never get routed to a node instead. */
    public static final int FIRST_CLIENT_ID = 1 << 30;
    /** Replies waiting to be taken; beyond this they are dropped and counted. */
    public static final int MAX_PENDING_REPLIES = 65_536;

    /** One message from a node. */
    public record Reply(int from, byte[] payload) {
    }

    private final int clientId;
    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop loop;
    private final NettyTransport transport;
    private final BlockingQueue<Reply> replies = new ArrayBlockingQueue<>(MAX_PENDING_REPLIES);
    private final AtomicLong repliesDropped = new AtomicLong();

    public NetClient(long clusterId, int clientId, Map<Integer, InetSocketAddress> nodes) {
        if (clientId < FIRST_CLIENT_ID) {
            throw new IllegalArgumentException("client ids start at " + FIRST_CLIENT_ID + ": " + clientId);
        }
        this.clientId = clientId;
        this.group = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "shoal-client-" + clientId);
            t.setDaemon(true);
            return t;
        }, NetTransports.ioHandlerFactory());
        this.loop = (EventLoop) group.next();
        this.transport = new NettyTransport(TransportConfig.of(clientId, clusterId, null, nodes).withReconnect(10, 500),
                loop, (from, payload) -> {
                    if (!replies.offer(new Reply(from, payload))) {
                        repliesDropped.incrementAndGet();
                    }
                }, warning -> System.err.println("client " + clientId + ": " + warning));
        transport.start();
    }

    /** A fresh client id from {@link SecureRandom}, so two clients started at once do not collide. */
    public static int randomClientId() {
        return FIRST_CLIENT_ID + new SecureRandom().nextInt(Integer.MAX_VALUE - FIRST_CLIENT_ID);
    }

    public int clientId() {
        return clientId;
    }

    /** Sends {@code payload} to node {@code node}, best effort, as the network port does. */
    public void send(int node, byte[] payload) {
        byte[] copy = payload.clone();
        loop.execute(() -> transport.send(node, copy));
    }

    /**
     * Sends the payloads to node {@code node} in order, handed to the I/O thread as one task: a caller
     * with many requests ready wakes that thread once instead of once per request.
     */
    public void sendAll(int node, List<byte[]> payloads) {
        List<byte[]> copies = new ArrayList<>(payloads.size());
        for (byte[] p : payloads) {
            copies.add(p.clone());
        }
        loop.execute(() -> {
            for (byte[] p : copies) {
                transport.send(node, p);
            }
        });
    }

    /**
     * Waits up to the timeout for a reply, then moves it and up to {@code max - 1} more that are
     * already waiting into {@code into}; returns how many were moved (0 on timeout).
     */
    public int receiveAll(long timeout, TimeUnit unit, Collection<Reply> into, int max) throws InterruptedException {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        Reply first = replies.poll(timeout, unit);
        if (first == null) {
            return 0;
        }
        into.add(first);
        return 1 + replies.drainTo(into, max - 1);
    }

    /** The next reply, or {@code null} if none arrived within the timeout. */
    public Reply receive(long timeout, TimeUnit unit) throws InterruptedException {
        return replies.poll(timeout, unit);
    }

    public TransportStats stats() {
        return transport.stats();
    }

    public long repliesDropped() {
        return repliesDropped.get();
    }

    @Override
    public void close() {
        transport.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
