package io.shoaldb.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sim.scenario.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Same seeds, two fresh JVMs, same trace hashes. On a mismatch the test re-runs the seed in both JVMs
 * with the full trace and reports the first event whose running hash differs.
 */
class DeterminismTest {

    /** The default scenario (Raft KV: real node code) and the synthetic one, each with faults on. */
    static final List<String> SCENARIOS = List.of("default", "synthetic");
    static final long[] SEEDS = {1, 2, 3, 42, 4711};
    static final String SCENARIO = "synthetic";

    /** Entry point of the child JVMs: {@code [--trace] scenario seed...}; prints "seed hash" per seed. */
    public static void main(String[] args) {
        boolean trace = args[0].equals("--trace");
        int i = trace ? 1 : 0;
        String scenario = args[i++];
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        for (; i < args.length; i++) {
            long seed = Long.parseLong(args[i]);
            Simulation sim = new Simulation(Scenario.load(scenario), seed);
            if (trace) {
                sim.traceTo(out);
            }
            RunReport r = sim.run();
            out.println("RESULT " + seed + " " + r.traceHashHex() + " " + r.events());
        }
        out.flush();
    }

    static List<String> runChild(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xss4m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DeterminismTest.class.getName());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        p.getInputStream().transferTo(buf);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child JVM hung");
        assertEquals(0, p.exitValue(), "child JVM failed");
        return buf.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void sameSeedsGiveSameTraceHashesInTwoFreshJvms() throws Exception {
        for (String scenario : SCENARIOS) {
            List<String> args = new ArrayList<>();
            args.add(scenario);
            for (long s : SEEDS) {
                args.add(Long.toString(s));
            }
            List<String> first = runChild(args);
            List<String> second = runChild(args);
            assertEquals(SEEDS.length, first.size(), "one result per seed: " + first);
            for (int i = 0; i < SEEDS.length; i++) {
                if (!first.get(i).equals(second.get(i))) {
                    throw new AssertionError(scenario + " seed " + SEEDS[i] + " diverged: " + first.get(i) + " vs "
                            + second.get(i) + "\n" + firstDivergence(scenario, SEEDS[i]));
                }
            }
        }
    }

    /** Re-runs one seed with full traces in two JVMs and describes the first differing line. */
    static String firstDivergence(String scenario, long seed) throws Exception {
        List<String> a = runChild(List.of("--trace", scenario, Long.toString(seed)));
        List<String> b = runChild(List.of("--trace", scenario, Long.toString(seed)));
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                return "first divergence at trace line " + (i + 1) + ":\n  run 1: " + a.get(i) + "\n  run 2: " + b.get(i)
                        + (i > 0 ? "\n  last common: " + a.get(i - 1) : "");
            }
        }
        return a.size() == b.size() ? "the traces are identical this time: the divergence is not reproducible"
                : "one trace is a prefix of the other (" + a.size() + " vs " + b.size() + " lines)";
    }

    @Test
    void divergenceReportNamesTheFirstDifferingEvent() throws Exception {
        // The reporter itself must work: two different seeds stand in for two diverging runs.
        List<String> a = runChild(List.of("--trace", SCENARIO, "5"));
        List<String> b = runChild(List.of("--trace", SCENARIO, "6"));
        int i = 0;
        while (i < Math.min(a.size(), b.size()) && a.get(i).equals(b.get(i))) {
            i++;
        }
        assertTrue(i < Math.min(a.size(), b.size()), "different seeds must diverge somewhere");
        assertTrue(a.get(i).matches("\\d+\\.\\d{9} .*"), "trace lines start with the virtual time: " + a.get(i));
    }
}
