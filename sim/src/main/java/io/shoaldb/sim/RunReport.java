package io.shoaldb.sim;

import io.shoaldb.sim.event.EventLoop;
import io.shoaldb.sim.event.TraceHash;
import java.util.Map;
import java.util.SortedMap;

/**
 * The outcome of one run. Everything but the wall time and the compression is a deterministic
 * function of (scenario, seed), so two replays print the same report apart from those two lines.
 *
 * @param failureDetail a stack trace or longer explanation when the run failed, else empty
 */
public record RunReport(
        long seed,
        String scenario,
        String workload,
        int nodes,
        int clients,
        long events,
        long virtualNanos,
        long livenessStartNanos,
        long wallNanos,
        long traceHash,
        SortedMap<String, Long> faults,
        SortedMap<String, Long> stats,
        Verdict verdict,
        String failureDetail) {

    public boolean passed() {
        return verdict.passed();
    }

    /** Virtual time from healing to the liveness condition (or to the end of a failed run); -1 if never healed. */
    public long recoveryNanos() {
        return livenessStartNanos < 0 ? -1 : virtualNanos - livenessStartNanos;
    }

    /** Simulated seconds per wall-clock second. */
    public double compression() {
        return wallNanos <= 0 ? 0 : (double) virtualNanos / wallNanos;
    }

    public String traceHashHex() {
        return TraceHash.hex(traceHash);
    }

    /** The multi-line report printed by {@code ./shoal sim}. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append("seed          ").append(seed).append('\n');
        b.append("scenario      ").append(scenario).append(" (workload ").append(workload).append(", ")
                .append(nodes).append(" nodes, ").append(clients).append(" clients)\n");
        b.append("events        ").append(events).append('\n');
        b.append("virtual time  ").append(EventLoop.formatTime(virtualNanos)).append(" s");
        if (livenessStartNanos >= 0) {
            b.append(" (liveness phase from ").append(EventLoop.formatTime(livenessStartNanos)).append(" s)");
        }
        b.append('\n');
        if (livenessStartNanos >= 0 && verdict.passed()) {
            b.append("recovery      ").append(EventLoop.formatTime(recoveryNanos())).append(" s from healing to progress\n");
        }
        b.append("wall time     ").append(String.format("%.3f s", wallNanos / 1e9)).append('\n');
        b.append("compression   ").append(String.format("%.0fx", compression())).append('\n');
        b.append("trace hash    ").append(traceHashHex()).append('\n');
        b.append("faults fired  ").append(faults.isEmpty() ? "none" : line(faults)).append('\n');
        b.append("stats         ").append(line(stats)).append('\n');
        b.append("verdict       ").append(verdict.passed() ? "PASS " : "FAIL ").append(verdict.summary()).append('\n');
        if (!failureDetail.isEmpty()) {
            b.append(failureDetail).append('\n');
        }
        return b.toString();
    }

    /** One line per seed, for sweeps. */
    public String summaryLine() {
        return String.format("seed %d %s hash %s events %d virtual %ss compression %.0fx: %s", seed,
                verdict.passed() ? "PASS" : "FAIL", traceHashHex(), events, EventLoop.formatTime(virtualNanos),
                compression(), verdict.summary());
    }

    private static String line(Map<String, Long> m) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Long> e : m.entrySet()) {
            if (!b.isEmpty()) {
                b.append(", ");
            }
            b.append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }
}
