package io.shoaldb.checker.elle;

/**
 * Options of the transactional checkers.
 *
 * @param strict              also check strict serializability: add real-time edges (T1 completed before
 *                            T2 was invoked) and report the cycles that need them ({@code *-realtime})
 * @param maxAnomaliesPerType report at most this many anomalies of each type (the verdict does not change)
 * @param cycleSearchBudget   edge visits allowed for the searches for the weakest cycle shape in each
 *                            strongly connected component; once spent, each component still gets one
 *                            cycle (always found), classified by the edges it happens to use
 */
public record ElleOptions(boolean strict, int maxAnomaliesPerType, long cycleSearchBudget) {
    public static final ElleOptions DEFAULT = new ElleOptions(true, 8, 50_000_000L);
    public static final ElleOptions SERIALIZABLE = DEFAULT.withStrict(false);

    public ElleOptions {
        if (maxAnomaliesPerType < 1) {
            throw new IllegalArgumentException("maxAnomaliesPerType must be >= 1");
        }
        if (cycleSearchBudget < 0) {
            throw new IllegalArgumentException("cycleSearchBudget must be >= 0");
        }
    }

    public ElleOptions withStrict(boolean strict) {
        return new ElleOptions(strict, maxAnomaliesPerType, cycleSearchBudget);
    }
}
