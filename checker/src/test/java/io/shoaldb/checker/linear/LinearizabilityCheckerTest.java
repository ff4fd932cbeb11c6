package io.shoaldb.checker.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.checker.CheckResult;
import io.shoaldb.checker.Verdict;
import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.HistoryBuilder;
import io.shoaldb.checker.history.Op;
import org.junit.jupiter.api.Test;

class LinearizabilityCheckerTest {

    private static CheckResult register(HistoryBuilder h) {
        return LinearizabilityChecker.register().check(h.build());
    }

    @Test
    void emptyHistoryIsLinearizable() {
        assertEquals(Verdict.VALID, register(History.builder()).verdict());
    }

    @Test
    void sequentialWriteThenReadIsLinearizable() {
        HistoryBuilder h = History.builder()
                .invoke(0, Op.write(null, 1)).ok(0, Op.write(null, 1))
                .invoke(1, Op.read(null)).ok(1, Op.read(null, 1L));
        assertEquals(Verdict.VALID, register(h).verdict());
    }

    @Test
    void staleReadAfterWriteCompletedIsNot() {
        HistoryBuilder h = History.builder()
                .invoke(0, Op.write(null, 1)).ok(0, Op.write(null, 1))
                .invoke(0, Op.write(null, 2)).ok(0, Op.write(null, 2))
                .invoke(1, Op.read(null)).ok(1, Op.read(null, 1L));
        CheckResult r = register(h);
        assertEquals(Verdict.INVALID, r.verdict());
        assertEquals("not-linearizable", r.anomalies().getFirst().type());
        assertTrue(r.explanation().contains("read 1"), r.explanation());
        assertTrue(r.anomalies().getFirst().operationIds().contains(2), r.anomalies().toString());
    }

    @Test
    void readOfNilBeforeAnyWriteIsLinearizable() {
        HistoryBuilder h = History.builder()
                .invoke(1, Op.read(null)).ok(1, Op.read(null, null))
                .invoke(0, Op.write(null, 1)).ok(0, Op.write(null, 1));
        assertEquals(Verdict.VALID, register(h).verdict());
    }

    @Test
    void readOfNilAfterWriteIsNot() {
        HistoryBuilder h = History.builder()
                .invoke(0, Op.write(null, 1)).ok(0, Op.write(null, 1))
                .invoke(1, Op.read(null)).ok(1, Op.read(null, null));
        assertEquals(Verdict.INVALID, register(h).verdict());
    }

    @Test
    void concurrentReadMaySeeEitherValue() {
        // p0 writes 2 while p1 reads 2 and then p2 reads 1: the reads overlap the write; p2's read begins after
        // p1's ended, so once 2 is visible, 1 must not be: not linearizable.
        HistoryBuilder h = History.builder()
                .invoke(0, Op.write(null, 1)).ok(0, Op.write(null, 1))
                .invoke(0, Op.write(null, 2))
                .invoke(1, Op.read(null)).ok(1, Op.read(null, 2L))
                .invoke(2, Op.read(null)).ok(2, Op.read(null, 1L))
                .ok(0, Op.write(null, 2));
        assertEquals(Verdict.INVALID, register(h).verdict());

        HistoryBuilder fine = History.builder()
                .invoke(0, Op.write(null, 1)).ok(0, Op.write(null, 1))
                .invoke(0, Op.write(null, 2))
                .invoke(2, Op.read(null)).ok(2, Op.read(null, 1L))
                .invoke(1, Op.read(null)).ok(1, Op.read(null, 2L))
                .ok(0, Op.write(null, 2));
        assertEquals(Verdict.VALID, register(fine).verdict());
    }

    @Test
    void casMustSeeTheExpectedValue() {
        HistoryBuilder good = History.builder()
                .invoke(0, Op.write(null, 1)).ok(0, Op.write(null, 1))
                .invoke(1, Op.cas(null, 1, 2)).ok(1, Op.cas(null, 1, 2))
                .invoke(0, Op.read(null)).ok(0, Op.read(null, 2L));
        assertEquals(Verdict.VALID, register(good).verdict());
        HistoryBuilder bad = History.builder()
                .invoke(0, Op.write(null, 1)).ok(0, Op.write(null, 1))
                .invoke(1, Op.cas(null, 3, 2)).ok(1, Op.cas(null, 3, 2));
        assertEquals(Verdict.INVALID, register(bad).verdict());
    }

