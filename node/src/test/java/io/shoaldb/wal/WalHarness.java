package io.shoaldb.wal;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.shoaldb.runtime.MemoryDisk;
import io.shoaldb.runtime.Trace;
import java.util.ArrayList;
import java.util.List;

/** Opens WALs on a {@link MemoryDisk} and runs its completions, for the WAL's unit tests. */
final class WalHarness {

    /** A trace that keeps every line, so tests can look for a warning. */
    static final class RecordingTrace implements Trace {
        final List<String> events = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();

        @Override
        public void event(String what) {
            events.add(what);
        }

        @Override
        public void warn(String what) {
            warnings.add(what);
        }
    }

    final MemoryDisk disk;
    final RecordingTrace trace = new RecordingTrace();

    WalHarness(MemoryDisk disk) {
        this.disk = disk;
    }

    WalHarness() {
        this(new MemoryDisk());
    }

    static WalConfig config() {
        return WalConfig.of("test-cluster", 1);
    }

    static WalConfig smallSegments() {
        return config().withSegmentTargetBytes(1024).withMaxBatchBytes(4096);
    }

    OpenResult open(WalConfig config) {
        OpenResult[] result = new OpenResult[1];
        Wal.open(disk, disk.scheduler(), trace, config, r -> result[0] = r);
        disk.runUntilIdle();
        if (result[0] == null) {
            throw new AssertionError("open did not complete");
        }
        return result[0];
    }

    OpenResult.Opened opened(WalConfig config) {
        OpenResult r = open(config);
        if (r instanceof OpenResult.Refused refused) {
            throw new AssertionError("refused: " + refused.reason() + " " + refused.message());
        }
        return assertInstanceOf(OpenResult.Opened.class, r);
    }

    OpenResult.Refused refused(WalConfig config) {
        return assertInstanceOf(OpenResult.Refused.class, open(config));
    }

    /** Saves and runs the disk until the save completes; returns the result. */
    SaveResult saveNow(Wal wal, WalHardState hs, List<WalEntry> entries, WalSnapshot snap) {
        SaveResult[] result = new SaveResult[1];
        wal.save(hs, entries, snap, r -> result[0] = r);
        disk.runUntilIdle();
        if (result[0] == null) {
            throw new AssertionError("save did not complete");
        }
        return result[0];
    }

    static WalEntry entry(long index, long term) {
        return new WalEntry(index, term, (int) (index % 3), ("e" + index + "t" + term).getBytes());
    }

    static List<WalEntry> entries(long from, long to, long term) {
        List<WalEntry> list = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            list.add(entry(i, term));
        }
        return list;
    }
}
