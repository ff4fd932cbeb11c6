package io.shoaldb.checker.linear;

import io.shoaldb.checker.Anomaly;
import io.shoaldb.checker.CheckResult;
import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.Op;
import io.shoaldb.checker.history.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a history of register operations (read, write, cas) is linearizable: a single register
 * ({@link #register()}) or a key-value map of independent registers ({@link #keyValue()}), which is
 * checked key by key — linearizability is local (Herlihy and Wing; P-compositionality in Horn and
 * Kroening's terms), so the map is linearizable exactly when every key is.
 *
 * <p>{@code fail} operations did not happen and are dropped; an indeterminate ({@code info}) read
 * constrains nothing and is dropped; an indeterminate write or cas may take effect at any time after its
 * invocation, or never.
 *
 * <p>The search is bounded per key by {@code maxStepsPerKey} steps and {@code maxMemoEntriesPerKey}
 * memo entries; when either runs out on a key and no other key is provably wrong, the verdict is UNKNOWN.
 * The step count is deterministic, so a seed's verdict does not depend on machine speed.
 */
public final class LinearizabilityChecker {
    public static final long DEFAULT_MAX_STEPS_PER_KEY = 20_000_000L;
    public static final int DEFAULT_MAX_MEMO_ENTRIES_PER_KEY = 4_000_000;

    private final boolean partitionByKey;
    private final long maxStepsPerKey;
    private final int maxMemoEntriesPerKey;

    private LinearizabilityChecker(boolean partitionByKey, long maxStepsPerKey, int maxMemoEntriesPerKey) {
        if (maxStepsPerKey <= 0 || maxMemoEntriesPerKey <= 0) {
            throw new IllegalArgumentException("budgets must be positive");
        }
        this.partitionByKey = partitionByKey;
        this.maxStepsPerKey = maxStepsPerKey;
        this.maxMemoEntriesPerKey = maxMemoEntriesPerKey;
    }

    /** One register; operations must have no key. */
    public static LinearizabilityChecker register() {
        return new LinearizabilityChecker(false, DEFAULT_MAX_STEPS_PER_KEY, DEFAULT_MAX_MEMO_ENTRIES_PER_KEY);
    }

    /** A map of registers, checked key by key; a {@code null} key is a register of its own. */
    public static LinearizabilityChecker keyValue() {
        return new LinearizabilityChecker(true, DEFAULT_MAX_STEPS_PER_KEY, DEFAULT_MAX_MEMO_ENTRIES_PER_KEY);
    }

    /** The same checker with another search budget per key (per register). */
    public LinearizabilityChecker withBudget(long maxStepsPerKey, int maxMemoEntriesPerKey) {
        return new LinearizabilityChecker(partitionByKey, maxStepsPerKey, maxMemoEntriesPerKey);
    }

    public CheckResult check(History history) {
        Map<String, List<Operation>> parts = partition(history);
        List<Anomaly> anomalies = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        long totalSteps = 0;
        int checkedOps = 0;
        for (Map.Entry<String, List<Operation>> part : parts.entrySet()) {
            String name = part.getKey() == null ? "register" : "key " + part.getKey();
            WglSearch search = new WglSearch(part.getValue(), maxStepsPerKey, maxMemoEntriesPerKey);
            WglSearch.Outcome outcome = search.run();
            totalSteps += search.stepsTaken();
            checkedOps += part.getValue().size();
            switch (outcome) {
                case LINEARIZABLE -> { }
                case NOT_LINEARIZABLE -> {
                    WglSearch.Explanation ex = search.explain(name);
                    anomalies.add(new Anomaly("not-linearizable", ex.operationIds(), ex.text()));
                }
                case BUDGET_EXHAUSTED -> unknown.add(name + " (" + part.getValue().size() + " operations, "
                        + search.stepsTaken() + " steps, " + search.cacheSize() + " memo entries)");
            }
        }
        if (!anomalies.isEmpty()) {
            return CheckResult.invalid(anomalies);
        }
        if (!unknown.isEmpty()) {
            return CheckResult.unknown("search budget exhausted (max " + maxStepsPerKey + " steps, "
                    + maxMemoEntriesPerKey + " memo entries per key) on " + unknown.size() + " of " + parts.size()
                    + " registers: " + String.join("; ", unknown.subList(0, Math.min(5, unknown.size())))
                    + "; the others are linearizable");
        }
        return CheckResult.valid("linearizable: " + checkedOps + " operations on " + parts.size() + " register"
                + (parts.size() == 1 ? "" : "s") + ", " + totalSteps + " search steps");
    }

    /** Groups the operations that constrain the search by key, in order of first appearance. */
    private Map<String, List<Operation>> partition(History history) {
        Map<String, List<Operation>> parts = new LinkedHashMap<>();
        for (Operation o : history.operations()) {
            if (o.invoke() instanceof Op.Txn) {
                throw new IllegalArgumentException("operation " + o.describe()
                        + " is a transaction; use the list-append or rw-register checker");
            }
            if (!partitionByKey && o.invoke().key() != null) {
                throw new IllegalArgumentException("operation " + o.describe()
                        + " names a key; a single register has none (use the kv model)");
            }
            if (o.isFail() || (o.isInfo() && o.invoke() instanceof Op.Read)) {
                continue;
            }
            parts.computeIfAbsent(partitionByKey ? o.invoke().key() : null, k -> new ArrayList<>()).add(o);
        }
        if (parts.isEmpty()) {
            parts.put(null, List.of());
        }
        parts.replaceAll((key, ops) -> dropUnobservableInfo(ops));
        return parts;
    }

    /**
     * An indeterminate write or cas whose new value no read returns and no cas expects can never be
     * observed, so it may as well never take effect: dropping it changes no verdict, and spares the search
     * from trying it at every point after its invocation (simulated histories with timeouts have many).
     */
    private static List<Operation> dropUnobservableInfo(List<Operation> ops) {
        java.util.Set<Long> observed = new java.util.HashSet<>();
        boolean anyInfo = false;
        for (Operation o : ops) {
            switch (o.result()) {
                case Op.Read r when o.isOk() -> observed.add(r.value() == null ? Op.NIL : r.value());
                case Op.Cas c -> observed.add(c.expected());
                default -> { }
            }
            anyInfo |= o.isInfo();
        }
        if (!anyInfo) {
            return ops;
        }
        List<Operation> kept = new ArrayList<>(ops.size());
        for (Operation o : ops) {
            boolean unobservable = o.isInfo() && switch (o.invoke()) {
                case Op.Write w -> !observed.contains(w.value());
                case Op.Cas c -> !observed.contains(c.newValue());
                default -> false;
            };
            if (!unobservable) {
                kept.add(o);
            }
        }
        return kept;
    }
}
