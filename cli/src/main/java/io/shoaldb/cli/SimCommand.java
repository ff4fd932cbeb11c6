package io.shoaldb.cli;

import io.shoaldb.sim.RunReport;
import io.shoaldb.sim.Simulation;
import io.shoaldb.sim.scenario.Scenario;
import io.shoaldb.sim.scenario.ScenarioException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./shoal sim}: runs the deterministic simulator on a scenario and a seed (or a range of seeds)
 * and prints the run report. A run is defined by (scenario, seed) alone, so the printed replay
 * command reproduces it exactly. Exit 0 when every run passed, 1 when one failed, 64 on bad usage.
 */
@Command(
        name = "sim",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the deterministic cluster simulator: a safety phase with faults, then a liveness phase.",
            "A run is defined by (scenario, seed) alone and replays byte for byte.",
        })
public final class SimCommand implements Callable<Integer> {

    /** Bound on a --seeds range, so a typo cannot start a run of years. */
    static final long MAX_SEEDS = 1_000_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the run (default: a random seed, printed).")
    Long seed;

    @Option(names = "--seeds", paramLabel = "A..B", description = "Runs every seed from A to B inclusive; one line each.")
    String seeds;

    @Option(names = "--scenario", paramLabel = "FILE", defaultValue = "default",
            description = "A scenario file, or the name of a built-in scenario (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--trace", description = "Prints every event with the running trace hash (for diffing two runs).")
    boolean trace;

    @Option(names = "--list", description = "Lists the built-in scenarios and the workloads, then exits.")
    boolean list;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintStream out = System.out;
        if (list) {
            out.println("built-in scenarios: " + String.join(", ", Scenario.builtInNames()));
            out.println("workloads:          " + String.join(", ", io.shoaldb.sim.Workloads.names()));
            out.flush();
            return 0;
        }
        if (seed != null && seeds != null) {
            return usage(err, "--seed and --seeds exclude each other");
        }
        long[] range;
        try {
            range = seeds != null ? parseRange(seeds) : new long[] {seed != null ? seed : randomSeed(), -1};
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        Scenario parsed;
        try {
            parsed = Scenario.load(scenario);
            new Simulation(parsed, 0); // validates every key before any run starts
            parsed = Scenario.load(scenario);
        } catch (ScenarioException e) {
            return usage(err, e.getMessage());
        }
        if (range[1] < 0) {
            Simulation sim = new Simulation(parsed, range[0]);
            if (trace) {
                sim.traceTo(out);
            }
            RunReport report = sim.run();
            out.print(report.format());
            out.println("replay        ./shoal sim --seed " + range[0] + " --scenario " + scenario);
            out.flush();
            return report.passed() ? 0 : 1;
        }
        List<Long> failed = new ArrayList<>();
        List<Long> recoveries = new ArrayList<>();
        double virtual = 0;
        double wall = 0;
        for (long s = range[0]; s <= range[1]; s++) {
            Simulation sim = new Simulation(Scenario.load(scenario), s);
            if (trace) {
                sim.traceTo(out);
            }
            RunReport r = sim.run();
            virtual += r.virtualNanos();
            wall += r.wallNanos();
            out.println(r.summaryLine());
            if (!r.passed()) {
                failed.add(s);
            } else if (r.recoveryNanos() >= 0) {
                recoveries.add(r.recoveryNanos());
            }
        }
        out.printf("%d seeds, %d failed%s; compression %.0fx%n", range[1] - range[0] + 1, failed.size(),
                failed.isEmpty() ? "" : " " + failed, wall == 0 ? 0 : virtual / wall);
        if (!recoveries.isEmpty()) {
            recoveries.sort(null);
            out.printf("recovery after healing: median %.3f s, p90 %.3f s, max %.3f s%n",
                    recoveries.get(recoveries.size() / 2) / 1e9, recoveries.get(recoveries.size() * 9 / 10) / 1e9,
                    recoveries.getLast() / 1e9);
        }
        if (!failed.isEmpty()) {
            out.println("replay        ./shoal sim --seed " + failed.getFirst() + " --scenario " + scenario);
        }
        out.flush();
        return failed.isEmpty() ? 0 : 1;
    }

    private int usage(PrintWriter err, String message) {
        err.println("shoal sim: " + message);
        err.println("Try 'shoal sim --help'.");
        err.flush();
        return 64;
    }

    static long[] parseRange(String text) {
        int dots = text.indexOf("..");
        if (dots < 0) {
            throw new IllegalArgumentException("--seeds expects A..B, got '" + text + "'");
        }
        try {
            long a = Long.parseLong(text.substring(0, dots).strip());
            long b = Long.parseLong(text.substring(dots + 2).strip());
            if (a < 0 || b < a || b - a >= MAX_SEEDS) {
                throw new IllegalArgumentException("--seeds expects 0 <= A <= B with at most " + MAX_SEEDS
                        + " seeds, got '" + text + "'");
            }
            return new long[] {a, b};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seeds expects two integers A..B, got '" + text + "'");
        }
    }

    private static long randomSeed() {
        // Only the choice of seed is random; the run itself is a function of the seed.
        return new SecureRandom().nextLong() & Long.MAX_VALUE;
    }
}
