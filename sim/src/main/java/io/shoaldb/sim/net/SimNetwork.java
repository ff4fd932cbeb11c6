package io.shoaldb.sim.net;

import io.shoaldb.runtime.Network;
import io.shoaldb.sim.entropy.Prng;
import io.shoaldb.sim.event.Event;
import io.shoaldb.sim.event.EventKind;
import io.shoaldb.sim.event.EventLoop;
import io.shoaldb.sim.fault.Buggify;
import io.shoaldb.sim.fault.Counter;
import io.shoaldb.sim.fault.Counters;
import java.util.zip.CRC32C;

/**
 * The simulated network between all hosts (nodes and clients): per-link latency, loss, duplication,
 * reordering, corruption caught by a CRC32C checksum, symmetric and one-way partitions, slow hosts.
 * Every message is carried as a MESSAGE event to the receiver, delivered only if the receiver is up
 * at that moment and its checksum still matches.
 */
public final class SimNetwork {

    /** Where the network hands arriving messages: the host table of the simulation. */
    public interface Receiver {
        /** Whether host {@code id} can take a message now (up, started). */
        boolean accepts(int id);

        void deliver(int from, int to, byte[] payload);
    }

    private final EventLoop loop;
    private final Counters counters;
    private final Buggify buggify;
    private final Prng prng;
    private final int hosts;
    private final long[] linkMinNanos;
    /** Per directed link, how many episodes (partitions, swizzles) currently block it. */
    private final int[] blocked;
    /** Per directed link, messages in flight (for the link-capacity fault). */
    private final int[] inFlight;
    private final int[] slowFactor;
    private final Receiver receiver;
    private final CRC32C crc = new CRC32C();
    private NetFaults faults;

    public SimNetwork(EventLoop loop, Counters counters, Buggify buggify, Prng prng, int hosts, NetFaults faults,
            Receiver receiver) {
        this.loop = loop;
        this.counters = counters;
        this.buggify = buggify;
        this.prng = prng;
        this.hosts = hosts;
        this.faults = faults;
        this.receiver = receiver;
        this.linkMinNanos = new long[hosts * hosts];
        this.blocked = new int[hosts * hosts];
        this.inFlight = new int[hosts * hosts];
        this.slowFactor = new int[hosts];
        java.util.Arrays.fill(slowFactor, 1);
        // Each link gets its own base latency in the lower half of the range; jitter adds the rest.
        long span = faults.latencyMaxNanos() - faults.latencyMinNanos();
        for (int i = 0; i < linkMinNanos.length; i++) {
            linkMinNanos[i] = faults.latencyMinNanos() + prng.between(0, span / 2);
        }
    }

    public NetFaults faults() {
        return faults;
    }

    /** Stops every per-message fault and heals partitions and slow hosts (liveness phase). */
    public void heal() {
        faults = faults.healed();
        java.util.Arrays.fill(blocked, 0);
        java.util.Arrays.fill(slowFactor, 1);
    }

    /** The {@link Network} port of host {@code from}. */
    public Network port(int from) {
        return (to, payload) -> send(from, to, payload);
    }

    public void send(int from, int to, byte[] payload) {
        if (payload == null || payload.length > Network.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message of " + (payload == null ? "null" : payload.length + " bytes")
                    + " from " + from + " exceeds Network.MAX_MESSAGE_BYTES");
        }
        counters.add(Counter.NET_SENT);
        counters.add(Counter.NET_BYTES_SENT, payload.length);
        if (to < 0 || to >= hosts) {
            counters.add(Counter.NET_DOWN_DROPPED); // no such host: as good as a dead address
            return;
        }
        int link = from * hosts + to;
        if (blocked[link] > 0) {
            counters.add(Counter.NET_PARTITION_DROPPED);
            return;
        }
        if (prng.chance(faults.loss())) {
            counters.add(Counter.NET_LOSS);
            return;
        }
        crc.reset();
        crc.update(payload);
        int checksum = (int) crc.getValue();
        int copies = 1;
        if (prng.chance(faults.duplicate())) {
            counters.add(Counter.NET_DUPLICATE);
            copies = 2;
        }
        for (int c = 0; c < copies; c++) {
            if (faults.linkCapacity() > 0 && inFlight[link] >= faults.linkCapacity()) {
                counters.add(Counter.NET_LINK_OVERFLOW); // the path's queue is full: drop, as a router would
                continue;
            }
            inFlight[link]++;
            byte[] bytes = c == 0 ? payload : payload.clone();
            if (prng.chance(faults.corrupt()) && bytes.length > 0) {
                bytes = bytes.clone();
                prng.flipRandomBit(bytes);
            }
            long delay = latency(from, to);
            byte[] carried = bytes;
            loop.after(delay, EventKind.MESSAGE, to, Event.ANY_INCARNATION, bytes.length,
                    () -> arrive(from, to, carried, checksum));
        }
    }

    private long latency(int from, int to) {
        long min = linkMinNanos[from * hosts + to];
        long jitterMean = Math.max(1, (faults.latencyMaxNanos() - min) / 4);
        long delay = Math.min(faults.latencyMaxNanos(), min + prng.exponential(jitterMean));
        if (prng.chance(faults.reorder())) {
            counters.add(Counter.NET_REORDER);
            delay += prng.between(0, faults.reorderDelayNanos());
        }
        if (buggify.fire(Counter.BUGGIFY_NET_BURST_DELAY, 0.001)) {
            delay += prng.between(0, 200_000_000L);
        }
        return delay * Math.max(slowFactor[from], slowFactor[to]);
    }

    private void arrive(int from, int to, byte[] payload, int checksum) {
        inFlight[from * hosts + to]--;
        if (!receiver.accepts(to)) {
            counters.add(Counter.NET_DOWN_DROPPED);
            return;
        }
        crc.reset();
        crc.update(payload);
        if ((int) crc.getValue() != checksum) {
            counters.add(Counter.NET_CORRUPT_DROPPED);
            return;
        }
        counters.add(Counter.NET_DELIVERED);
        receiver.deliver(from, to, payload);
    }

    /** Blocks traffic from {@code from} to {@code to} (one direction) until a matching {@link #unblock}. */
    public void block(int from, int to) {
        blocked[from * hosts + to]++;
    }

    /** Ends one block of the link; it carries traffic again once every episode blocking it has ended. */
    public void unblock(int from, int to) {
        int link = from * hosts + to;
        if (blocked[link] > 0) {
            blocked[link]--;
        }
    }

    public boolean isBlocked(int from, int to) {
        return blocked[from * hosts + to] > 0;
    }

    /** Cuts every link to and from {@code host} (a clog), undone by {@link #unclog}. */
    public void clog(int host) {
        for (int other = 0; other < hosts; other++) {
            if (other != host) {
                block(host, other);
                block(other, host);
            }
        }
    }

    public void unclog(int host) {
        for (int other = 0; other < hosts; other++) {
            if (other != host) {
                unblock(host, other);
                unblock(other, host);
            }
        }
    }

    /** Makes every message to or from {@code host} take {@code factor} times longer (1 = normal). */
    public void slow(int host, int factor) {
        slowFactor[host] = factor;
    }

    public int slowFactor(int host) {
        return slowFactor[host];
    }
}
