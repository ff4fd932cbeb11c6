package io.shoaldb.sim.node;

import io.shoaldb.runtime.NodeFactory;
import io.shoaldb.runtime.NodeProcess;
import io.shoaldb.runtime.NodeRuntime;
import io.shoaldb.sim.disk.DiskPort;
import io.shoaldb.sim.disk.SimDisk;
import io.shoaldb.sim.entropy.Prng;
import io.shoaldb.sim.event.Event;
import io.shoaldb.sim.event.EventGate;
import io.shoaldb.sim.event.EventKind;
import io.shoaldb.sim.event.EventLoop;
import io.shoaldb.sim.fault.Buggify;
import io.shoaldb.sim.fault.Counter;
import io.shoaldb.sim.fault.Counters;
import io.shoaldb.sim.net.SimNetwork;

/**
 * One simulated machine, node or client: its disk and wall clock outlive its incarnations; each
 * incarnation gets fresh ports and a fresh {@link NodeProcess} from the factory. A crash drops the
 * process and, through the incarnation tag on every event, all its pending timers, tasks and disk
 * completions.
 */
public final class SimHost {

    /** Stream labels for {@link Prng#derive}. */
    public static final long STREAM_ENTROPY = 1;
    public static final long STREAM_MONOTONIC = 2;

    private final int id;
    private final boolean client;
    private final NodeFactory factory;
    private final SimDisk disk;
    private final SimClock clock;
    private final EventLoop loop;
    private final SimNetwork network;
    private final Buggify buggify;
    private final Counters counters;
    private final long seed;
    private int incarnation;
    private boolean up;
    private long pausedUntilNanos;
    private NodeProcess process;

    public SimHost(int id, boolean client, NodeFactory factory, SimDisk disk, SimClock clock, EventLoop loop,
            SimNetwork network, Buggify buggify, Counters counters, long seed) {
        this.id = id;
        this.client = client;
        this.factory = factory;
        this.disk = disk;
        this.clock = clock;
        this.loop = loop;
        this.network = network;
        this.buggify = buggify;
        this.counters = counters;
        this.seed = seed;
    }

    public int id() {
        return id;
    }

    public boolean isClient() {
        return client;
    }

    public boolean isUp() {
        return up;
    }

    public int incarnation() {
        return incarnation;
    }

    public NodeProcess process() {
        return process;
    }

    public SimDisk disk() {
        return disk;
    }

    public SimClock clock() {
        return clock;
    }

    public boolean isPaused(long nowNanos) {
        return pausedUntilNanos > nowNanos;
    }

    /** Stalls the host until {@code untilNanos}: its events wait, as under SIGSTOP or a long GC pause. */
    public void pauseUntil(long untilNanos) {
        pausedUntilNanos = Math.max(pausedUntilNanos, untilNanos);
    }

    public void unpause() {
        pausedUntilNanos = 0;
    }

    /** Schedules the start of a new incarnation after {@code delayNanos}. */
    public void boot(long delayNanos) {
        if (up) {
            throw new IllegalStateException("host " + id + " is already up");
        }
        int inc = ++incarnation;
        loop.after(delayNanos, EventKind.START, id, inc, 0, () -> start(inc));
    }

    private void start(int inc) {
        clock.restartMonotonic(Prng.derive(seed, STREAM_MONOTONIC, id, inc).between(0, 1L << 50));
        NodeRuntime runtime = new NodeRuntime(
                id,
                clock,
                new SimScheduler(loop, buggify, Prng.derive(seed, 3, id, inc), counters, id, inc),
                network.port(id),
                new DiskPort(disk, loop, buggify, id, inc, () -> network.slowFactor(id)),
                Prng.derive(seed, STREAM_ENTROPY, id, inc),
                new SimTrace(loop, counters, id));
        process = factory.create(runtime);
        if (process == null) {
            throw new IllegalStateException("node factory returned null for host " + id);
        }
        up = true;
        process.start();
    }

    /** Kills the incarnation: volatile state is gone, the disk keeps what a crash leaves. */
    public void crash() {
        if (!up) {
            throw new IllegalStateException("host " + id + " is already down");
        }
        up = false;
        process = null;
        pausedUntilNanos = 0;
        disk.crash();
    }

    /** Whether a message may be handed to this host now. */
    public boolean accepts() {
        return up;
    }

    public void deliver(int from, byte[] payload) {
        process.onMessage(from, payload);
    }

    /** The gate decision for an event of this host; see {@link EventGate}. */
    public long admit(Event e, long nowNanos) {
        if (e.kind() == EventKind.START) {
            if (e.incarnation() != incarnation) {
                return EventGate.DROP;
            }
        } else if (e.incarnation() != Event.ANY_INCARNATION && (e.incarnation() != incarnation || !up)) {
            counters.add(Counter.EVENTS_DROPPED_DEAD);
            return EventGate.DROP;
        }
        if (pausedUntilNanos > nowNanos) {
            counters.add(Counter.EVENTS_DEFERRED_PAUSED);
            return pausedUntilNanos;
        }
        return EventGate.RUN;
    }
}
