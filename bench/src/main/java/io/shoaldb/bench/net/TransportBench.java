package io.shoaldb.bench.net;

import io.shoaldb.net.NetTransports;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.shoaldb.net.transport.NettyTransport;
import io.shoaldb.net.transport.TransportConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Raw transport figures between two event loops in one JVM over loopback TCP: one-way messages per
 * second with a bounded window of messages in flight, and the round-trip latency of a ping-pong.
 *
 * <pre>bench/run io.shoaldb.bench.net.TransportBench [payload-bytes=100] [seconds=5]</pre>
 */
public final class TransportBench {

    private static final int WINDOW = 4096;

    public static void main(String[] args) throws Exception {
        int payloadBytes = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        InetSocketAddress a = freePort();
        InetSocketAddress b = freePort();
        MultiThreadIoEventLoopGroup groupA = new MultiThreadIoEventLoopGroup(1, NetTransports.ioHandlerFactory());
        MultiThreadIoEventLoopGroup groupB = new MultiThreadIoEventLoopGroup(1, NetTransports.ioHandlerFactory());
        EventLoop loopA = (EventLoop) groupA.next();
        EventLoop loopB = (EventLoop) groupB.next();
        Bench bench = new Bench(loopA, payloadBytes);
        NettyTransport[] bRef = new NettyTransport[1];
        NettyTransport ta = new NettyTransport(TransportConfig.of(1, 7, a, Map.of(2, b)), loopA, bench::onReply, System.err::println);
        bRef[0] = new NettyTransport(TransportConfig.of(2, 7, b, Map.of(1, a)), loopB, (from, payload) -> {
            // Echo only the first 8 bytes (the send timestamp); throughput counts one-way payloads.
            bRef[0].send(1, Arrays.copyOf(payload, 8));
        }, System.err::println);
        bench.transport = ta;
        ta.start();
        bRef[0].start();
        Thread.sleep(500);

        loopA.execute(bench::fill);
        Thread.sleep(1000); // warm-up
        long startCount = bench.completed;
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long count = bench.completed - startCount;
        double elapsed = (System.nanoTime() - start) / 1e9;
        bench.stop.countDown();
        loopA.submit(() -> bench.running = false).get();
        Thread.sleep(300);
        System.out.printf("transport: %d-byte messages, window %d: %.0f round trips/s (each a message out and a reply back)%n",
                payloadBytes, WINDOW, count / elapsed);

        // Latency: one message in flight at a time.
        long[] rtts = new long[20_000];
        for (int i = 0; i < rtts.length; i++) {
            rtts[i] = bench.pingPong();
        }
        Arrays.sort(rtts);
        System.out.printf("transport: ping-pong round trip p50 %.1f us, p99 %.1f us, max %.1f us%n",
                rtts[rtts.length / 2] / 1e3, rtts[rtts.length * 99 / 100] / 1e3, rtts[rtts.length - 1] / 1e3);
        ta.close();
        bRef[0].close();
        groupA.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        groupB.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private static final class Bench {
        final EventLoop loop;
        final int payloadBytes;
        final CountDownLatch stop = new CountDownLatch(1);
        NettyTransport transport;
        volatile long completed;
        boolean running = true;
        int inFlight;
        volatile CountDownLatch single;

        Bench(EventLoop loop, int payloadBytes) {
            this.loop = loop;
            this.payloadBytes = payloadBytes;
        }

        void fill() {
            while (running && inFlight < WINDOW) {
                inFlight++;
                transport.send(2, new byte[payloadBytes]);
            }
        }

        void onReply(int from, byte[] payload) {
            CountDownLatch s = single;
            if (s != null) {
                s.countDown();
                return;
            }
            inFlight--;
            completed++;
            fill();
        }

        long pingPong() throws InterruptedException {
            CountDownLatch latch = new CountDownLatch(1);
            single = latch;
            long t0 = System.nanoTime();
            loop.execute(() -> transport.send(2, new byte[payloadBytes]));
            latch.await();
            return System.nanoTime() - t0;
        }
    }

    static InetSocketAddress freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
    }
}
