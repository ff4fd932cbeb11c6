package io.shoaldb.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.shoaldb.runtime.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Binds one Netty channel to one {@link PgSession}. Runs on the channel's I/O thread: answers SSLRequest
 * and GSSENCRequest (they change the pipeline, so they cannot wait for the node's loop), routes
 * CancelRequest to the registry, and hands every other message to the session on the node's loop.
 */
final class PgChannelHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(PgChannelHandler.class.getName());

    private final PgSession.Environment env;
    private final SslContext sslContext;
    private final Scheduler nodeLoop;
    private final AtomicInteger connections;
    private final PgServer.Stats stats;
    private PgSession session;
    /** Messages decoded from the current read, delivered at channelReadComplete; null when none. */
    private List<FrontendMessage> batch;
    private ChannelConnection connection;
    private boolean counted;

    PgChannelHandler(PgSession.Environment env, SslContext sslContext, Scheduler nodeLoop, AtomicInteger connections,
                     PgServer.Stats stats) {
        this.env = env;
        this.sslContext = sslContext;
        this.nodeLoop = nodeLoop;
        this.connections = connections;
        this.stats = stats;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        counted = true;
        boolean over = connections.incrementAndGet() > env.config().maxConnections();
        Channel channel = ctx.channel();
        connection = new ChannelConnection(channel, nodeLoop);
        PgSession s = new PgSession(env, connection, over);
        s.setCancelHook(() -> nodeLoop.execute(s::cancelRunningStatement));
        session = s;
        ctx.executor().schedule(() -> {
            if (!s.isReady() && channel.isActive()) {
                LOG.log(System.Logger.Level.INFO, "pgwire {0}: no authentication within {1} ms; closing",
                        channel.remoteAddress(), env.config().authenticationTimeoutMillis());
                channel.close();
            }
        }, env.config().authenticationTimeoutMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        FrontendMessage message = (FrontendMessage) msg;
        if (message instanceof FrontendMessage.SslRequest || message instanceof FrontendMessage.GssEncRequest
                || message instanceof FrontendMessage.CancelRequest) {
            deliverBatch(); // keep the order of what came before
        }
        switch (message) {
            case FrontendMessage.SslRequest r -> {
                boolean tls = ctx.pipeline().get(SslHandler.class) != null;
                if (sslContext != null && !tls) {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'S'}));
                    // The 'S' is already below the head of the pipeline; everything after it is TLS.
                    ctx.pipeline().addFirst("tls", sslContext.newHandler(ctx.alloc()));
                } else {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
                }
            }
            case FrontendMessage.GssEncRequest r -> ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
            case FrontendMessage.CancelRequest c -> {
                boolean matched = env.cancels().cancel(c.processId(), c.secretKey());
                stats.cancelRequests.incrementAndGet();
                LOG.log(System.Logger.Level.DEBUG, "pgwire: cancel request for pid {0} {1}", c.processId(), matched ? "matched" : "ignored");
                ctx.close();
            }
            default -> {
                if (message instanceof FrontendMessage.Malformed || message instanceof FrontendMessage.BrokenFraming) {
                    stats.malformedMessages.incrementAndGet();
                }
                if (batch == null) {
                    batch = new ArrayList<>(4);
                }
                batch.add(message);
            }
        }
    }

    /**
     * The messages of one socket read go to the session together: a client's Bind, Describe, Execute
     * and Sync arrive in one packet and are answered with one write (one task, one flush), not four.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        deliverBatch();
        ctx.fireChannelReadComplete();
    }

    private void deliverBatch() {
        List<FrontendMessage> messages = batch;
        if (messages != null) {
            batch = null;
            PgSession s = session;
            nodeLoop.execute(() -> s.receiveAll(messages));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deliverBatch();
        if (connection != null) {
            connection.runWritableTask();
        }
        if (counted) {
            counted = false;
            connections.decrementAndGet();
        }
        PgSession s = session;
        if (s != null) {
            nodeLoop.execute(s::close);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (connection != null && ctx.channel().isWritable()) {
            connection.runWritableTask();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // TLS handshake failures, resets by the peer: the connection is lost, the server carries on.
        LOG.log(System.Logger.Level.INFO, "pgwire {0}: connection error: {1}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** The session's outbound side over a Netty channel; safe to call from any thread. */
    private static final class ChannelConnection implements PgConnection {
        private final Channel channel;
        private final Scheduler nodeLoop;
        private final java.util.concurrent.atomic.AtomicReference<Runnable> writableTask = new java.util.concurrent.atomic.AtomicReference<>();

        ChannelConnection(Channel channel, Scheduler nodeLoop) {
            this.channel = channel;
            this.nodeLoop = nodeLoop;
        }

        @Override
        public boolean isWritable() {
            return channel.isWritable();
        }

        @Override
        public void whenWritable(Runnable task) {
            if (!writableTask.compareAndSet(null, task)) {
                throw new IllegalStateException("a writability callback is already pending");
            }
            // The channel may have drained between the caller's check and now.
            if (channel.isWritable() || !channel.isActive()) {
                runWritableTask();
            }
        }

        /** Any thread; the task itself runs on the node's loop, at most once. */
        void runWritableTask() {
            Runnable task = writableTask.getAndSet(null);
            if (task != null) {
                nodeLoop.execute(task);
            }
        }

        @Override
        public ByteBuf allocate() {
            return channel.alloc().buffer(256);
        }

        @Override
        public void send(ByteBuf bytes) {
            channel.writeAndFlush(bytes, channel.voidPromise());
        }

        @Override
        public void close() {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void setReading(boolean reading) {
            channel.config().setAutoRead(reading);
        }

        @Override
        public boolean isTls() {
            return channel.pipeline().get(SslHandler.class) != null;
        }

        @Override
        public String remoteAddress() {
            return String.valueOf(channel.remoteAddress());
        }
    }
}
