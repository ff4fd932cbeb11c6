package io.shoaldb.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.Mop;
import io.shoaldb.checker.history.Op;
import org.junit.jupiter.api.Test;

class CheckersTest {

    @Test
    void dispatchesEachWorkloadToItsChecker() {
        History kv = History.builder().invoke(0, Op.write("x", 1)).ok(0, Op.write("x", 1))
                .invoke(1, Op.read("x")).ok(1, Op.read("x", 2L)).build();
        assertEquals(Verdict.INVALID, Checkers.check(Workload.KV, kv).verdict());
        History reg = History.builder().invoke(0, Op.write(null, 1)).ok(0, Op.write(null, 1)).build();
        assertEquals(Verdict.VALID, Checkers.check(Workload.REGISTER, reg).verdict());
        History la = History.builder().invoke(0, Op.txn(Mop.append("x", 1))).ok(0, Op.txn(Mop.append("x", 1)))
                .invoke(1, Op.txn(Mop.readList("x"))).ok(1, Op.txn(Mop.readList("x", new long[0]))).build();
        assertEquals(Verdict.INVALID, Checkers.check(Workload.LIST_APPEND, la).verdict(), "stale read, strict by default");
        History rw = History.builder().invoke(0, Op.txn(Mop.write("x", 1))).ok(0, Op.txn(Mop.write("x", 1)))
                .invoke(1, Op.txn(Mop.read("x"))).ok(1, Op.txn(Mop.read("x", 1L))).build();
        assertEquals(Verdict.VALID, Checkers.check(Workload.RW_REGISTER, rw).verdict());
    }

    @Test
    void workloadNamesRoundTrip() {
        for (Workload w : Workload.values()) {
            assertEquals(w, Workload.fromCliName(w.cliName()));
        }
    }
}
