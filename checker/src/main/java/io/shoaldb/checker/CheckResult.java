package io.shoaldb.checker;

import java.util.List;
import java.util.Objects;

/**
 * A checker's answer.
 *
 * @param verdict     valid, invalid or unknown
 * @param explanation printable text: for INVALID the anomalies and the operations that prove them, for
 *                    UNKNOWN what ran out, for VALID a one-line summary
 * @param anomalies   the anomalies found (empty unless INVALID)
 */
public record CheckResult(Verdict verdict, String explanation, List<Anomaly> anomalies) {
    public CheckResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(explanation, "explanation");
        anomalies = List.copyOf(anomalies);
        if (verdict == Verdict.INVALID && anomalies.isEmpty()) {
            throw new IllegalArgumentException("an INVALID result must name at least one anomaly");
        }
        if (verdict != Verdict.INVALID && !anomalies.isEmpty()) {
            throw new IllegalArgumentException(verdict + " result cannot carry anomalies");
        }
    }

    public static CheckResult valid(String summary) {
        return new CheckResult(Verdict.VALID, summary, List.of());
    }

    public static CheckResult unknown(String why) {
        return new CheckResult(Verdict.UNKNOWN, why, List.of());
    }

    public static CheckResult invalid(List<Anomaly> anomalies) {
        StringBuilder text = new StringBuilder();
        for (Anomaly a : anomalies) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(a.type()).append(": ").append(a.explanation());
        }
        return new CheckResult(Verdict.INVALID, text.toString(), anomalies);
    }

    public boolean isValid() {
        return verdict == Verdict.VALID;
    }
}
