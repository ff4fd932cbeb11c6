package io.shoaldb.sim;

import io.shoaldb.runtime.NodeFactory;
import io.shoaldb.runtime.NodeProcess;
import io.shoaldb.sim.disk.DiskFaults;
import io.shoaldb.sim.disk.SimDisk;
import io.shoaldb.sim.entropy.Prng;
import io.shoaldb.sim.event.Event;
import io.shoaldb.sim.event.EventKind;
import io.shoaldb.sim.event.EventLoop;
import io.shoaldb.sim.fault.Buggify;
import io.shoaldb.sim.fault.Counter;
import io.shoaldb.sim.fault.Counters;
import io.shoaldb.sim.fault.Nemesis;
import io.shoaldb.sim.fault.ProcessFaults;
import io.shoaldb.sim.net.NetFaults;
import io.shoaldb.sim.net.SimNetwork;
import io.shoaldb.sim.node.SimClock;
import io.shoaldb.sim.node.SimHost;
import io.shoaldb.sim.scenario.Scenario;
import io.shoaldb.sim.scenario.ScenarioException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One simulated run, defined by (scenario, seed) alone: N nodes and M clients of a {@link Workload}
 * on one thread in virtual time, a safety phase with the scenario's faults, then a liveness phase in
 * which faults heal and the workload must make progress within a bound. Produces a {@link RunReport}.
 *
 * <pre>{@code
 * RunReport r = new Simulation(Scenario.load("default"), 42).run();
 * }</pre>
 */
public final class Simulation implements SimulationView {

    /** Stream labels for {@link Prng#derive}; workloads use {@link WorkloadSetup#prng}. */
    private static final long STREAM_NETWORK = 10;
    private static final long STREAM_NEMESIS = 11;
    private static final long STREAM_DISK = 12;
    private static final long STREAM_BUGGIFY = 13;
    private static final long STREAM_CLOCK = 14;
    private static final long STREAM_TOPOLOGY = 15;

    public static final int MAX_NODES = 64;
    public static final int MAX_CLIENTS = 256;

    private final Scenario scenario;
    private final long seed;
    private final String workloadName;
    private final int nodeCount;
    private final int clientCount;
    private final long durationNanos;
    private final long livenessBoundNanos;
    private final long checkEvery;
    private final EventLoop loop = new EventLoop();
    private final Counters counters = new Counters();
    private final Workload workload;
    private final SimHost[] hosts;
    private final Nemesis nemesis;
    private Phase phase = Phase.SAFETY;
    private long livenessStartNanos = -1;
    private boolean livenessDeadlinePassed;

    /** A run of the workload the scenario names (key {@code workload}, default {@code synthetic}). */
    public Simulation(Scenario scenario, long seed) {
        this(scenario, seed, null);
    }

    /**
     * A run of the given workload (for workloads that live in tests); the scenario's {@code workload}
     * key, if any, is then only a label.
     *
     * @throws ScenarioException when the scenario has a bad or unknown key
     */
    public Simulation(Scenario scenario, long seed, WorkloadFactory workloadFactory) {
        this.scenario = scenario;
        this.seed = seed;
        this.workloadName = scenario.string("workload", "synthetic");
        WorkloadFactory factory = workloadFactory;
        if (factory == null) {
            if (!Workloads.names().contains(workloadName)) {
                throw new ScenarioException(scenario.where("workload") + ": unknown workload '" + workloadName
                        + "' (known: " + String.join(", ", Workloads.names()) + ")");
            }
            factory = Workloads.get(workloadName);
        }
        scenario.name(); // reads the optional name key, so it is not reported as unknown
        // A range (nodes: 3..7) is drawn per seed: a randomized topology, still a function of the seed.
        Prng topology = Prng.derive(seed, STREAM_TOPOLOGY);
        long[] nodeRange = scenario.integerRange("nodes", 3, 1, MAX_NODES);
        long[] clientRange = scenario.integerRange("clients", 2, 0, MAX_CLIENTS);
        this.nodeCount = (int) topology.between(nodeRange[0], nodeRange[1]);
        this.clientCount = (int) topology.between(clientRange[0], clientRange[1]);
        this.durationNanos = scenario.durationNanos("duration", 10_000_000_000L);
        this.livenessBoundNanos = scenario.durationNanos("liveness", 30_000_000_000L);
        this.checkEvery = scenario.integer("check_every", 1, 1, 1_000_000_000);
        boolean faultsOn = scenario.bool("faults", true);
        boolean buggifyOn = scenario.bool("buggify", faultsOn);
        NetFaults netFaults = NetFaults.from(scenario, faultsOn);
        DiskFaults diskFaults = DiskFaults.from(scenario, faultsOn);
        ProcessFaults processFaults = ProcessFaults.from(scenario, faultsOn, nodeCount);
        this.workload = factory.create(new WorkloadSetup(scenario, nodeCount, clientCount, seed));
        scenario.requireAllUsed();

        Buggify buggify = new Buggify(buggifyOn, Prng.derive(seed, STREAM_BUGGIFY), counters);
        int total = nodeCount + clientCount;
        this.hosts = new SimHost[total];
        SimNetwork network = new SimNetwork(loop, counters, buggify, Prng.derive(seed, STREAM_NETWORK), total,
                netFaults, new SimNetwork.Receiver() {
                    @Override
                    public boolean accepts(int id) {
                        return hosts[id].accepts();
                    }

                    @Override
                    public void deliver(int from, int to, byte[] payload) {
                        hosts[to].deliver(from, payload);
                    }
                });
        DiskFaults clientDisk = new DiskFaults(diskFaults.latencyMinNanos(), diskFaults.latencyMaxNanos(), 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, diskFaults.capacityBytes());
        NodeFactory nodeFactory = workload.nodeFactory();
        NodeFactory clientFactory = clientCount > 0 ? workload.clientFactory() : null;
        if (nodeFactory == null || (clientCount > 0 && clientFactory == null)) {
            throw new ScenarioException(scenario.where("clients") + ": workload " + workloadName
                    + (nodeFactory == null ? " has no node factory" : " does not support clients"));
        }
        Prng clockPrng = Prng.derive(seed, STREAM_CLOCK);
        for (int id = 0; id < total; id++) {
            boolean client = id >= nodeCount;
            long drift = client ? 0 : clockPrng.between(-processFaults.driftPpmMax(), processFaults.driftPpmMax());
            if (drift != 0) {
                counters.add(Counter.CLOCK_DRIFT);
            }
            SimDisk disk = new SimDisk(Prng.derive(seed, STREAM_DISK, id), counters, client ? clientDisk : diskFaults);
            hosts[id] = new SimHost(id, client, client ? clientFactory : nodeFactory, disk, new SimClock(loop, drift),
                    loop, network, buggify, counters, seed);
        }
        loop.gate((e, now) -> e.node() < 0 ? 0 : hosts[e.node()].admit(e, now));
        SimHost[] nodes = java.util.Arrays.copyOf(hosts, nodeCount);
        this.nemesis = new Nemesis(loop, Prng.derive(seed, STREAM_NEMESIS), counters, nodes, hosts, network,
                processFaults, netFaults, diskFaults);
    }

