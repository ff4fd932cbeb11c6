package io.shoaldb.checker.elle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.checker.CheckResult;
import io.shoaldb.checker.Verdict;
import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.HistoryBuilder;
import io.shoaldb.checker.history.Mop;
import io.shoaldb.checker.history.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Elle is incomplete by design but must be sound: every anomaly it reports must make the history
 * non-serializable (or non-strict-serializable), as a brute-force search over all orders confirms.
 * Random tiny histories with random read results make both outcomes common.
 */
class ElleSoundnessPropertyTest {

    @Property(tries = 1500)
    void listAppendAnomaliesAreReal(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int txns,
                                    @ForAll boolean strict) {
        History h = randomHistory(new Random(seed), txns, true);
        assertSound(h, new ListAppendChecker(ElleOptions.DEFAULT.withStrict(strict)).check(h), strict);
    }

    @Property(tries = 1500)
    void rwRegisterAnomaliesAreReal(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int txns,
                                    @ForAll boolean strict) {
        History h = randomHistory(new Random(seed), txns, false);
        assertSound(h, new RwRegisterChecker(ElleOptions.DEFAULT.withStrict(strict)).check(h), strict);
    }

    /** An anomaly must mean the history is not (strictly) serializable; statistics show how much is caught. */
    private static void assertSound(History h, CheckResult r, boolean strict) {
        boolean serializable = BruteForceSerializability.isSerializable(h, strict);
        Statistics.collect(serializable ? "serializable" : r.verdict() == Verdict.INVALID ? "caught" : "missed");
        if (serializable) {
            assertTrue(r.verdict() == Verdict.VALID, () -> h.events() + "\n" + r.explanation());
        }
        Statistics.coverage(c -> {
            c.check("serializable").percentage(p -> p > 10);
            c.check("caught").percentage(p -> p > 10);
        });
    }

    /** Random transactions on keys x and y with unique writes and random, loosely plausible read results. */
    static History randomHistory(Random rnd, int txnCount, boolean lists) {
        String[] keys = {"x", "y"};
        List<List<Mop>> invokes = new ArrayList<>();
        List<List<Long>> written = List.of(new ArrayList<>(), new ArrayList<>());
        long next = 1;
        for (int t = 0; t < txnCount; t++) {
            int n = 1 + rnd.nextInt(3);
            List<Mop> mops = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = rnd.nextInt(2);
                if (rnd.nextBoolean()) {
                    written.get(k).add(next);
                    mops.add(lists ? Mop.append(keys[k], next) : Mop.write(keys[k], next));
                    next++;
                } else {
                    mops.add(lists ? Mop.readList(keys[k]) : Mop.read(keys[k]));
                }
            }
            invokes.add(mops);
        }
        // One random version order per key; list reads return prefixes of it.
        List<long[]> order = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            List<Long> w = new ArrayList<>(written.get(k));
            java.util.Collections.shuffle(w, rnd);
            order.add(w.stream().mapToLong(Long::longValue).toArray());
        }
        HistoryBuilder h = History.builder();
        int[] state = new int[txnCount]; // 0 not started, 1 invoked, 2 done
        int done = 0;
        int[] proc = new int[txnCount];
        for (int t = 0; t < txnCount; t++) {
            proc[t] = t;
        }
        while (done < txnCount) {
            int t = rnd.nextInt(txnCount);
            if (state[t] == 0) {
                h.invoke(proc[t], new Op.Txn(invokes.get(t)));
                state[t] = 1;
            } else if (state[t] == 1) {
                int outcome = rnd.nextInt(8);
                if (outcome == 0) {
                    h.fail(proc[t], new Op.Txn(invokes.get(t)));
                } else if (outcome == 1) {
                    h.info(proc[t], new Op.Txn(invokes.get(t)));
                } else {
                    List<Mop> res = new ArrayList<>();
                    for (Mop m : invokes.get(t)) {
                        int k = m.key().equals("x") ? 0 : 1;
                        long[] o = order.get(k);
                        res.add(switch (m) {
                            case Mop.ReadList r -> Mop.readList(r.key(), Arrays.copyOf(o, rnd.nextInt(o.length + 1)));
                            case Mop.ReadRegister r -> {
                                int i = rnd.nextInt(o.length + 1);
                                yield Mop.read(r.key(), i == o.length ? null : o[i]);
                            }
                            default -> m;
                        });
                    }
                    h.ok(proc[t], new Op.Txn(res));
                }
                state[t] = 2;
                done++;
            }
        }
        return h.build();
    }
}
