package io.shoaldb.sim.disk;

import io.shoaldb.sim.scenario.Scenario;

/**
 * Disk fault settings of a run, read from the scenario ({@code disk.*} keys, see docs/simulation.md).
 * Error probabilities apply per operation; crash-time probabilities per unsynced operation. A read
 * corruption flips one bit of the bytes returned by one read (a latent sector error or a bad cable),
 * leaving the stored bytes intact, so a retry reads them correctly. A misdirected write lands 1 to 8
 * sectors away from where it was aimed, in the same file, and reports success.
 */
public record DiskFaults(
        long latencyMinNanos,
        long latencyMaxNanos,
        double readError,
        double readCorrupt,
        double writeError,
        double misdirect,
        double fsyncError,
        double unsyncedLoss,
        double tornWrite,
        double bitFlipRate,
        double fullRate,
        long fullMeanNanos,
        long capacityBytes) {

    public static DiskFaults from(Scenario s, boolean faultsOn) {
        long[] latency = s.durationRangeNanos("disk.latency", 20_000L, 1_000_000L);
        double on = faultsOn ? 1 : 0;
        return new DiskFaults(
                latency[0],
                latency[1],
                on * s.probability("disk.read_error", 0),
                on * s.probability("disk.read_corrupt", 0),
                on * s.probability("disk.write_error", 0),
                on * s.probability("disk.misdirect", 0),
                on * s.probability("disk.fsync_error", 0),
                on * s.probability("disk.unsynced_loss", 0),
                on * s.probability("disk.torn_write", 0),
                on * s.ratePerSecond("disk.bit_flip", 0),
                on * s.ratePerSecond("disk.full", 0),
                s.durationNanos("disk.full_duration", 1_000_000_000L),
                s.sizeBytes("disk.capacity", 1L << 30));
    }

    /**
     * The settings once faults heal: no more errors or rot. Crash-time losses stay, since the liveness
     * phase restarts no node after healing.
     */
    public DiskFaults healed() {
        return new DiskFaults(latencyMinNanos, latencyMaxNanos, 0, 0, 0, 0, 0, unsyncedLoss, tornWrite, 0, 0,
                fullMeanNanos, capacityBytes);
    }
}
