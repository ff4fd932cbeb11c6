package io.shoaldb.checker.elle;

import static io.shoaldb.checker.elle.ListAppendCheckerTest.assertAnomaly;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shoaldb.checker.CheckResult;
import io.shoaldb.checker.Verdict;
import org.junit.jupiter.api.Test;

class RwRegisterCheckerTest {

    static CheckResult strict(Txns t) {
        return new RwRegisterChecker(ElleOptions.DEFAULT).check(t.build());
    }

    @Test
    void serialHistoryIsValid() {
        CheckResult r = strict(Txns.rwRegister()
                .ok(0, "r x nil", "w x 1")
                .ok(1, "r x 1", "w x 2", "w y 1")
                .ok(0, "r x 2", "r y 1")
                .ok(2, "r z nil"));
        assertEquals(Verdict.VALID, r.verdict(), r.explanation());
    }

    @Test
    void g0WriteCycleThroughWritesFollowingReads() {
        CheckResult r = strict(Txns.rwRegister()
                .invoke(0, "r y 4", "w y 2", "w x 1").invoke(1, "r x 1", "w x 3", "w y 4")
                .complete(0, "ok").complete(1, "ok"));
        assertAnomaly("G0", r);
    }

    @Test
    void g1aAbortedRead() {
        assertAnomaly("G1a", strict(Txns.rwRegister().fail(0, "w x 1").ok(1, "r x 1")));
    }

    @Test
    void g1bIntermediateRead() {
        assertAnomaly("G1b", strict(Txns.rwRegister()
                .invoke(0, "w x 1", "w x 2").invoke(1, "r x 1").complete(1, "ok").complete(0, "ok")));
    }

    @Test
    void g1cCircularInformationFlow() {
        assertAnomaly("G1c", strict(Txns.rwRegister()
                .invoke(0, "w x 1", "r y 1").invoke(1, "w y 1", "r x 1")
                .complete(0, "ok").complete(1, "ok")));
    }

    @Test
    void gSingleReadSkew() {
        assertAnomaly("G-single", strict(Txns.rwRegister()
                .invoke(0, "w x 1", "w y 1").invoke(1, "r x nil", "r y 1")
                .complete(0, "ok").complete(1, "ok")));
    }

    @Test
    void g2ItemWriteSkew() {
        assertAnomaly("G2-item", strict(Txns.rwRegister()
                .invoke(0, "r x nil", "w y 1").invoke(1, "r y nil", "w x 1")
                .complete(0, "ok").complete(1, "ok")));
    }

    @Test
    void staleReadViolatesStrictOnly() {
        Txns t = Txns.rwRegister().ok(0, "w x 1").ok(1, "r x nil");
        assertAnomaly("G-single-realtime", strict(t));
        assertEquals(Verdict.VALID, new RwRegisterChecker(ElleOptions.SERIALIZABLE).check(t.build()).verdict());
    }

    @Test
    void staleReadOfAnOverwrittenValueViolatesStrictOnly() {
        Txns t = Txns.rwRegister().ok(0, "w x 1").ok(1, "w x 2").ok(2, "r x 1");
        assertAnomaly("G-single-realtime", strict(t));
        assertEquals(Verdict.VALID, new RwRegisterChecker(ElleOptions.SERIALIZABLE).check(t.build()).verdict());
        // Concurrent writers: either order is possible, so reading 1 is fine.
        Txns concurrent = Txns.rwRegister().invoke(0, "w x 1").invoke(1, "w x 2")
                .complete(0, "ok").complete(1, "ok").ok(2, "r x 1");
        assertEquals(Verdict.VALID, strict(concurrent).verdict());
    }

    @Test
    void readingOwnLaterWriteIsInternal() {
        assertAnomaly("internal", strict(Txns.rwRegister().ok(0, "r x 1", "w x 1")));
    }

    @Test
    void internalAndGarbage() {
        assertAnomaly("internal", strict(Txns.rwRegister().ok(0, "w x 1", "r x 2").ok(1, "w x 2")));
        assertAnomaly("garbage-read", strict(Txns.rwRegister().ok(0, "r x 7")));
    }

    @Test
    void indeterminateWriteMayHaveCommitted() {
        assertEquals(Verdict.VALID, strict(Txns.rwRegister().info(0, "w x 1").ok(1, "r x 1")).verdict());
    }
}
