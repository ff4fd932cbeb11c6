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
 * every 50 ms and 1,000 client operations per simulated second, without faults and with the default
 * fault mix. Run: {@code bench/run io.shoaldb.bench.sim.SimBench}. Targets: 2M events/s, 1,000x.
 */
public final class SimBench {

    private SimBench() {
    }

    public static void main(String[] args) {
        System.out.println("scheduler (1,000 self-rescheduling timers over a heap of pending events)");
        for (int round = 1; round <= 5; round++) {
            double rate = schedulerEventsPerSecond(5_000_000);
            System.out.printf("  round %d: %.2f M events/s%s%n", round, rate / 1e6, round <= 2 ? " (warm-up)" : "");
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
        for (String mix : new String[] {"faults: off", null}) {
            String label = mix == null ? "default fault mix" : "no faults";
            java.util.List<Double> warm = new java.util.ArrayList<>();
            for (long seed = 1; seed <= 12; seed++) {
                Scenario s = Scenario.parse("bench", base + (mix == null ? faultMix() : mix + "\n"));
                RunReport r = new Simulation(s, seed).run();
                System.out.printf("  %s seed %d: %,d events, %.1f s simulated in %.3f s wall = %.0fx compression, %.2f M events/s, %s%n",
                        label, seed, r.events(), r.virtualNanos() / 1e9, r.wallNanos() / 1e9, r.compression(),
                        r.events() / (r.wallNanos() / 1e9) / 1e6, r.passed() ? "PASS" : "FAIL " + r.verdict().summary());
                if (seed > 4) {
                    warm.add(r.compression());
                }
            }
            java.util.Collections.sort(warm);
            System.out.printf("  %s: median compression after warm-up (seeds 5-12) %.0fx, worst %.0fx%n", label,
                    (warm.get(3) + warm.get(4)) / 2, warm.getFirst());
        }
    }

    /** The fault keys of the built-in default scenario. */
    private static String faultMix() {
        StringBuilder b = new StringBuilder();
        Scenario.load("default"); // fails loudly if the default scenario is broken
        try (var in = SimBench.class.getResourceAsStream("/scenarios/default.scenario")) {
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
        long start = System.nanoTime();
        while (loop.step() != EventLoop.Step.EMPTY && left[0] > 0) {
            // run
        }
        long wall = System.nanoTime() - start;
        return loop.executed() / (wall / 1e9);
    }
}
