package io.shoaldb.kv;

import java.util.EnumMap;
import java.util.Locale;

/**
 * Where a {@link KvNode}'s writes spend their time, measured on the node's monotonic clock: the
 * latency breakdown that the group benchmark prints. Read and reset from the node's event loop.
 */
public final class KvNodeStats {

    /** A measured interval. Per write: only on the leader that proposed it. */
    public enum Metric {
        /** Per write: proposal until the Ready carrying it was handed to the WAL (waits for the save before it). */
        PROPOSE_TO_SAVE("propose->save"),
        /** Per write: proposal until the commit index covered it (local fsync and a follower's acknowledgement). */
        PROPOSE_TO_COMMIT("propose->commit"),
        /** Per write: proposal until it was applied and answered. */
        PROPOSE_TO_REPLY("propose->reply"),
        /** Per save: a Ready found waiting behind the save in flight until it was handed to the WAL. */
        SAVE_WAIT("save-wait"),
        /** Per save: handed to the WAL until it reported the save durable. */
        SAVE("save");

        private final String label;

        Metric(String label) {
            this.label = label;
        }
    }

    private final EnumMap<Metric, LatencyHistogram> histograms = new EnumMap<>(Metric.class);
    private long savedEntries;
    private long appliedDuringSave;
    private long applied;

    KvNodeStats() {
        for (Metric m : Metric.values()) {
            histograms.put(m, new LatencyHistogram());
        }
    }

    void record(Metric m, long nanos) {
        histograms.get(m).record(nanos);
    }

    void saved(int entries) {
        savedEntries += entries;
    }

    void applied(int entries, boolean whileSaving) {
        applied += entries;
        if (whileSaving) {
            appliedDuringSave += entries;
        }
    }

    /** Count of the metric since the last reset. */
    public long count(Metric m) {
        return histograms.get(m).count();
    }

    /** The metric's percentile since the last reset, in nanoseconds (bucket upper bound), 0 if none. */
    public long percentileNanos(Metric m, double percent) {
        return histograms.get(m).percentileNanos(percent);
    }

    /**
     * One line: saves and entries per save, entries applied while a save was in flight, and p50 / p99
     * / max in milliseconds of every metric seen since the last reset; then starts over.
     */
    public String reportAndReset() {
        long saves = histograms.get(Metric.SAVE).count();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "saves=%d entries/save=%.1f applied=%d applied-while-saving=%d", saves,
                saves == 0 ? 0.0 : savedEntries / (double) saves, applied, appliedDuringSave));
        for (Metric m : Metric.values()) {
            LatencyHistogram h = histograms.get(m);
            if (h.count() > 0) {
                sb.append(String.format(Locale.ROOT, "; %s n=%d p50 %.2f p99 %.2f max %.2f ms", m.label, h.count(),
                        h.percentileNanos(50) / 1e6, h.percentileNanos(99) / 1e6, h.maxNanos() / 1e6));
            }
            h.reset();
        }
        savedEntries = 0;
        appliedDuringSave = 0;
        applied = 0;
        return sb.toString();
    }
}
