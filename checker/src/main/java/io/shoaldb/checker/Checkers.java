package io.shoaldb.checker;

import io.shoaldb.checker.elle.ElleOptions;
import io.shoaldb.checker.elle.ListAppendChecker;
import io.shoaldb.checker.elle.RwRegisterChecker;
import io.shoaldb.checker.history.History;
import io.shoaldb.checker.linear.LinearizabilityChecker;

/**
 * The entry point: check a history of a given workload with default settings.
 *
 * <pre>{@code
 * HistoryBuilder h = History.builder();
 * h.invoke(0, Op.write("x", 1)).ok(0, Op.write("x", 1));
 * h.invoke(1, Op.read("x")).ok(1, Op.read("x", 1L));
 * CheckResult r = Checkers.check(Workload.KV, h.build());
 * if (r.verdict() != Verdict.VALID) System.out.println(r.explanation());
 * }</pre>
 *
 * For budgets and options use the checkers themselves: {@link LinearizabilityChecker},
 * {@link ListAppendChecker}, {@link RwRegisterChecker},
 * {@link io.shoaldb.checker.whitebox.CommitOrderChecker}.
 */
public final class Checkers {
    private Checkers() {
    }

    /**
     * Registers and kv: linearizability. Transactions: strict serializability (Elle-style, with
     * real-time edges); see {@link ElleOptions} for plain serializability.
     */
    public static CheckResult check(Workload workload, History history) {
        return switch (workload) {
            case REGISTER -> LinearizabilityChecker.register().check(history);
            case KV -> LinearizabilityChecker.keyValue().check(history);
            case LIST_APPEND -> new ListAppendChecker(ElleOptions.DEFAULT).check(history);
            case RW_REGISTER -> new RwRegisterChecker(ElleOptions.DEFAULT).check(history);
        };
    }
}
