package io.shoaldb.net.transport;

import io.shoaldb.net.NetTransports;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.shoaldb.net.transport.TransportStats.Counter;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NettyTransportTest {

    private static final long CLUSTER = 42;
    private final List<Endpoint> endpoints = new ArrayList<>();

    /** One transport on its own single-threaded loop, recording what it receives and on which thread. */
    final class Endpoint {
        final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NetTransports.ioHandlerFactory());
        final EventLoop loop = (EventLoop) group.next();
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final List<String> offLoop = new ArrayList<>();
        final NettyTransport transport;

        Endpoint(TransportConfig config) {
            transport = new NettyTransport(config, loop, (from, payload) -> {
                if (!loop.inEventLoop()) {
                    offLoop.add(Thread.currentThread().getName());
                }
                received.add(from + ":" + new String(payload));
            }, w -> { });
            transport.start();
            endpoints.add(this);
        }

        void send(int to, String text) {
            loop.execute(() -> transport.send(to, text.getBytes()));
        }

        String next() throws InterruptedException {
            String s = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(s, "nothing received within 10 s");
            return s;
        }

        void stop() {
            transport.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    @AfterEach
    void stopAll() {
        endpoints.forEach(Endpoint::stop);
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void peersExchangeMessagesInOrderOnTheirLoops() throws Exception {
        List<InetSocketAddress> ports = FreePorts.loopback(2);
        Endpoint a = new Endpoint(TransportConfig.of(1, CLUSTER, ports.get(0), Map.of(2, ports.get(1))));
        Endpoint b = new Endpoint(TransportConfig.of(2, CLUSTER, ports.get(1), Map.of(1, ports.get(0))));
        for (int i = 0; i < 100; i++) {
            a.send(2, "m" + i);
        }
        b.send(1, "hello");
        for (int i = 0; i < 100; i++) {
            assertEquals("1:m" + i, b.next());
        }
        assertEquals("2:hello", a.next());
        assertTrue(a.offLoop.isEmpty() && b.offLoop.isEmpty(), "deliveries off the loop");
        assertEquals(100, a.transport.stats().get(Counter.FRAMES_SENT) - 0);
        assertEquals(0, a.transport.stats().refused() + b.transport.stats().refused());
    }

    @Test
    void reconnectsAfterThePeerRestartsAndDeliversWhatWasQueued() throws Exception {
        List<InetSocketAddress> ports = FreePorts.loopback(2);
        Endpoint a = new Endpoint(TransportConfig.of(1, CLUSTER, ports.get(0), Map.of(2, ports.get(1))).withReconnect(10, 100));
        Endpoint b = new Endpoint(TransportConfig.of(2, CLUSTER, ports.get(1), Map.of(1, ports.get(0))));
        a.send(2, "before");
        assertEquals("1:before", b.next());

        b.stop();
        endpoints.remove(b);
        waitUntil("a notices the disconnect", () -> a.transport.stats().get(Counter.DISCONNECTS) >= 1);
        a.send(2, "while-down");

        Endpoint b2 = new Endpoint(TransportConfig.of(2, CLUSTER, ports.get(1), Map.of(1, ports.get(0))));
        assertEquals("1:while-down", b2.next());
        a.send(2, "after");
        assertEquals("1:after", b2.next());
        assertTrue(a.transport.stats().get(Counter.CONNECTS) >= 2);
    }

    @Test
    void aClientThatIsNoPeerGetsRepliesOnItsOwnConnection() throws Exception {
        List<InetSocketAddress> ports = FreePorts.loopback(1);
        Endpoint server = new Endpoint(TransportConfig.of(1, CLUSTER, ports.get(0), Map.of()));
        Endpoint client = new Endpoint(TransportConfig.of(1_000_000, CLUSTER, null, Map.of(1, ports.get(0))));
        client.send(1, "ping");
        assertEquals("1000000:ping", server.next());
        server.send(1_000_000, "pong");
        assertEquals("1:pong", client.next());
        server.send(777, "nobody");
        waitUntil("unroutable counted", () -> server.transport.stats().get(Counter.DROPPED_UNROUTABLE) == 1);
    }

    @Test
    void queueToAnUnreachablePeerIsBoundedAndOverflowIsCounted() throws Exception {
        List<InetSocketAddress> ports = FreePorts.loopback(2);
        Endpoint a = new Endpoint(TransportConfig.of(1, CLUSTER, ports.get(0), Map.of(2, ports.get(1))).withQueueLimits(10, 1 << 20));
        for (int i = 0; i < 25; i++) {
            a.send(2, "x" + i);
        }
        waitUntil("overflow counted", () -> a.transport.stats().get(Counter.DROPPED_QUEUE_FULL) == 15);
        assertEquals(10, (int) a.loop.submit(() -> a.transport.queuedFrames(2)).get());
    }

    @Test
    void aProcessOfAnotherClusterIsDisconnected() throws Exception {
        List<InetSocketAddress> ports = FreePorts.loopback(1);
        Endpoint server = new Endpoint(TransportConfig.of(1, CLUSTER, ports.get(0), Map.of()));
        Endpoint stranger = new Endpoint(TransportConfig.of(5, CLUSTER + 1, null, Map.of(1, ports.get(0))));
        stranger.send(1, "hi");
        waitUntil("wrong cluster counted", () -> server.transport.stats().get(Counter.CLOSED_WRONG_CLUSTER) >= 1);
        assertTrue(server.received.isEmpty());
    }

    @Test
    void garbageOnTheNodePortClosesThatConnectionOnlyAndPeersCarryOn() throws Exception {
        List<InetSocketAddress> ports = FreePorts.loopback(2);
        Endpoint a = new Endpoint(TransportConfig.of(1, CLUSTER, ports.get(0), Map.of(2, ports.get(1))));
        Endpoint b = new Endpoint(TransportConfig.of(2, CLUSTER, ports.get(1), Map.of(1, ports.get(0))));
        try (Socket s = new Socket(ports.get(1).getAddress(), ports.get(1).getPort())) {
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\n\r\n".getBytes());
            out.flush();
            // The node closes the connection: a read sees the end of the stream.
            s.setSoTimeout(10_000);
            assertEquals(-1, s.getInputStream().read());
        }
        byte[] oversized = FrameDecoderTest.encode(CLUSTER, 9, new byte[100]);
        java.nio.ByteBuffer.wrap(oversized).putInt(0, 20 + (Integer.MAX_VALUE - 100));
        try (Socket s = new Socket(ports.get(1).getAddress(), ports.get(1).getPort())) {
            s.getOutputStream().write(oversized);
            s.getOutputStream().write(FrameDecoderTest.encode(CLUSTER, 9, "late".getBytes()));
            s.getOutputStream().flush();
        }
        waitUntil("oversized counted", () -> b.transport.stats().get(Counter.DROPPED_OVERSIZED) == 1);
        assertEquals(1, b.transport.stats().get(Counter.CLOSED_BROKEN_FRAMING));
        a.send(2, "still-fine");
        assertEquals("1:still-fine", b.next());
    }

    @Test
    void idleAndTricklingInboundConnectionsAreClosedWhileABusyOneStays() throws Exception {
        List<InetSocketAddress> ports = FreePorts.loopback(1);
        Endpoint server = new Endpoint(TransportConfig.of(1, CLUSTER, ports.get(0), Map.of()).withInboundIdleTimeout(1_000));
        InetSocketAddress at = ports.get(0);
        byte[] frame = FrameDecoderTest.encode(CLUSTER, 1 << 30, "ping".getBytes());
        try (Socket silent = new Socket(at.getAddress(), at.getPort());
             Socket trickling = new Socket(at.getAddress(), at.getPort());
             Socket busy = new Socket(at.getAddress(), at.getPort())) {
            long start = System.nanoTime();
            // the trickler sends one byte of a frame every 100 ms: bytes arrive, a frame never completes;
            // the busy one sends a whole frame every 100 ms (a tenth of the timeout, slack for a loaded machine)
            boolean trickleOpen = true;
            for (int i = 0; i < 15; i++) {
                try {
                    if (trickleOpen) {
                        trickling.getOutputStream().write(frame[i]);
                        trickling.getOutputStream().flush();
                    }
                } catch (java.io.IOException closedByServer) {
                    trickleOpen = false; // closed after the timeout although bytes kept coming
                }
                busy.getOutputStream().write(frame);
                busy.getOutputStream().flush();
                Thread.sleep(100);
            }
            silent.setSoTimeout(10_000);
            assertEquals(-1, silent.getInputStream().read(), "the silent connection is closed");
            trickling.setSoTimeout(10_000);
            try {
                assertEquals(-1, trickling.getInputStream().read(), "the trickling connection is closed");
            } catch (java.net.SocketException reset) {
                // closed with bytes unread on our side: a reset says the same
            }
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1_000), "not before the timeout");
            waitUntil("both counted", () -> server.transport.stats().get(Counter.IDLE_INBOUND_CLOSED) == 2);
            busy.getOutputStream().write(frame);
            busy.getOutputStream().flush();
            waitUntil("sixteen pings from the busy client", () -> server.received.size() == 16);
            assertEquals(2, server.transport.stats().get(Counter.IDLE_INBOUND_CLOSED), "the busy connection stays");
            assertEquals(1, server.transport.stats().get(Counter.DROPPED_TRUNCATED), "the trickler's partial frame");
            assertEquals(1, server.transport.stats().refused(), "the idle closes themselves are not refused input");
        }
    }

    @Test
    void aPeerThatStopsReadingIsDisconnectedAfterTheStallTimeoutAndRedialled() throws Exception {
        // A listener that accepts and never reads: the sender's socket fills up, as with a vanished host.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = silent.accept();
                        s.setReceiveBufferSize(4096);
                        accepted.add(s);
                    }
                } catch (java.io.IOException e) {
                    // The test closed the listener.
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            InetSocketAddress silentAddress = new InetSocketAddress(silent.getInetAddress(), silent.getLocalPort());
            Endpoint a = new Endpoint(TransportConfig.of(1, CLUSTER, null, Map.of(2, silentAddress))
                    .withStallTimeout(300).withReconnect(10, 50));
            waitUntil("connected", () -> a.transport.stats().get(Counter.CONNECTS) == 1);
            for (int i = 0; i < 200; i++) {
                a.loop.execute(() -> a.transport.send(2, new byte[64 * 1024]));
            }
            waitUntil("stall detected", () -> a.transport.stats().get(Counter.CLOSED_STALLED) >= 1);
            waitUntil("redialled", () -> a.transport.stats().get(Counter.CONNECTS) >= 2);
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void largeMessagesArriveIntact() throws Exception {
        List<InetSocketAddress> ports = FreePorts.loopback(2);
        Endpoint a = new Endpoint(TransportConfig.of(1, CLUSTER, ports.get(0), Map.of(2, ports.get(1))));
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NetTransports.ioHandlerFactory());
        EventLoop loop = (EventLoop) group.next();
        BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
        NettyTransport b = new NettyTransport(TransportConfig.of(2, CLUSTER, ports.get(1), Map.of(1, ports.get(0))), loop,
                (from, payload) -> got.add(payload), w -> { });
        b.start();
        try {
            byte[] big = new byte[8 * 1024 * 1024];
            new java.util.Random(1).nextBytes(big);
            a.loop.execute(() -> a.transport.send(2, big.clone()));
            byte[] arrived = got.poll(20, TimeUnit.SECONDS);
            assertNotNull(arrived);
            assertArrayEquals(big, arrived);
        } finally {
            b.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
