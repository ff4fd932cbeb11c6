package io.shoaldb.checker.elle;

import io.shoaldb.checker.Anomaly;
import io.shoaldb.checker.CheckResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Collects anomalies, keeping a bounded number of each type but counting them all. */
final class Findings {
    private final int maxPerType;
    private final Map<String, Integer> counts = new TreeMap<>();
    private final List<Anomaly> kept = new ArrayList<>();

    Findings(int maxPerType) {
        if (maxPerType < 1) {
            throw new IllegalArgumentException("maxPerType < 1");
        }
        this.maxPerType = maxPerType;
    }

    /** Records one anomaly; the explanation is built only if it is kept. */
    void add(String type, List<Integer> operationIds, Supplier<String> explanation) {
        int c = counts.merge(type, 1, Integer::sum);
        if (c <= maxPerType) {
            kept.add(new Anomaly(type, operationIds, explanation.get()));
        }
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    Map<String, Integer> counts() {
        return counts;
    }

    CheckResult result(String validSummary) {
        if (counts.isEmpty()) {
            return CheckResult.valid(validSummary);
        }
        StringBuilder head = new StringBuilder();
        boolean onlyRealtime = counts.keySet().stream().allMatch(t -> t.endsWith("-realtime"));
        head.append(onlyRealtime ? "serializable as far as observed, but not strict serializable" : "not serializable")
                .append(". Anomalies: ");
        head.append(String.join(", ", counts.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList()));
        if (counts.values().stream().anyMatch(c -> c > maxPerType)) {
            head.append("; at most ").append(maxPerType).append(" of each type shown");
        }
        List<Anomaly> all = new ArrayList<>(kept);
        StringBuilder text = new StringBuilder(head);
        for (Anomaly a : all) {
            text.append("\n\n").append(a.type()).append(": ").append(a.explanation());
        }
        return new CheckResult(io.shoaldb.checker.Verdict.INVALID, text.toString(), all);
    }
}