    @Test
    void failedOperationsDidNotHappen() {
        HistoryBuilder h = History.builder()
                .invoke(0, Op.write(null, 1)).ok(0, Op.write(null, 1))
                .invoke(1, Op.write(null, 7)).fail(1, Op.write(null, 7))
                .invoke(0, Op.read(null)).ok(0, Op.read(null, 7L));
        assertEquals(Verdict.INVALID, register(h).verdict());
    }

    @Test
    void infoWriteMayTakeEffectLate() {
        // The write of 7 timed out; a read much later sees it: fine, it took effect late.
        HistoryBuilder h = History.builder()
                .invoke(1, Op.write(null, 7)).info(1, Op.write(null, 7))
                .invoke(0, Op.write(null, 1)).ok(0, Op.write(null, 1))
                .invoke(0, Op.read(null)).ok(0, Op.read(null, 1L))
                .invoke(0, Op.read(null)).ok(0, Op.read(null, 7L));
        assertEquals(Verdict.VALID, register(h).verdict());
    }

    @Test
    void infoWriteMayNeverTakeEffect() {
        HistoryBuilder h = History.builder()
                .invoke(1, Op.write(null, 7)).info(1, Op.write(null, 7))
                .invoke(0, Op.read(null)).ok(0, Op.read(null, null));
        assertEquals(Verdict.VALID, register(h).verdict());
        HistoryBuilder unfinished = History.builder()
                .invoke(1, Op.cas(null, 5, 6))
                .invoke(0, Op.write(null, 1)).ok(0, Op.write(null, 1))
                .invoke(0, Op.read(null)).ok(0, Op.read(null, 1L));
        assertEquals(Verdict.VALID, register(unfinished).verdict());
    }

    @Test
    void infoWriteCannotTakeEffectBeforeItsInvocation() {
        HistoryBuilder h = History.builder()
                .invoke(0, Op.read(null)).ok(0, Op.read(null, 7L))
                .invoke(1, Op.write(null, 7)).info(1, Op.write(null, 7));
        assertEquals(Verdict.INVALID, register(h).verdict());
    }

    @Test
    void infoWriteTakesEffectOnceOnly() {
        // 7 may appear late, but once overwritten by 1 (after 7 was seen), it cannot reappear.
        HistoryBuilder h = History.builder()
                .invoke(1, Op.write(null, 7)).info(1, Op.write(null, 7))
                .invoke(0, Op.read(null)).ok(0, Op.read(null, 7L))
                .invoke(0, Op.write(null, 1)).ok(0, Op.write(null, 1))
                .invoke(0, Op.read(null)).ok(0, Op.read(null, 7L));
        assertEquals(Verdict.INVALID, register(h).verdict());
    }

    @Test
    void keyValueIsCheckedPerKey() {
        HistoryBuilder h = History.builder()
                .invoke(0, Op.write("x", 1)).ok(0, Op.write("x", 1))
                .invoke(1, Op.write("y", 1)).ok(1, Op.write("y", 1))
                .invoke(2, Op.read("x")).ok(2, Op.read("x", 1L))
                .invoke(2, Op.read("y")).ok(2, Op.read("y", 1L))
                .invoke(2, Op.read("z")).ok(2, Op.read("z", null));
        assertEquals(Verdict.VALID, LinearizabilityChecker.keyValue().check(h.build()).verdict());
        h.invoke(3, Op.read("y")).ok(3, Op.read("y", null));
        CheckResult r = LinearizabilityChecker.keyValue().check(h.build());
        assertEquals(Verdict.INVALID, r.verdict());
        assertTrue(r.explanation().contains("key y"), r.explanation());
    }

    @Test
    void registerModelRejectsKeys() {
        History h = History.builder().invoke(0, Op.write("x", 1)).ok(0, Op.write("x", 1)).build();
        assertThrows(IllegalArgumentException.class, () -> LinearizabilityChecker.register().check(h));
    }

    @Test
    void exhaustedBudgetIsUnknownNeverValid() {
        // Many concurrent writes and one read that nobody wrote: the search must explore before refuting.
        HistoryBuilder h = History.builder();
        for (int p = 0; p < 12; p++) {
            h.invoke(p, Op.write(null, p + 1));
        }
        h.invoke(20, Op.read(null)).ok(20, Op.read(null, 99L));
        for (int p = 0; p < 12; p++) {
            h.ok(p, Op.write(null, p + 1));
        }
        CheckResult tight = LinearizabilityChecker.register().withBudget(5, 1000).check(h.build());
        assertEquals(Verdict.UNKNOWN, tight.verdict());
        assertTrue(tight.explanation().contains("budget"), tight.explanation());
        assertEquals(Verdict.INVALID, LinearizabilityChecker.register().check(h.build()).verdict());
    }
}
