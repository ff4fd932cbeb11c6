package io.shoaldb.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Random faults against small clusters through {@link TestCluster}: lost, reordered messages, cut
 * links, crashes and restarts, compaction, leader transfers and membership changes. Election safety,
 * log matching, leader completeness and state-machine safety are checked after every event; at the
 * end the faults heal and a leader must emerge and commit.
 */
class RaftChaosTest {

    @Property(tries = 200)
    void safetyAndLivenessUnderRandomFaults(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long seed,
                                            @ForAll @IntRange(min = 0, max = 1) int sizeChoice) {
        int size = sizeChoice == 0 ? 3 : 5;
        int[] ids = new int[size];
        for (int i = 0; i < size; i++) {
            ids[i] = i + 1;
        }
        Random rnd = new Random(seed);
        RaftConfig cfg = RaftConfig.defaults().withBatching(1 + rnd.nextInt(8), 32 + rnd.nextInt(512), 8 + rnd.nextInt(64));
        if (rnd.nextBoolean()) {
            cfg = cfg.withLeaseDriftTicks(2);
        }
        if (rnd.nextInt(4) == 0) {
            cfg = cfg.withPreVote(false, rnd.nextBoolean());
        }
        TestCluster c = new TestCluster(cfg, seed, ids);
        c.reorder = true;
        c.delayRate = rnd.nextInt(3) * 0.1;
        c.duplicateRate = rnd.nextInt(3) * 0.05;
        List<String> proposed = new ArrayList<>();
        int counter = 0;
        for (int step = 0; step < 400; step++) {
            c.dropRate = rnd.nextInt(10) == 0 ? 0.3 : 0.02;
            int action = rnd.nextInt(100);
            int node = ids[rnd.nextInt(size)];
            if (action < 40) {
                int l = c.leader();
                if (l != Raft.NONE) {
                    String v = "p" + counter++;
                    if (c.raft(l).propose(v.getBytes(StandardCharsets.UTF_8)) instanceof ProposeResult.Accepted) {
                        proposed.add(v);
                    }
                }
            } else if (action < 55) {
                c.tickAll();
            } else if (action < 60) {
                c.cut(node, ids[rnd.nextInt(size)]);
            } else if (action < 66) {
                c.heal();
            } else if (action < 69) {
                if (c.nodes.get(node).up && liveCount(c) > size / 2 + 1) {
                    c.crash(node);
                }
            } else if (action < 74) {
                if (!c.nodes.get(node).up) {
                    c.restart(node);
                }
            } else if (action < 77) {
                if (c.nodes.get(node).up) {
                    c.compact(node);
                }
            } else if (action < 79) {
                int l = c.leader();
                if (l != Raft.NONE) {
                    c.raft(l).transferLeadership(node);
                }
            } else if (action < 90) {
                // every node that believes it leads, stale leaders included
                for (int id : ids) {
                    if (c.nodes.get(id).up && c.raft(id).role() == Role.LEADER) {
                        c.read(id, step * 16L + id);
                    }
                }
            } else if (action < 92) {
                int l = c.leader();
                if (l != Raft.NONE) {
                    // a harmless membership change: add or remove a learner that never runs
                    boolean has = c.raft(l).clusterConfig().learners().contains(99);
                    c.raft(l).proposeConfChange(new ConfChange(has ? ConfChange.Kind.REMOVE : ConfChange.Kind.ADD_LEARNER, 99));
                }
            }
            c.processAll();
            int deliveries = rnd.nextInt(3);
            for (int d = 0; d < deliveries; d++) {
                c.deliverAll();
                c.processAll();
            }
        }
        // liveness: faults heal, a leader emerges and commits
        c.heal();
        c.dropRate = 0;
        c.delayRate = 0;
        c.duplicateRate = 0;
        for (int id : ids) {
            if (!c.nodes.get(id).up) {
                c.restart(id);
            }
        }
        int leader = c.awaitLeader(50 * cfg.electionTicks());
        assertNotEquals(Raft.NONE, leader);
        // a leader must commit a new entry and every node must apply it, within a bounded time
        int attempt = 0;
        boolean done = false;
        for (int t = 0; t < 100 * cfg.electionTicks() && !done; t++) {
            int l = c.leader();
            if (l != Raft.NONE && t % cfg.electionTicks() == 0) {
                c.raft(l).propose(("final-" + attempt++).getBytes(StandardCharsets.UTF_8));
            }
            c.tickAll();
            c.settle();
            done = true;
            for (int id : ids) {
                List<String> m = c.machine(id);
                done &= !m.isEmpty() && m.getLast().startsWith("final-");
            }
        }
        assertTrue(done, "after healing, a leader commits and every node applies it (seed " + seed + ")");
        List<String> reference = c.machine(ids[0]);
        for (int id : ids) {
            assertEquals(reference, c.machine(id), "node " + id + " applied the same sequence (seed " + seed + ")");
        }
        // everything applied was proposed, at most once each
        assertEquals(reference.size(), reference.stream().distinct().count());
        for (String v : reference) {
            assertTrue(v.startsWith("final-") || proposed.contains(v), "applied " + v + " was never accepted");
        }
    }

    private static int liveCount(TestCluster c) {
        int n = 0;
        for (TestCluster.Node node : c.nodes.values()) {
            if (node.up) {
                n++;
            }
        }
        return n;
    }
}
