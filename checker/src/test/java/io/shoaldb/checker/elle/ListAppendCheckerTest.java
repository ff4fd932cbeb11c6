package io.shoaldb.checker.elle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.checker.Anomaly;
import io.shoaldb.checker.CheckResult;
import io.shoaldb.checker.Verdict;
import io.shoaldb.checker.history.History;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListAppendCheckerTest {

    static CheckResult strict(Txns t) {
        return new ListAppendChecker(ElleOptions.DEFAULT).check(t.build());
    }

    static CheckResult serializable(Txns t) {
        return new ListAppendChecker(ElleOptions.SERIALIZABLE).check(t.build());
    }

    static Set<String> types(CheckResult r) {
        return r.anomalies().stream().map(Anomaly::type).collect(java.util.stream.Collectors.toSet());
    }

    static void assertAnomaly(String type, CheckResult r) {
        assertEquals(Verdict.INVALID, r.verdict(), r.explanation());
        assertTrue(types(r).contains(type), "expected " + type + " in:\n" + r.explanation());
    }

    @Test
    void serialHistoryIsValid() {
        CheckResult r = strict(Txns.listAppend()
                .ok(0, "a x 1")
                .ok(1, "r x 1", "a x 2", "a y 1")
                .ok(0, "r x 1 2", "r y 1")
                .ok(2, "r z"));
        assertEquals(Verdict.VALID, r.verdict(), r.explanation());
    }

    @Test
    void g0WriteCycle() {
        CheckResult r = strict(Txns.listAppend()
                .invoke(0, "a x 1", "a y 1").invoke(1, "a x 2", "a y 2")
                .complete(0, "ok").complete(1, "ok")
                .ok(2, "r x 1 2", "r y 2 1"));
        assertAnomaly("G0", r);
        Anomaly g0 = r.anomalies().stream().filter(a -> a.type().equals("G0")).findFirst().orElseThrow();
        assertEquals(Set.of(0, 1), Set.copyOf(g0.operationIds()), g0.explanation());
        assertTrue(g0.explanation().contains("--ww x-->") && g0.explanation().contains("--ww y-->"), g0.explanation());
    }

    @Test
    void g1aAbortedRead() {
        CheckResult r = strict(Txns.listAppend().fail(0, "a x 1").ok(1, "r x 1"));
        assertAnomaly("G1a", r);
        assertEquals(List.of(0, 1), r.anomalies().getFirst().operationIds());
    }

    @Test
    void g1bIntermediateRead() {
        CheckResult r = strict(Txns.listAppend()
                .invoke(0, "a x 1", "a x 2").invoke(1, "r x 1").complete(1, "ok").complete(0, "ok"));
        assertAnomaly("G1b", r);
    }

    @Test
    void readingOwnIntermediateAppendIsFine() {
        assertEquals(Verdict.VALID, strict(Txns.listAppend().ok(0, "a x 1", "r x 1", "a x 2")).verdict());
    }

    @Test
    void g1cCircularInformationFlow() {
        CheckResult r = strict(Txns.listAppend()
                .invoke(0, "a x 1", "r y 1").invoke(1, "a y 1", "r x 1")
                .complete(0, "ok").complete(1, "ok"));
        assertAnomaly("G1c", r);
        assertTrue(r.explanation().contains("--wr"), r.explanation());
    }

    @Test
    void gSingleReadSkew() {
        CheckResult r = strict(Txns.listAppend()
                .invoke(0, "a x 1", "a y 1").invoke(1, "r x", "r y 1")
                .complete(0, "ok").complete(1, "ok"));
        assertAnomaly("G-single", r);
        assertEquals(Set.of("G-single"), types(r));
    }

    @Test
    void g2ItemWriteSkew() {
        Txns t = Txns.listAppend()
                .invoke(0, "r x", "a y 1").invoke(1, "r y", "a x 1")
                .complete(0, "ok").complete(1, "ok")
                .ok(2, "r x 1", "r y 1");
        CheckResult r = strict(t);
        assertAnomaly("G2-item", r);
        Anomaly g2 = r.anomalies().getFirst();
        assertEquals(Set.of(0, 1), Set.copyOf(g2.operationIds()));
    }

    @Test
    void staleReadViolatesStrictButNotPlainSerializability() {
        Txns t = Txns.listAppend().ok(0, "a x 1").ok(1, "r x").ok(2, "r x 1");
        assertAnomaly("G-single-realtime", strict(t));
        assertEquals(Verdict.VALID, serializable(t).verdict());
    }

    @Test
    void lostAppendIsFoundThroughUnobservedVersions() {
        Txns t = Txns.listAppend().ok(0, "a x 1").ok(1, "a x 2").ok(2, "r x 1");
        CheckResult r = strict(t);
        assertAnomaly("G-single-realtime", r);
        assertTrue(r.anomalies().getFirst().operationIds().containsAll(List.of(1, 2)), r.explanation());
    }

    @Test
    void incompatibleOrder() {
        CheckResult r = strict(Txns.listAppend()
                .invoke(0, "a x 1").invoke(1, "a x 2").complete(0, "ok").complete(1, "ok")
                .ok(2, "r x 1 2").ok(3, "r x 2 1"));
        assertAnomaly("incompatible-order", r);
    }

    @Test
    void ownAppendsMustEnterTheOrderInProgramOrder() {
        assertAnomaly("incompatible-order", strict(Txns.listAppend().ok(0, "a x 1", "a x 2").ok(1, "r x 2 1")));
        assertAnomaly("incompatible-order", strict(Txns.listAppend().info(0, "a x 1", "a x 2").ok(1, "r x 2")));
    }

    @Test
    void readingOwnLaterAppendIsInternal() {
        assertAnomaly("internal", strict(Txns.listAppend().ok(0, "r x 1", "a x 1")));
    }

    @Test
    void committedInfoTransactionsUnobservedAppendsAreOrdered() {
        // #0 is info but committed (someone read its x 1); its y 2 is unobserved, so it follows y [3]; and #1's
        // unobserved x 4 follows x [1]: #0 -ww x-> #1 -ww y-> #0.
        CheckResult r = serializable(Txns.listAppend()
                .ok(2, "r x 1")
                .invoke(0, "a x 1", "a y 2").invoke(3, "r y")
                .ok(1, "a y 3", "a x 4")
                .complete(3, "ok").complete(0, "info"));
        assertEquals(Verdict.VALID, r.verdict(), "r y [] of #3 is compatible; the read pattern below is not");
        CheckResult bad = serializable(Txns.listAppend()
                .ok(2, "r x 1")
                .invoke(0, "a x 1", "a y 2")
                .ok(1, "a y 3", "a x 4")
                .ok(3, "r y 3")
                .complete(0, "info"));
        assertAnomaly("G0", bad);
    }

    @Test
    void internalInconsistency() {
        assertAnomaly("internal", strict(Txns.listAppend().ok(1, "a x 1").ok(0, "a x 5", "r x 1")));
        assertAnomaly("internal", strict(Txns.listAppend().ok(1, "a x 1").ok(0, "r x 1", "r x")));
    }

    @Test
    void garbageRead() {
        assertAnomaly("garbage-read", strict(Txns.listAppend().ok(0, "r x 9")));
    }

    @Test
    void duplicateElements() {
        assertAnomaly("duplicate-elements", strict(Txns.listAppend().ok(0, "a x 1").ok(1, "r x 1 1")));
    }

    @Test
    void dirtyUpdate() {
        CheckResult r = strict(Txns.listAppend().fail(0, "a x 1").ok(1, "a x 2").ok(2, "r x 1 2"));
        assertAnomaly("dirty-update", r);
        assertAnomaly("G1a", r);
    }

    @Test
    void indeterminateAppendMayHaveCommitted() {
        assertEquals(Verdict.VALID, strict(Txns.listAppend().info(0, "a x 1").ok(1, "r x 1")).verdict());
        assertEquals(Verdict.VALID, strict(Txns.listAppend().info(0, "a x 1").ok(1, "r x")).verdict());
    }

    @Test
    void duplicateAppendsAreAMalformedWorkload() {
        History h = Txns.listAppend().ok(0, "a x 1").ok(1, "a x 1").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ListAppendChecker(ElleOptions.DEFAULT).check(h));
        assertTrue(e.getMessage().contains("unique appends"), e.getMessage());
    }
}
