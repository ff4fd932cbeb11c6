package io.shoaldb.checker;

import java.util.List;
import java.util.Objects;

/**
 * One anomaly found in a history.
 *
 * @param type         the anomaly class, e.g. {@code G1c}, {@code G-single-realtime}, {@code incompatible-order},
 *                     {@code not-linearizable}
 * @param operationIds the operations involved (for a cycle: in cycle order), as {@link io.shoaldb.checker.history.Operation#id()}
 * @param explanation  printable text proving the anomaly
 */
public record Anomaly(String type, List<Integer> operationIds, String explanation) {
    public Anomaly {
        Objects.requireNonNull(type, "type");
        operationIds = List.copyOf(operationIds);
        Objects.requireNonNull(explanation, "explanation");
    }
}
