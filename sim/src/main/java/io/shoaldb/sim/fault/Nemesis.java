package io.shoaldb.sim.fault;

import io.shoaldb.sim.disk.DiskFaults;
import io.shoaldb.sim.entropy.Prng;
import io.shoaldb.sim.event.Event;
import io.shoaldb.sim.event.EventKind;
import io.shoaldb.sim.event.EventLoop;
import io.shoaldb.sim.net.NetFaults;
import io.shoaldb.sim.net.SimNetwork;
import io.shoaldb.sim.node.SimHost;
import java.util.ArrayList;
import java.util.List;

/**
 * Injects the episodic faults of the safety phase as Poisson processes in virtual time: crashes and
 * restarts, pauses, wall-clock jumps, partitions (symmetric or one-way), slow hosts, bit rot and
 * disk-full episodes. Per-message and per-operation faults live in the network and disk themselves.
 * {@link #heal()} ends the safety phase: every episode ends, crashed nodes restart, and no new fault
 * starts.
 */
public final class Nemesis {

    private final EventLoop loop;
    private final Prng prng;
    private final Counters counters;
    private final SimHost[] nodes;
    private final SimHost[] allHosts;
    private final SimNetwork network;
    private final ProcessFaults process;
    private final NetFaults net;
    private final DiskFaults disk;
    private final List<Event> pending = new ArrayList<>();
    private boolean healed;
    private int down;

    public Nemesis(EventLoop loop, Prng prng, Counters counters, SimHost[] nodes, SimHost[] allHosts,
            SimNetwork network, ProcessFaults process, NetFaults net, DiskFaults disk) {
        this.loop = loop;
        this.prng = prng;
        this.counters = counters;
        this.nodes = nodes;
        this.allHosts = allHosts;
        this.network = network;
        this.process = process;
        this.net = net;
        this.disk = disk;
    }

    /** Starts every fault process whose rate is non-zero. */
    public void start() {
        every(process.crashRate(), this::crashOne);
        every(process.pauseRate(), this::pauseOne);
        every(process.clockJumpRate(), this::jumpOne);
        every(net.partitionRate(), this::partition);
        every(net.slowNodeRate(), this::slowOne);
        every(net.swizzleRate(), this::swizzle);
        every(disk.bitFlipRate(), this::flipOne);
        every(disk.fullRate(), this::fillOne);
    }

    private void every(double ratePerSecond, Runnable fault) {
        if (ratePerSecond <= 0) {
            return;
        }
        long meanNanos = (long) (1e9 / ratePerSecond);
        Runnable[] self = new Runnable[1];
        self[0] = () -> {
            if (healed) {
                return;
            }
            fault.run();
            later(Math.max(1, prng.exponential(meanNanos)), self[0]);
        };
        later(Math.max(1, prng.exponential(meanNanos)), self[0]);
    }

    private void later(long delayNanos, Runnable action) {
        // Keep only events still to come (every delay here is at least 1ns, so an event due before now
        // has run), so the list stays as short as the episodes in progress.
        long now = loop.nowNanos();
        pending.removeIf(e -> e.isCancelled() || e.timeNanos() < now);
        pending.add(loop.after(delayNanos, EventKind.FAULT, Event.NO_NODE, Event.ANY_INCARNATION, 0, action));
    }

    private SimHost pick(SimHost[] from) {
        return from[(int) prng.nextLong(from.length)];
    }

    private void crashOne() {
        if (down >= process.maxDown()) {
            return;
        }
        // A correlated failure (a rack, a power circuit) takes several nodes at the same instant.
        int count = prng.chance(process.crashGroup()) ? process.maxDown() - down : 1;
        if (count > 1) {
            counters.add(Counter.PROCESS_CRASH_GROUP);
        }
        for (int i = 0; i < count; i++) {
            SimHost victim = pick(nodes);
            if (!victim.isUp()) {
                continue;
            }
            loop.traceFault("crash n" + victim.id());
            counters.add(Counter.PROCESS_CRASH);
            victim.crash();
            down++;
            later(Math.max(1, prng.exponential(process.restartMeanNanos())), () -> restart(victim));
        }
    }

    private void restart(SimHost host) {
        if (host.isUp()) {
            return;
        }
        loop.traceFault("restart n" + host.id());
        counters.add(Counter.PROCESS_RESTART);
        if (prng.chance(process.wipe())) {
            // The machine comes back with a blank disk (replaced drive, reformat).
            loop.traceFault("wipe n" + host.id());
            counters.add(Counter.PROCESS_WIPE);
            host.disk().wipe();
        }
        down--;
        host.boot(0);
    }