    /** Prints every event and node trace line with the running trace hash, for diffing two runs. */
    public Simulation traceTo(PrintStream out) {
        loop.traceTo(out);
        return this;
    }

    /** Runs to the end and reports; call once. */
    public RunReport run() {
        long wallStart = System.nanoTime();
        Verdict verdict = null;
        String detail = "";
        String context = "start";
        try {
            for (SimHost h : hosts) {
                h.boot(0);
            }
            nemesis.start();
            loop.at(durationNanos, EventKind.PHASE, Event.NO_NODE, Event.ANY_INCARNATION, 0, this::beginLiveness);
            long sinceCheck = 0;
            while (verdict == null) {
                context = "event";
                EventLoop.Step step = loop.step();
                if (step == EventLoop.Step.EMPTY) {
                    verdict = Verdict.fail("no events left at t=" + EventLoop.formatTime(loop.nowNanos())
                            + " s: the system went quiet before the liveness condition held");
                    break;
                }
                if (step == EventLoop.Step.SKIPPED) {
                    continue;
                }
                if (++sinceCheck >= checkEvery) {
                    sinceCheck = 0;
                    context = "invariant";
                    workload.checkInvariants(this);
                }
                if (phase == Phase.LIVENESS) {
                    context = "liveness";
                    if (workload.livenessReached(this)) {
                        break;
                    }
                    if (livenessDeadlinePassed) {
                        verdict = Verdict.fail("liveness: no progress within " + EventLoop.formatTime(livenessBoundNanos)
                                + " s after faults healed at t=" + EventLoop.formatTime(livenessStartNanos) + " s");
                    }
                }
            }
            if (verdict == null) {
                context = "verdict";
                verdict = workload.verdict(this);
            }
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            verdict = Verdict.fail(describe(context, e));
            StringWriter w = new StringWriter();
            e.printStackTrace(new PrintWriter(w));
            detail = w.toString().strip();
        }
        long wallNanos = System.nanoTime() - wallStart;
        counters.add(Counter.EVENTS_PENDING_AT_END, loop.pending());
        return new RunReport(seed, scenario.name(), workloadName, nodeCount, clientCount, loop.executed(),
                loop.nowNanos(), livenessStartNanos, wallNanos, loop.traceHash(), counters.faults(), counters.stats(),
                verdict, detail);
    }

    private String describe(String context, Throwable e) {
        String where = switch (context) {
            case "event" -> {
                Event ev = loop.current();
                yield ev == null ? "in the simulator" : (ev.node() >= 0 ? (ev.node() < nodeCount ? "node " : "client ")
                        + ev.node() + " " : "") + ev.kind() + " event at t=" + EventLoop.formatTime(ev.timeNanos()) + " s";
            }
            case "invariant" -> "invariant check at t=" + EventLoop.formatTime(loop.nowNanos()) + " s";
            default -> context + " at t=" + EventLoop.formatTime(loop.nowNanos()) + " s";
        };
        return where + ": " + e;
    }

    private void beginLiveness() {
        phase = Phase.LIVENESS;
        livenessStartNanos = loop.nowNanos();
        nemesis.heal();
        workload.onLivenessPhase(this);
        loop.after(livenessBoundNanos, EventKind.PHASE, Event.NO_NODE, Event.ANY_INCARNATION, 0,
                () -> livenessDeadlinePassed = true);
    }

    public Counters counters() {
        return counters;
    }

    public Workload workload() {
        return workload;
    }

    @Override
    public long nowNanos() {
        return loop.nowNanos();
    }

    @Override
    public Phase phase() {
        return phase;
    }

    @Override
    public long livenessStartNanos() {
        return livenessStartNanos;
    }

    @Override
    public List<Integer> nodeIds() {
        return IntStream.range(0, nodeCount).boxed().toList();
    }

    @Override
    public List<Integer> clientIds() {
        return IntStream.range(nodeCount, nodeCount + clientCount).boxed().toList();
    }

    @Override
    public boolean isUp(int hostId) {
        return hosts[hostId].isUp();
    }

    @Override
    public int incarnation(int hostId) {
        return hosts[hostId].incarnation();
    }

    @Override
    public NodeProcess process(int hostId) {
        return hosts[hostId].process();
    }

    @Override
    public long executedEvents() {
        return loop.executed();
    }

    @Override
    public long seed() {
        return seed;
    }
}
