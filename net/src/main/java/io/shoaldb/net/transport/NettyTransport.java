package io.shoaldb.net.transport;

import io.shoaldb.net.NetTransports;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import io.shoaldb.net.transport.TransportStats.Counter;
import io.shoaldb.runtime.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link Network} port over TCP, living entirely on one Netty event loop (the node's own loop), so
 * it shares the node's thread and needs no locks.
 *
 * <p>Each peer gets one outbound connection, dialled at start and redialled after every failure or
 * disconnect with exponential backoff and jitter; messages for a peer wait in a bounded queue while it
 * is unreachable or its socket is full, and overflow is dropped and counted (the network is allowed to
 * lose messages; the node's protocols retry). Inbound connections only deliver, except for processes
 * that are not configured peers (clients): replies to them go back over the connection they came in on.
 * All writes of one event-loop turn are flushed together.
 */
public final class NettyTransport implements Network {

    /** Receives every accepted message on the event loop. */
    @FunctionalInterface
    public interface Receiver {
        void onMessage(int from, byte[] payload);
    }

    static {
        io.shoaldb.net.NettyLogging.init();
    }

    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);

    private final TransportConfig config;
    private final EventLoop loop;
    private final Receiver receiver;
    private final Consumer<String> warn;
    private final TransportStats stats = new TransportStats();
    private final Map<Integer, PeerLink> links = new TreeMap<>();
    /** Reply routes to processes that are not peers, by the sender id they announced. */
    private final Map<Integer, Channel> clients = new HashMap<>();
    private final Set<Channel> inbound = new HashSet<>();
    private final Set<Channel> unflushed = new HashSet<>();
    // Jitter only spreads reconnect storms; it needs no seed, and net/ is outside the determinism rule.
    private final Random jitter = new Random();
    private boolean flushScheduled;
    private boolean closed;
    private Channel server;

    public NettyTransport(TransportConfig config, EventLoop loop, Receiver receiver, Consumer<String> warn) {
        this.config = config;
        this.loop = loop;
        this.receiver = receiver;
        this.warn = warn;
        config.peers().forEach((id, address) -> links.put(id, new PeerLink(id, address)));
    }

    /**
     * Binds the listener, if any, and starts dialling the peers. Call it from outside the loop.
     *
     * @throws UncheckedIOException if the listen address cannot be bound
     */
    public void start() {
        if (loop.inEventLoop()) {
            throw new IllegalStateException("start() blocks; call it from outside the event loop");
        }
        if (config.listen() != null) {
            ChannelFuture bound = new ServerBootstrap()
                    .group(loop, loop)
                    .channel(NetTransports.serverChannel())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            acceptInbound(ch);
                        }
                    })
                    .bind(config.listen())
                    .awaitUninterruptibly();
            if (!bound.isSuccess()) {
                Throwable cause = bound.cause();
                throw new UncheckedIOException("cannot listen on " + config.listen() + ": " + cause.getMessage(),
                        cause instanceof IOException io ? io : new IOException(cause));
            }
            server = bound.channel();
        }
        loop.execute(() -> links.values().forEach(PeerLink::connect));
    }

    /** The address actually bound (useful with port 0), or {@code null} for a process that does not listen. */
    public InetSocketAddress localAddress() {
        return server == null ? null : (InetSocketAddress) server.localAddress();
    }

    public TransportStats stats() {
        return stats;
    }

    /** Whether an outbound connection to {@code peer} is up right now; for tests and status output. */
    public boolean isConnected(int peer) {
        assert loop.inEventLoop();
        PeerLink link = links.get(peer);
        return link != null && link.channel != null;
    }

    @Override
    public void send(int to, byte[] payload) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("send() must be called on the node's event loop");
        }
        if (payload.length > Network.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message of " + payload.length + " bytes exceeds " + Network.MAX_MESSAGE_BYTES);
        }
        if (closed) {
            return;
        }
        PeerLink link = links.get(to);
        if (link != null) {
            link.send(payload);
            return;
        }
        Channel client = clients.get(to);
        if (client == null || !client.isActive()) {
            stats.add(Counter.DROPPED_UNROUTABLE);
        } else if (!client.isWritable()) {
            // A client that does not read its replies gets no queue of its own on this node.
            stats.add(Counter.DROPPED_QUEUE_FULL);
        } else {
            write(client, payload);
        }
    }

    /** Closes the listener and every connection; no reconnects follow. Safe from any thread, idempotent. */
    public void close() {
        if (!loop.inEventLoop()) {
            if (loop.isShuttingDown()) {
                return; // the loop closes every channel it owns as it shuts down
            }
            loop.submit(this::close).awaitUninterruptibly();
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.close();
        }
        links.values().forEach(PeerLink::close);
        new ArrayList<>(inbound).forEach(Channel::close);
    }

    private void acceptInbound(SocketChannel ch) {
        if (closed || inbound.size() >= config.maxInboundConnections()) {
            stats.add(Counter.CLOSED_TOO_MANY_CONNECTIONS);
            ch.close();
            return;
        }
        inbound.add(ch);
        ch.closeFuture().addListener(f -> {
            inbound.remove(ch);
            clients.values().remove(ch);
        });
        // After the decoder, so only complete frames count as activity: a connection that trickles
        // a frame byte by byte is as idle as a silent one.
        ch.pipeline().addLast(
                new FrameDecoder(config.clusterId(), config.maxPayloadBytes(), -1, stats, warn),
                new IdleStateHandler(config.inboundIdleTimeoutMillis(), 0, 0, TimeUnit.MILLISECONDS),
                new FrameHandler(null));
    }

    private void write(Channel ch, byte[] payload) {
        byte[] header = new Frame(config.clusterId(), config.selfId(), payload).encodeHeader();
        // One pooled direct buffer per frame: a wrapped heap pair would be merged and copied to a direct
        // buffer by the NIO channel anyway, allocating twice per frame on the hot path.
        ByteBuf frame = ch.alloc().directBuffer(header.length + payload.length);
        frame.writeBytes(header).writeBytes(payload);
        ch.write(frame, ch.voidPromise());
        stats.add(Counter.FRAMES_SENT);
        stats.add(Counter.PAYLOAD_BYTES_SENT, payload.length);
        unflushed.add(ch);
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(this::flushAll);
        }
    }

    private void flushAll() {
        flushScheduled = false;
        for (Channel ch : unflushed) {
            ch.flush();
        }
        unflushed.clear();
    }

    /** The last handler of every connection: hands frames to the receiver and wakes stalled queues. */
    private final class FrameHandler extends ChannelInboundHandlerAdapter {
        private final PeerLink link;

        FrameHandler(PeerLink link) {
            this.link = link;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Frame frame = (Frame) msg;
            if (closed) {
                return;
            }
            if (link == null && !links.containsKey(frame.sender())) {
                clients.put(frame.sender(), ctx.channel());
            }
            receiver.onMessage(frame.sender(), frame.payload());
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent && link == null) {
                stats.add(Counter.IDLE_INBOUND_CLOSED);
                ctx.close();
                return;
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (link != null) {
                link.writabilityChanged(ctx.channel());
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Resets and broken pipes are how peers die; anything else is worth a line in the log.
            if (!(cause instanceof IOException)) {
                warn.accept("connection " + ctx.channel().remoteAddress() + " failed: " + cause);
            }
            ctx.close();
        }
    }

    /** The outbound side of one peer: its connection, its bounded queue, its reconnect schedule. */
    private final class PeerLink {
        private final int id;
        private final InetSocketAddress address;
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private long queuedBytes;
        private Channel channel;
        private boolean connecting;
        private int failures;
        private ScheduledFuture<?> reconnect;
        private ScheduledFuture<?> stallCheck;

        PeerLink(int id, InetSocketAddress address) {
            this.id = id;
            this.address = address;
        }

        void send(byte[] payload) {
            if (channel != null && queue.isEmpty() && channel.isWritable()) {
                write(channel, payload);
                return;
            }
            if (queue.size() >= config.maxQueuedFrames() || queuedBytes + payload.length > config.maxQueuedBytes()) {
                stats.add(Counter.DROPPED_QUEUE_FULL);
                return;
            }
            queue.addLast(payload);
            queuedBytes += payload.length;
        }

        void drain() {
            while (channel != null && channel.isWritable() && !queue.isEmpty()) {
                byte[] payload = queue.pollFirst();
                queuedBytes -= payload.length;
                write(channel, payload);
            }
            assert queuedBytes >= 0 && (queue.isEmpty() ? queuedBytes == 0 : true);
        }

        /**
         * A socket that stays full means the peer stopped reading; if it vanished without a reset (a
         * partition, a dead host) TCP would only notice after many minutes, so give up on it sooner.
         */
        void writabilityChanged(Channel ch) {
            if (ch != channel) {
                return;
            }
            if (ch.isWritable()) {
                cancelStallCheck();
                drain();
            } else if (stallCheck == null) {
                stallCheck = loop.schedule(() -> {
                    stallCheck = null;
                    if (channel == ch && !ch.isWritable()) {
                        stats.add(Counter.CLOSED_STALLED);
                        warn.accept("connection to node " + id + " at " + address + " stalled for "
                                + config.stallTimeoutMillis() + " ms; closing it to redial");
                        ch.close();
                    }
                }, config.stallTimeoutMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void cancelStallCheck() {
            if (stallCheck != null) {
                stallCheck.cancel(false);
                stallCheck = null;
            }
        }

        void connect() {
            if (closed || connecting || channel != null) {
                return;
            }
            connecting = true;
            stats.add(Counter.CONNECT_ATTEMPTS);
            ChannelFuture future = new Bootstrap()
                    .group(loop)
                    .channel(NetTransports.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMillis())
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(
                                    new FrameDecoder(config.clusterId(), config.maxPayloadBytes(), id, stats, warn),
                                    new FrameHandler(PeerLink.this));
                        }
                    })
                    .connect(address);
            future.addListener(f -> {
                connecting = false;
                Channel ch = future.channel();
                if (!f.isSuccess()) {
                    scheduleReconnect();
                    return;
                }
                if (closed) {
                    ch.close();
                    return;
                }
                channel = ch;
                failures = 0;
                stats.add(Counter.CONNECTS);
                ch.closeFuture().addListener(c -> onClosed(ch));
                drain();
            });
        }

        private void onClosed(Channel ch) {
            if (channel != ch) {
                return;
            }
            channel = null;
            cancelStallCheck();
            stats.add(Counter.DISCONNECTS);
            scheduleReconnect();
        }

        private void scheduleReconnect() {
            if (closed || reconnect != null) {
                return;
            }
            long capMillis = Math.min(config.reconnectMaxMillis(), config.reconnectBaseMillis() << Math.min(failures, 20));
            failures++;
            // "Equal jitter": at least half the backoff, so a dead peer is not hammered, plus a random rest.
            long delayMillis = capMillis / 2 + jitter.nextLong(capMillis / 2 + 1);
            reconnect = loop.schedule(() -> {
                reconnect = null;
                connect();
            }, delayMillis, TimeUnit.MILLISECONDS);
        }

        void close() {
            cancelStallCheck();
            if (reconnect != null) {
                reconnect.cancel(false);
                reconnect = null;
            }
            if (channel != null) {
                channel.close();
            }
            queue.clear();
            queuedBytes = 0;
        }
    }

    /** For tests: the number of frames waiting for peer {@code id}. Call on the loop. */
    int queuedFrames(int id) {
        assert loop.inEventLoop();
        return links.get(id).queue.size();
    }

    @Override
    public String toString() {
        return "NettyTransport[self=" + config.selfId() + " listen=" + config.listen() + " peers=" + config.peers().keySet() + "]";
    }

    /** The ids this transport dials, ascending. */
    public List<Integer> peerIds() {
        return List.copyOf(links.keySet());
    }
}
