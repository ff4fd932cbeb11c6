package io.shoaldb.pgwire;

import io.shoaldb.net.NetTransports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.shoaldb.runtime.Scheduler;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * The pgwire listener: Netty accepts connections and frames bytes on its I/O threads; every session's
 * state and its SQL engine session live on the node's loop ({@code nodeLoop}), so the engine is never
 * touched by two threads.
 */
public final class PgServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PgServer.class.getName());
    /** I/O threads for client sockets; framing is cheap, the node's loop does the work. */
    private static final int IO_THREADS = 2;

    /** Counters for operators and tests. */
    public static final class Stats {
        final AtomicLong malformedMessages = new AtomicLong();
        final AtomicLong cancelRequests = new AtomicLong();
        final AtomicLong internalErrors = new AtomicLong();
        final AtomicLong failedLogins = new AtomicLong();
        final AtomicLong outputPauses = new AtomicLong();
        final AtomicLong parkedFetches = new AtomicLong();

        /** Times a result stream paused because a client read more slowly than the server wrote. */
        public long outputPauses() {
            return outputPauses.get();
        }

        /**
         * Result streams parked right now until their client's socket drains (a gauge: each pause adds one,
         * its resumption or the connection's end takes it away).
         */
        public long parkedFetches() {
            return parkedFetches.get();
        }

        /** Sessions ended by a bug (logged with its stack); a healthy server keeps this at 0. */
        public long internalErrors() {
            return internalErrors.get();
        }

        public long failedLogins() {
            return failedLogins.get();
        }

        public long malformedMessages() {
            return malformedMessages.get();
        }

        public long cancelRequests() {
            return cancelRequests.get();
        }
    }

    private final EventLoopGroup bossGroup;
    /** The loops serving client sockets: our own I/O threads, or a borrowed group (not ours to shut down). */
    private final EventLoopGroup ioGroup;
    private final boolean ownIoGroup;
    /** Every open client channel, closed by {@link #close} (a borrowed group outlives this server). */
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel serverChannel;
    private final AtomicInteger connections = new AtomicInteger();
    private final Stats stats = new Stats();

    private PgServer(PgServerConfig config, UserStore users, SqlEngine engine, Scheduler nodeLoop, EventLoopGroup clientLoops) {
        SslContext ssl = null;
        if (config.tlsCertificate() != null) {
            try {
                ssl = SslContextBuilder.forServer(config.tlsCertificate().toFile(), config.tlsPrivateKey().toFile()).build();
            } catch (SSLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot load TLS certificate " + config.tlsCertificate() + " and key "
                        + config.tlsPrivateKey() + ": " + e.getMessage(), e);
            }
        }
        PgSession.Environment env = new PgSession.Environment(config, users, engine, new CancelRegistry(), new SecureRandom(), stats);
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, NetTransports.ioHandlerFactory());
        this.ownIoGroup = clientLoops == null;
        this.ioGroup = ownIoGroup ? new MultiThreadIoEventLoopGroup(IO_THREADS, NetTransports.ioHandlerFactory()) : clientLoops;
        SslContext sslContext = ssl;
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, ioGroup)
                .channel(NetTransports.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        clients.add(ch);
                        ch.pipeline().addLast("decoder", new FrontendDecoder(config.maxMessageBytes()));
                        ch.pipeline().addLast("session", new PgChannelHandler(env, sslContext, nodeLoop, connections, stats));
                    }
                });
        try {
            this.serverChannel = bootstrap.bind(config.host(), config.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdownGroups();
            throw new UncheckedIOException(new java.io.IOException("cannot listen on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e));
        }
        LOG.log(System.Logger.Level.INFO, "pgwire listening on {0} (auth {1}, TLS {2})", serverChannel.localAddress(),
                config.authMethod(), ssl == null ? "off" : config.requireTls() ? "required" : "optional");
    }

    /**
     * Starts listening. {@code nodeLoop} runs every session's logic (the node's event loop).
     *
     * @throws UncheckedIOException when the address cannot be bound
     * @throws IllegalArgumentException when the TLS certificate or key cannot be loaded
     */
    public static PgServer start(PgServerConfig config, UserStore users, SqlEngine engine, Scheduler nodeLoop) {
        return new PgServer(config, users, engine, nodeLoop, null);
    }

    /**
     * Starts listening with client sockets served by {@code clientLoops} (NIO event loops) instead of
     * threads of our own. A single-node server passes the node's own loop, the one {@code nodeLoop}
     * schedules on: a message is then decoded, handed over and answered on one thread, with no wake-up
     * of another thread per message or per reply (on 2 cores that hand-off cost more than the query). The
     * group stays running after {@link #close}, which closes the client connections itself. A null group
     * means threads of our own, as {@link #start(PgServerConfig, UserStore, SqlEngine, Scheduler)}.
     */
    public static PgServer start(PgServerConfig config, UserStore users, SqlEngine engine, Scheduler nodeLoop,
                                 EventLoopGroup clientLoops) {
        return new PgServer(config, users, engine, nodeLoop, clientLoops);
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public int connectionCount() {
        return connections.get();
    }

    public Stats stats() {
        return stats;
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdownGroups();
    }

    private void shutdownGroups() {
        bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (ownIoGroup) {
            ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
