package io.shoaldb.checker.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shoaldb.checker.CheckResult;
import io.shoaldb.checker.Verdict;
import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.HistoryBuilder;
import io.shoaldb.checker.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/** WGL against brute force on random small histories, valid or not. */
class LinearizabilityPropertyTest {

    @Property(tries = 400)
    void wglAgreesWithBruteForceOnOneRegister(@ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int opCount,
                                              @ForAll @IntRange(min = 1, max = 4) int processes) {
        History h = randomHistory(new Random(seed), opCount, processes, 1);
        CheckResult r = LinearizabilityChecker.register().check(h);
        boolean expected = BruteForceLinearizability.isLinearizable(h);
        assertEquals(expected ? Verdict.VALID : Verdict.INVALID, r.verdict(), () -> h.events() + "\n" + r.explanation());
        Statistics.collect(expected);
        Statistics.coverage(c -> {
            c.check(true).percentage(pct -> pct > 15);
            c.check(false).percentage(pct -> pct > 15);
        });
    }

    @Property(tries = 200)
    void wglAgreesWithBruteForceOnAMap(@ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int opCount) {
        History h = randomHistory(new Random(seed), opCount, 3, 2);
        CheckResult r = LinearizabilityChecker.keyValue().check(h);
        boolean expected = BruteForceLinearizability.isLinearizable(h);
        assertEquals(expected ? Verdict.VALID : Verdict.INVALID, r.verdict(), () -> h.events() + "\n" + r.explanation());
    }

    /**
     * A random interleaving of random operations with random results from a tiny value domain, so that
     * both linearizable and non-linearizable histories are common.
     */
    static History randomHistory(Random rnd, int opCount, int processes, int keys) {
        HistoryBuilder h = History.builder();
        Op[] pending = new Op[processes];
        int[] procId = new int[processes];
        for (int p = 0; p < processes; p++) {
            procId[p] = p;
        }
        int nextProc = processes;
        int invoked = 0;
        while (true) {
            List<Integer> idle = new ArrayList<>();
            List<Integer> busy = new ArrayList<>();
            for (int p = 0; p < processes; p++) {
                (pending[p] == null ? idle : busy).add(p);
            }
            boolean canInvoke = invoked < opCount && !idle.isEmpty();
            if (!canInvoke && busy.isEmpty()) {
                break;
            }
            if (canInvoke && (busy.isEmpty() || rnd.nextBoolean())) {
                int p = idle.get(rnd.nextInt(idle.size()));
                String key = keys == 1 ? null : "k" + rnd.nextInt(keys);
                Op op = switch (rnd.nextInt(3)) {
                    case 0 -> Op.read(key);
                    case 1 -> Op.write(key, 1 + rnd.nextInt(3));
                    default -> Op.cas(key, 1 + rnd.nextInt(3), 1 + rnd.nextInt(3));
                };
                pending[p] = op;
                h.invoke(procId[p], op);
                invoked++;
            } else {
                int p = busy.get(rnd.nextInt(busy.size()));
                Op op = pending[p];
                int outcome = rnd.nextInt(10);
                if (outcome == 0) {
                    h.info(procId[p], op);
                    procId[p] = nextProc++; // Jepsen: a crashed process comes back under a new id
                } else if (outcome == 1) {
                    h.fail(procId[p], op);
                } else if (op instanceof Op.Read r) {
                    int v = rnd.nextInt(4);
                    h.ok(procId[p], Op.read(r.key(), v == 0 ? null : (long) v));
                } else {
                    h.ok(procId[p], op);
                }
                pending[p] = null;
            }
        }
        return h.build();
    }
}
