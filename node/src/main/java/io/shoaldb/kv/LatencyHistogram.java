package io.shoaldb.kv;

/**
 * A fixed-size histogram of durations in nanoseconds with log-linear buckets (eight per power of
 * two, so a reported percentile is within 12.5% of the true value). No allocation when recording.
 */
final class LatencyHistogram {

    private static final int SUB_BUCKETS = 8;
    private static final int BUCKETS = SUB_BUCKETS * 61;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long maxNanos;

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[bucket(v)]++;
        total++;
        maxNanos = Math.max(maxNanos, v);
    }

    long count() {
        return total;
    }

    long maxNanos() {
        return maxNanos;
    }

    /** The upper bound of the bucket holding the {@code percent}-th percentile, 0 if empty. */
    long percentileNanos(double percent) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(total * percent / 100.0);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                return Math.min(maxNanos, upperBound(i));
            }
        }
        return maxNanos;
    }

    void reset() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
        maxNanos = 0;
    }

    static int bucket(long v) {
        if (v < SUB_BUCKETS) {
            return (int) v;
        }
        int e = 63 - Long.numberOfLeadingZeros(v);
        return SUB_BUCKETS * (e - 2) + (int) ((v >>> (e - 3)) & (SUB_BUCKETS - 1));
    }

    static long upperBound(int bucket) {
        if (bucket < SUB_BUCKETS) {
            return bucket;
        }
        int e = bucket / SUB_BUCKETS + 2;
        long sub = bucket % SUB_BUCKETS;
        return ((SUB_BUCKETS + sub + 1) << (e - 3)) - 1;
    }
}
