package io.shoaldb.bench.sim;

import io.shoaldb.sim.RunReport;
import io.shoaldb.sim.Simulation;
import io.shoaldb.sim.entropy.Prng;
import io.shoaldb.sim.event.Event;
import io.shoaldb.sim.event.EventKind;
import io.shoaldb.sim.event.EventLoop;
import io.shoaldb.sim.scenario.Scenario;

/**
 * Prints the simulator's speed figures: raw scheduler events per second on one core, and the time
 * compression (simulated seconds per wall second) of the synthetic 5-node workload with heartbeats
 * every 50 ms and 1,000 client operations per simulated second, without faults and with the fault mix
 * of scenarios/synthetic.scenario. Run: {@code bench/run io.shoaldb.bench.sim.SimBench}. Targets: 2M events/s, 1,000x.
 */
public final class SimBench {

    /** CPU time of this thread: on a shared machine wall time also counts other people's work. */
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private SimBench() {
    }

    public static void main(String[] args) {
        System.out.println("scheduler (1,000 self-rescheduling timers over a heap of pending events)");
        for (int round = 1; round <= 5; round++) {
            double rate = schedulerEventsPerSecond(5_000_000);
            System.out.printf("  round %d: %.2f M events per CPU second%s%n", round, rate / 1e6, round <= 2 ? " (warm-up)" : "");
        }
        String base = """
                name: bench
                workload: synthetic
                nodes: 5
                clients: 5
                duration: 60s
                liveness: 10s
                workload.heartbeat: 50ms
                workload.ops_per_second: 1000
                """;
        System.out.println("synthetic 5 nodes, heartbeat 50ms, 1000 client ops/s, 60 simulated s per run");
        // Warm the JIT on both mixes first: a simulator is run for thousands of seeds, so steady state is what counts.
        for (long seed = 1000; seed < 1030; seed++) {
            new Simulation(Scenario.parse("bench", base + (seed % 2 == 0 ? "faults: off\n" : faultMix())), seed).run();
        }
        System.out.println("  (30 warm-up runs done)");
        for (String mix : new String[] {"faults: off", null}) {
            String label = mix == null ? "full fault mix" : "no faults";
            java.util.List<Double> warm = new java.util.ArrayList<>();
            java.util.List<Double> warmCpu = new java.util.ArrayList<>();
            for (long seed = 1; seed <= 12; seed++) {
                Scenario s = Scenario.parse("bench", base + (mix == null ? faultMix() : mix + "\n"));
                long cpuStart = CPU.getCurrentThreadCpuTime();
                RunReport r = new Simulation(s, seed).run();
                double cpuSeconds = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e9;
                double cpuCompression = r.virtualNanos() / 1e9 / cpuSeconds;
                System.out.printf("  %s seed %d: %,d events, %.1f s simulated in %.3f s wall (%.3f s CPU) = %.0fx wall, %.0fx CPU compression, %.2f M events/CPU s, %s%n",
                        label, seed, r.events(), r.virtualNanos() / 1e9, r.wallNanos() / 1e9, cpuSeconds, r.compression(),
                        cpuCompression, r.events() / cpuSeconds / 1e6, r.passed() ? "PASS" : "FAIL " + r.verdict().summary());
                if (seed > 2) {
                    warm.add(r.compression());
                    warmCpu.add(cpuCompression);
                }
            }
            java.util.Collections.sort(warm);
            java.util.Collections.sort(warmCpu);
            System.out.printf("  %s: seeds 3-12: median compression %.0fx wall (worst %.0fx), %.0fx per CPU second (worst %.0fx)%n",
                    label, (warm.get(4) + warm.get(5)) / 2, warm.getFirst(), (warmCpu.get(4) + warmCpu.get(5)) / 2, warmCpu.getFirst());
        }
    }

    /** The fault keys of the built-in synthetic scenario. */
    private static String faultMix() {
        StringBuilder b = new StringBuilder();
        Scenario.load("synthetic"); // fails loudly if the scenario is broken
        try (var in = SimBench.class.getResourceAsStream("/scenarios/synthetic.scenario")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.startsWith("net.") || l.startsWith("disk.") || l.startsWith("process.") || l.startsWith("clock.")) {
                    b.append(l).append('\n');
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return b.toString();
    }

    /** Events per wall second of the bare event loop: each event reschedules itself at a random delay. */
    static double schedulerEventsPerSecond(long events) {
        EventLoop loop = new EventLoop();
        Prng prng = new Prng(7);
        long[] left = {events};
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            if (--left[0] > 0) {
                loop.after(1 + prng.nextLong(1_000_000), EventKind.TIMER, (int) (left[0] & 7), Event.ANY_INCARNATION, 0, tick[0]);
            }
        };
        for (int i = 0; i < 1000; i++) {
            loop.after(prng.nextLong(1_000_000), EventKind.TIMER, i & 7, Event.ANY_INCARNATION, 0, tick[0]);
        }
        long start = CPU.getCurrentThreadCpuTime();
        while (loop.step() != EventLoop.Step.EMPTY && left[0] > 0) {
            // run
        }
        long cpu = CPU.getCurrentThreadCpuTime() - start;
        return loop.executed() / (cpu / 1e9);
    }
}
