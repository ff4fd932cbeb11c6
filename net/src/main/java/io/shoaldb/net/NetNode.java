package io.shoaldb.net;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.shoaldb.net.disk.FileDisk;
import io.shoaldb.net.transport.NettyTransport;
import io.shoaldb.net.transport.TransportStats;
import io.shoaldb.runtime.NodeFactory;
import io.shoaldb.runtime.NodeProcess;
import io.shoaldb.runtime.NodeRuntime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One production node: a single-threaded Netty event loop that owns the node's {@link NodeProcess} and
 * runs every port on that loop: the TCP transport, timers, and the completions of the file disk, whose
 * I/O itself runs on a separate thread. The process is therefore touched by exactly one thread, as on
 * the simulator.
 *
 * <p>An exception thrown by node logic is a programmer error: the node logs it, stops delivering
 * anything, closes down and reports the failure to its owner (the {@code run} command then exits), on
 * the principle that a node with a broken invariant must stop rather than serve.
 */
public final class NetNode implements AutoCloseable {

    static {
        io.shoaldb.net.NettyLogging.init();
    }

    private static final long STATS_LOG_INTERVAL_SECONDS = 10;

    private final NodeConfig config;
    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop loop;
    private final LogTrace trace;
    private final SeededEntropy entropy;
    private final Consumer<Throwable> onFailure;
    private DataDirectory dataDirectory;
    private FileDisk disk;
    private NettyTransport transport;
    /** Loop-confined: whether events may still reach the process. */
    private boolean running;
    private NodeProcess process;
    private long lastRefused;
    private volatile boolean closed;

    private NetNode(NodeConfig config, Consumer<Throwable> onFailure) {
        this.config = config;
        this.onFailure = onFailure;
        this.trace = new LogTrace("node=" + config.nodeId(), System.err);
        this.entropy = SeededEntropy.fromSecureRandom();
        this.group = new MultiThreadIoEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "shoal-node-" + config.nodeId());
            t.setDaemon(false);
            return t;
        }, NetTransports.ioHandlerFactory());
        this.loop = (EventLoop) group.next();
    }

    /**
     * Opens the data directory, starts the node's logic made by {@code factory} on a fresh event loop,
     * binds the listen address and dials the peers.
     *
     * @param onFailure told (on a thread of its own) when node logic failed and the node stopped
     * @throws DataDirectoryException if the data directory must not be used
     * @throws java.io.UncheckedIOException if the listen address cannot be bound
     */
    public static NetNode start(NodeConfig config, NodeFactory factory, Consumer<Throwable> onFailure)
            throws DataDirectoryException {
        NetNode node = new NetNode(config, onFailure);
        try {
            node.startUp(factory);
            return node;
        } catch (DataDirectoryException | RuntimeException | Error e) {
            node.close();
            throw e;
        }
    }

    private void startUp(NodeFactory factory) throws DataDirectoryException {
        dataDirectory = DataDirectory.open(config.dataDir(), config.clusterName(), config.clusterId(), config.nodeId());
        trace.event("starting: cluster=" + config.clusterName() + " listen=" + config.listen() + " peers=" + config.peers()
                + " data-dir=" + config.dataDir() + " entropy-seed=" + entropy.seed());
        disk = new FileDisk(dataDirectory.diskDirectory(), task -> loop.execute(guard(task)));
        transport = new NettyTransport(config.transport(), loop,
                (from, payload) -> guard(() -> process.onMessage(from, payload)).run(), trace::warn);
        NodeRuntime runtime = new NodeRuntime(config.nodeId(), new SystemClock(), new LoopScheduler(loop, this::guard),
                transport, disk, entropy, trace);
        onLoop(() -> {
            process = factory.create(runtime);
            running = true;
            guard(process::start).run();
            return null;
        });
        if (!onLoop(() -> running)) {
            throw new IllegalStateException("node " + config.nodeId() + " failed while starting; see the log above");
        }
        transport.start();
        loop.scheduleAtFixedRate(this::logRefusedInput, STATS_LOG_INTERVAL_SECONDS, STATS_LOG_INTERVAL_SECONDS, TimeUnit.SECONDS);
        trace.event("listening on " + transport.localAddress());
    }

    /** Wraps an event for the process: skipped once the node stopped, and a throw stops the node. */
    private Runnable guard(Runnable event) {
        return () -> {
            if (!running) {
                return;
            }
            try {
                event.run();
            } catch (Throwable t) {
                fail(t);
            }
        };
    }

    private void fail(Throwable cause) {
        running = false;
        StringWriter stack = new StringWriter();
        cause.printStackTrace(new PrintWriter(stack));
        trace.error("node logic failed, stopping the node: " + stack);
        Thread stopper = new Thread(() -> {
            close();
            onFailure.accept(cause);
        }, "shoal-node-" + config.nodeId() + "-stop");
        stopper.start();
    }

    private void logRefusedInput() {
        long refused = transport.stats().refused();
        if (refused != lastRefused) {
            lastRefused = refused;
            trace.warn("transport refused input; counters: " + transport.stats());
        }
    }

    /** The bound listen address (the real port when the configuration asked for port 0). */
    /**
     * The node's event loop, for a co-located server whose sockets should be served by the loop the node's
     * logic runs on (pgwire on a single node: a query then costs no hand-off between threads). Anything run
     * there directly bypasses the node's guard; node logic is still reached only through the scheduler port.
     */
    public EventLoop eventLoop() {
        return loop;
    }

    public InetSocketAddress listenAddress() {
        return transport.localAddress();
    }

    public TransportStats transportStats() {
        return transport.stats();
    }

    public NodeConfig config() {
        return config;
    }

    /** Runs {@code task} on the node's loop and waits for its result; for tests and tools, never for node logic. */
    public <T> T onLoop(Callable<T> task) {
        if (loop.inEventLoop()) {
            throw new IllegalStateException("onLoop() would wait for itself");
        }
        try {
            return loop.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("task on node " + config.nodeId() + " failed", e.getCause());
        }
    }

    /** Whether the node's logic is still receiving events. */
    public boolean isRunning() {
        return !closed && !loop.isShuttingDown() && onLoop(() -> running);
    }

    /** Stops the node: no more events reach the process, connections close, the disk finishes and closes. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!loop.isShuttingDown()) {
            loop.execute(() -> running = false);
        }
        if (transport != null) {
            transport.close();
        }
        if (disk != null) {
            disk.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        if (dataDirectory != null) {
            dataDirectory.close();
        }
        trace.event("stopped");
    }
}
