package io.shoaldb.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sim.Simulation;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void parsesTypedValues() {
        Scenario s = Scenario.parse("t.scenario", """
                # comment
                nodes: 5   # trailing comment
                duration: 1.5s
                net.latency: 1ms..10ms
                net.loss: 2%
                disk.capacity: 64MiB
                faults: off
                """);
        assertEquals(5, s.integer("nodes", 3, 1, 10));
        assertEquals(1_500_000_000L, s.durationNanos("duration", 0));
        assertArrayEquals(new long[] {1_000_000L, 10_000_000L}, s.durationRangeNanos("net.latency", 0, 0));
        assertEquals(0.02, s.probability("net.loss", 0), 1e-12);
        assertEquals(64L << 20, s.sizeBytes("disk.capacity", 0));
        assertEquals(false, s.bool("faults", true));
        assertEquals("t", s.name());
        s.requireAllUsed();
    }

    @Test
    void errorsNameTheFileAndLine() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> Scenario.parse("x.scenario", "nodes: 3\nno colon here\n"));
        assertTrue(e.getMessage().startsWith("x.scenario:2:"), e.getMessage());
        e = assertThrows(ScenarioException.class, () -> Scenario.parse("x.scenario", "nodes: 3\nnodes: 4\n"));
        assertTrue(e.getMessage().contains("x.scenario:2") && e.getMessage().contains("repeats line 1"), e.getMessage());
        Scenario bad = Scenario.parse("x.scenario", "nodes: 3\nnet.loss: 150%\n");
        e = assertThrows(ScenarioException.class, () -> bad.probability("net.loss", 0));
        assertTrue(e.getMessage().startsWith("x.scenario:2: net.loss: expected a probability"), e.getMessage());
        Scenario typo = Scenario.parse("x.scenario", "nodes: 3\n\nnet.los: 1%\n");
        e = assertThrows(ScenarioException.class, () -> new Simulation(typo, 1));
        assertTrue(e.getMessage().startsWith("x.scenario:3: unknown key 'net.los'"), e.getMessage());
        Scenario workload = Scenario.parse("x.scenario", "workload: nosuch\n");
        e = assertThrows(ScenarioException.class, () -> new Simulation(workload, 1));
        assertTrue(e.getMessage().startsWith("x.scenario:1: unknown workload 'nosuch'"), e.getMessage());
    }

    @Test
    void aNodeRangeIsDrawnPerSeed() {
        java.util.Set<Integer> sizes = new java.util.TreeSet<>();
        for (long seed = 1; seed <= 40; seed++) {
            Scenario s = Scenario.parse("r.scenario", "nodes: 3..6\nclients: 0..2\nduration: 100ms\nfaults: off\n");
            io.shoaldb.sim.RunReport r = new Simulation(s, seed).run();
            assertTrue(r.nodes() >= 3 && r.nodes() <= 6 && r.clients() <= 2, r.format());
            sizes.add(r.nodes());
        }
        assertEquals(4, sizes.size(), "every size in the range occurs: " + sizes);
        Scenario bad = Scenario.parse("r.scenario", "nodes: 5..3\n");
        assertThrows(ScenarioException.class, () -> new Simulation(bad, 1));
    }

    @Test
    void builtInScenariosLoadAndValidate() {
        for (String name : Scenario.builtInNames()) {
            new Simulation(Scenario.load(name), 1);
        }
        assertTrue(Scenario.builtInNames().contains("default"));
        assertThrows(ScenarioException.class, () -> Scenario.load("no-such-scenario"));
    }
}
