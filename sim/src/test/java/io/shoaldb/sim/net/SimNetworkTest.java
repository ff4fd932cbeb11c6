package io.shoaldb.sim.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.runtime.Network;
import io.shoaldb.sim.entropy.Prng;
import io.shoaldb.sim.event.EventLoop;
import io.shoaldb.sim.fault.Buggify;
import io.shoaldb.sim.fault.Counter;
import io.shoaldb.sim.fault.Counters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimNetworkTest {

    private final EventLoop loop = new EventLoop();
    private final Counters counters = new Counters();
    private final List<String> delivered = new ArrayList<>();
    private final List<Long> arrivalNanos = new ArrayList<>();
    private final boolean[] up = {true, true, true};

    private SimNetwork network(double loss, double dup, double corrupt) {
        return network(loss, dup, corrupt, 0);
    }

    private SimNetwork network(double loss, double dup, double corrupt, int linkCapacity) {
        NetFaults f = new NetFaults(1_000_000, 5_000_000, loss, dup, 0, 0, corrupt, 0, 0, 0, 0, 10, 0, linkCapacity, 0, 0);
        return new SimNetwork(loop, counters, new Buggify(false, new Prng(1), counters), new Prng(2), 3, f,
                new SimNetwork.Receiver() {
                    @Override
                    public boolean accepts(int id) {
                        return up[id];
                    }

                    @Override
                    public void deliver(int from, int to, byte[] payload) {
                        delivered.add(from + ">" + to + ":" + payload.length);
                        arrivalNanos.add(loop.nowNanos());
                    }
                });
    }

    private void drain() {
        while (loop.step() != EventLoop.Step.EMPTY) {
            // deliver
        }
    }

    @Test
    void deliversWithinTheLatencyRange() {
        SimNetwork n = network(0, 0, 0);
        for (int i = 0; i < 100; i++) {
            n.send(0, 1, new byte[] {1, 2});
        }
        drain();
        assertEquals(100, delivered.size());
        assertTrue(arrivalNanos.stream().allMatch(t -> t >= 1_000_000 && t <= 5_000_000), arrivalNanos.toString());
    }

    @Test
    void corruptedMessagesAreCaughtByTheChecksumAndCounted() {
        SimNetwork n = network(0, 0, 1.0);
        for (int i = 0; i < 50; i++) {
            n.send(0, 1, new byte[] {1, 2, 3, 4});
        }
        drain();
        assertEquals(List.of(), delivered);
        assertEquals(50, counters.get(Counter.NET_CORRUPT_DROPPED));
    }

    @Test
    void duplicationLossAndDownHosts() {
        SimNetwork n = network(0, 1.0, 0);
        n.send(0, 1, new byte[] {1});
        drain();
        assertEquals(2, delivered.size());
        delivered.clear();
        up[2] = false;
        n.send(0, 2, new byte[] {1});
        drain();
        assertEquals(List.of(), delivered);
        assertEquals(2, counters.get(Counter.NET_DOWN_DROPPED));
        SimNetwork lossy = network(1.0, 0, 0);
        lossy.send(0, 1, new byte[] {1});
        drain();
        assertEquals(List.of(), delivered);
        assertEquals(1, counters.get(Counter.NET_LOSS));
    }

    @Test
    void oneWayPartitionsBlockOneDirectionAndHealingRestoresIt() {
        SimNetwork n = network(0, 0, 0);
        n.block(0, 1);
        n.send(0, 1, new byte[] {1});
        n.send(1, 0, new byte[] {2, 2});
        drain();
        assertEquals(List.of("1>0:2"), delivered);
        n.heal();
        n.send(0, 1, new byte[] {1});
        drain();
        assertEquals(List.of("1>0:2", "0>1:1"), delivered);
    }

    @Test
    void aFullLinkDropsAndOverlappingBlocksNest() {
        SimNetwork n = network(0, 0, 0, 3);
        for (int i = 0; i < 5; i++) {
            n.send(0, 1, new byte[] {1});
        }
        drain();
        assertEquals(3, delivered.size());
        assertEquals(2, counters.get(Counter.NET_LINK_OVERFLOW));
        n.send(0, 1, new byte[] {1});
        drain();
        assertEquals(4, delivered.size(), "capacity frees up as messages arrive");
        n.clog(1);
        n.block(0, 1);
        n.unclog(1);
        assertTrue(n.isBlocked(0, 1), "a partition still blocks the link after the clog ends");
        assertTrue(!n.isBlocked(1, 0));
        n.unblock(0, 1);
        assertTrue(!n.isBlocked(0, 1));
    }

    @Test
    void aSlowHostMultipliesLatency() {
        SimNetwork n = network(0, 0, 0);
        n.slow(1, 10);
        n.send(0, 1, new byte[] {1});
        drain();
        assertTrue(arrivalNanos.getFirst() >= 10_000_000, arrivalNanos.toString());
    }

    @Test
    void oversizedMessagesAreProgrammerErrors() {
        SimNetwork n = network(0, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> n.send(0, 1, new byte[Network.MAX_MESSAGE_BYTES + 1]));
        n.send(0, 1, new byte[] {9, 8});
        drain();
        assertArrayEquals(new Object[] {"0>1:2"}, delivered.toArray());
    }
}