    private void pauseOne() {
        SimHost victim = pick(nodes);
        long until = loop.nowNanos() + Math.max(1, prng.exponential(process.pauseMeanNanos()));
        loop.traceFault("pause n" + victim.id() + " until " + until);
        counters.add(Counter.PROCESS_PAUSE);
        victim.pauseUntil(until);
    }

    private void jumpOne() {
        SimHost victim = pick(nodes);
        long maxMillis = Math.max(1, process.clockJumpMaxNanos() / 1_000_000L);
        long delta = prng.between(-maxMillis, maxMillis);
        loop.traceFault("clock jump n" + victim.id() + " " + delta + "ms");
        counters.add(Counter.CLOCK_JUMP);
        victim.clock().jump(delta);
    }

    private void partition() {
        long duration = Math.max(1, prng.exponential(net.partitionMeanNanos()));
        int hosts = allHosts.length;
        boolean[] sideA = new boolean[hosts];
        // Isolate one node half the time, otherwise a random split; clients fall on either side.
        if (prng.chance(0.5)) {
            sideA[pick(nodes).id()] = true;
        } else {
            for (int i = 0; i < hosts; i++) {
                sideA[i] = prng.chance(0.5);
            }
        }
        boolean oneWay = prng.chance(net.partitionOneWay());
        List<int[]> cut = new ArrayList<>();
        for (int a = 0; a < hosts; a++) {
            for (int b = 0; b < hosts; b++) {
                if ((sideA[a] && !sideA[b]) || (!oneWay && !sideA[a] && sideA[b])) {
                    cut.add(new int[] {a, b});
                }
            }
        }
        if (cut.isEmpty()) {
            return;
        }
        counters.add(oneWay ? Counter.NET_PARTITION_ONEWAY : Counter.NET_PARTITION);
        loop.traceFault((oneWay ? "one-way partition " : "partition ") + cut.size() + " links for " + duration + "ns");
        for (int[] link : cut) {
            network.block(link[0], link[1]);
        }
        later(duration, () -> {
            for (int[] link : cut) {
                network.unblock(link[0], link[1]);
            }
        });
    }

    /**
     * FoundationDB's swizzle-clog: clog about half the nodes one after another during the first half
     * of a window, then unclog them in a different random order during the second half.
     */
    private void swizzle() {
        List<SimHost> order = new ArrayList<>(List.of(nodes));
        shuffle(order);
        List<SimHost> chosen = new ArrayList<>(order.subList(0, Math.max(1, nodes.length / 2)));
        List<SimHost> release = new ArrayList<>(chosen);
        shuffle(release);
        long half = Math.max(2, net.swizzleNanos() / 2);
        counters.add(Counter.NET_SWIZZLE);
        loop.traceFault("swizzle " + chosen.size() + " nodes over " + net.swizzleNanos() + "ns");
        for (int i = 0; i < chosen.size(); i++) {
            SimHost h = chosen.get(i);
            later(half * i / chosen.size() + 1, () -> network.clog(h.id()));
            SimHost r = release.get(i);
            later(half + half * i / chosen.size() + 1, () -> network.unclog(r.id()));
        }
    }

    private void shuffle(List<SimHost> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = (int) prng.nextLong(i + 1);
            SimHost t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    private void slowOne() {
        SimHost victim = pick(nodes);
        if (network.slowFactor(victim.id()) > 1) {
            return;
        }
        counters.add(Counter.NET_SLOW_NODE);
        loop.traceFault("slow n" + victim.id());
        network.slow(victim.id(), net.slowFactor());
        later(Math.max(1, prng.exponential(net.slowMeanNanos())), () -> network.slow(victim.id(), 1));
    }

    private void flipOne() {
        SimHost victim = pick(nodes);
        if (victim.disk().flipRandomBit()) {
            loop.traceFault("bit flip n" + victim.id());
        }
    }

    private void fillOne() {
        SimHost victim = pick(nodes);
        if (victim.disk().isFull()) {
            return;
        }
        counters.add(Counter.DISK_FULL);
        loop.traceFault("disk full n" + victim.id());
        victim.disk().full(true);
        later(Math.max(1, prng.exponential(disk.fullMeanNanos())), () -> victim.disk().full(false));
    }

    /** Ends the safety phase: cancels pending episodes, heals the network and disks, restarts every node. */
    public void heal() {
        healed = true;
        for (Event e : pending) {
            e.cancel();
        }
        pending.clear();
        network.heal();
        for (SimHost h : allHosts) {
            h.unpause();
            h.disk().full(false);
            h.disk().faults(h.disk().faults().healed());
            if (!h.isUp() && !h.isClient()) {
                h.boot(0);
            }
        }
        down = 0;
        loop.traceFault("heal");
    }
}
