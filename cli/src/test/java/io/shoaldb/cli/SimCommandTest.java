package io.shoaldb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./shoal sim}: reports, replay, exit codes. */
class SimCommandTest {

    record Result(int code, String out, String err) {
    }

    static synchronized Result run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cli = new CommandLine(new ShoalCli());
            cli.setErr(new PrintWriter(err, true));
            cli.setParameterExceptionHandler((e, a) -> {
                e.getCommandLine().getErr().println("shoal: " + e.getMessage());
                return 64;
            });
            int code = cli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void aRunPrintsItsReportAndReplaysByteForByte(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("short.scenario");
        Files.writeString(scenario, "nodes: 3\nclients: 2\nduration: 3s\nnet.loss: 1%\nprocess.crash: 0.5\n");
        Result a = run("sim", "--seed", "11", "--scenario", scenario.toString());
        Result b = run("sim", "--seed", "11", "--scenario", scenario.toString());
        assertEquals(0, a.code(), a.out() + a.err());
        for (String field : new String[] {"seed          11", "scenario      short", "events", "virtual time", "wall time",
            "compression", "trace hash", "faults fired", "verdict       PASS", "replay        ./shoal sim --seed 11"}) {
            assertTrue(a.out().contains(field), "report lacks '" + field + "':\n" + a.out());
        }
        assertEquals(withoutWallClock(a.out()), withoutWallClock(b.out()));
    }

    private static String withoutWallClock(String report) {
        return report.lines().filter(l -> !l.startsWith("wall time") && !l.startsWith("compression"))
                .reduce("", (x, y) -> x + y + "\n");
    }

    @Test
    void aSeedRangePrintsOneLinePerSeedAndTheTrace(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("tiny.scenario");
        Files.writeString(scenario, "nodes: 2\nclients: 1\nduration: 1s\nfaults: off\n");
        Result r = run("sim", "--seeds", "3..5", "--scenario", scenario.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(3, r.out().lines().filter(l -> l.startsWith("seed ")).count(), r.out());
        assertTrue(r.out().contains("3 seeds, 0 failed"), r.out());
        Result t = run("sim", "--seed", "3", "--trace", "--scenario", scenario.toString());
        assertTrue(t.out().lines().anyMatch(l -> l.matches("0\\.000000000 n0 START 0 [0-9a-f]{16}")), t.out().lines().limit(3).toList().toString());
    }

    @Test
    void listNamesScenariosAndWorkloads() {
        Result r = run("sim", "--list");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("default") && r.out().contains("synthetic"), r.out());
    }

    @Test
    void aFailingRunExitsOne(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("stuck.scenario");
        // A liveness bound far too short for clients to complete anything after healing.
        Files.writeString(scenario, "nodes: 3\nclients: 2\nduration: 1s\nliveness: 1ms\nfaults: off\n");
        Result r = run("sim", "--seed", "1", "--scenario", scenario.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("verdict       FAIL liveness"), r.out());
    }

    @Test
    void badInputExits64WithAMessage(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("bad.scenario");
        Files.writeString(scenario, "nodes: 3\nnet.loss: lots\n");
        Result r = run("sim", "--scenario", scenario.toString());
        assertEquals(64, r.code());
        assertTrue(r.err().contains("bad.scenario:2: net.loss: expected a probability"), r.err());
        assertEquals(64, run("sim", "--scenario", dir.resolve("missing").toString()).code());
        assertEquals(64, run("sim", "--seeds", "9..2").code());
        assertEquals(64, run("sim", "--seed", "1", "--seeds", "1..2").code());
        Result flag = run("sim", "--seed", "banana");
        assertEquals(64, flag.code());
        assertTrue(flag.err().contains("banana"), flag.err());
    }
}
