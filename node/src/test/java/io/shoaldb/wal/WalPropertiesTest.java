package io.shoaldb.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.runtime.MemoryDisk;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random sequences of saves, partial progress of the disk and crashes (losing, keeping or tearing
 * unsynced writes and directory operations): recovery never loses an acknowledged record and never
 * returns one that was not written. Each run is fully determined by its seed.
 */
class WalPropertiesTest {

    /** Drives one WAL through random saves and crashes, checking every recovery against the model. */
    static final class Run {
        final Random random;
        final WalConfig config;
        final MemoryDisk disk = new MemoryDisk();
        final List<WalHarness> harnesses = new ArrayList<>();
        Wal wal;
        /** State recovered at the last open, and every step issued since, in write order. */
        WalImage base;
        final List<WalImage.Step> issued = new ArrayList<>();
        /** The model after all issued steps: what the next save is validated against. */
        WalImage current;
        int ackedSteps;
        int expectedAckSave;
        int issuedSaves;
        long term = 1;
        int vote = 1;
        int crashes;
        final boolean crashing;

        Run(long seed) {
            this(seed, true);
        }

        Run(long seed, boolean crashing) {
            this.crashing = crashing;
            this.random = new Random(seed);
            this.config = WalHarness.config().withSegmentTargetBytes(1024 + random.nextInt(4096)).withMaxBatchBytes(8192);
            reopen();
        }

        void reopen() {
            WalHarness h = new WalHarness(disk);
            harnesses.add(h);
            OpenResult.Opened o = h.opened(config);
            wal = o.wal();
            base = WalImage.of(o.recovered());
            current = base.copy();
            issued.clear();
            ackedSteps = 0;
            expectedAckSave = 0;
            issuedSaves = 0;
            term = Math.max(term, Math.max(base.hardState().term(), base.lastLogTerm()));
        }

        void save() {
            List<WalImage.Step> steps = new ArrayList<>();
            WalSnapshot snap = null;
            List<WalEntry> entries = new ArrayList<>();
            WalHardState hs = null;
            int kind = random.nextInt(10);
            if (kind == 0 && current.lastIndex() > current.snapshotIndex()) {
                long index = current.snapshotIndex() + 1 + random.nextInt((int) (current.lastIndex() - current.snapshotIndex()));
                long t = random.nextInt(4) == 0 ? term + 1 : current.termAt(index);
                term = Math.max(term, t);
                snap = new WalSnapshot(index, t, ("image-" + index + "-" + random.nextInt(1000)).getBytes());
                steps.add(new WalImage.Step.Snap(snap));
            } else {
                long first;
                if (kind <= 2 && current.lastIndex() > current.snapshotIndex()) {
                    // a new leader overwrites a suffix
                    term++;
                    vote = random.nextInt(5);
                    first = current.snapshotIndex() + 1 + random.nextInt((int) (current.lastIndex() - current.snapshotIndex()));
                } else {
                    first = current.lastIndex() + 1;
                }
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    byte[] data = new byte[random.nextInt(300)];
                    random.nextBytes(data);
                    entries.add(new WalEntry(first + i, term, random.nextInt(256), data));
                }
            }
            if (random.nextInt(3) == 0) {
                if (random.nextInt(4) == 0) {
                    term++;
                    vote = random.nextInt(5);
                }
                hs = new WalHardState(term, vote, random.nextInt((int) current.lastIndex() + 1));
            }
            for (WalEntry e : entries) {
                steps.add(new WalImage.Step.Append(e));
            }
            if (hs != null) {
                steps.add(new WalImage.Step.Hard(hs));
            }
            int saveNo = issuedSaves++;
            int stepsAfter = issued.size() + steps.size();
            Wal target = wal;
            wal.save(hs, entries, snap, r -> {
                assertEquals(SaveResult.DURABLE, r);
                assertTrue(target == wal, "an old incarnation's save completed");
                assertEquals(expectedAckSave, saveNo, "saves complete in order");
                expectedAckSave++;
                ackedSteps = stepsAfter;
            });
            for (WalImage.Step s : steps) {
                current.apply(s);
            }
            issued.addAll(steps);
        }

        void crashAndCheck() {
            crashes++;
            disk.crash(random);
            String files = dump(disk);
            List<WalImage.Step> steps = List.copyOf(issued);
            WalImage before = base;
            int mustKeep = ackedSteps;
            reopen();
            Recovered r = base.toRecovered();
            assertTrue(WalImage.matchesSomePrefix(before, steps, mustKeep, r),
                    "recovered " + describe(r) + " is not the state after " + mustKeep + ".." + steps.size()
                            + " of the issued steps " + steps + "\nfiles after the crash:\n" + files);
        }

        void step() {
            int what = random.nextInt(100);
            if (what < 45) {
                save();
            } else if (what < 70) {
                for (int i = random.nextInt(6); i > 0 && disk.runOne(); i--) {
                    // partial progress of the disk
                }
            } else if (what < 85) {
                disk.runUntilIdle();
            } else if (what < 92) {
                disk.holdFsyncs(random.nextBoolean());
                if (random.nextBoolean()) {
                    disk.releaseFsyncs();
                }
            } else if (crashing) {
                crashAndCheck();
            } else {
                disk.runUntilIdle();
            }
        }
    }

    /**
     * Rare paths the crash property must reach (code probes): trace text to look for, and how often
     * the runs saw it. Checked once all tries are done, so a change that stops the property from
     * exercising a path fails loudly instead of silently testing less.
     */
    static final java.util.TreeMap<String, Long> PROBES = new java.util.TreeMap<>(java.util.Map.of(
            "wal torn tail in", 0L,
            "has a torn header", 0L,
            "wal removed leftover", 0L,
            "wal compacted", 0L,
            "wal new segment", 0L,
            "wal snapshot durable", 0L));

    static void countProbes(Run run) {
        for (WalHarness h : run.harnesses) {
            for (String line : h.trace.events) {
                PROBES.replaceAll((k, v) -> line.contains(k) ? v + 1 : v);
            }
            for (String line : h.trace.warnings) {
                PROBES.replaceAll((k, v) -> line.contains(k) ? v + 1 : v);
            }
        }
    }

    @net.jqwik.api.lifecycle.AfterContainer
    static void everyProbeWasReached() {
        for (var probe : PROBES.entrySet()) {
            assertTrue(probe.getValue() > 0, "no run reached '" + probe.getKey() + "': " + PROBES);
        }
    }

    /** The directory as a person reads it: each segment's records in order, for failure messages. */
    static String dump(MemoryDisk disk) {
        StringBuilder out = new StringBuilder();
        for (String name : disk.names()) {
            byte[] b = disk.contents(name);
            StringBuilder sb = new StringBuilder(name + " (" + b.length + "B):");
            if (name.startsWith("wal-") && WalFormat.readSegmentHeader(b) instanceof WalFormat.HeaderRead.Ok<WalFormat.SegmentHeader> ok) {
                int off = ok.lengthBytes();
                while (off < b.length && WalFormat.readRecord(b, off, b.length) instanceof WalFormat.RecordRead.Ok r) {
                    sb.append(switch (r.record()) {
                        case WalFormat.Record.Entry e -> " " + e.entry().index() + "@" + e.entry().term();
                        case WalFormat.Record.HardState h -> " HS" + h.state().term();
                        case WalFormat.Record.Snapshot sn -> " SNAP" + sn.index() + "@" + sn.term();
                    });
                    off = r.endOffset();
                }
                if (off < b.length) {
                    sb.append(" <garbage ").append(b.length - off).append("B>");
                }
            }
            out.append(sb).append('\n');
        }
        return out.toString();
    }

    static String describe(Recovered r) {
        return "{hs=" + r.hardState() + " snap=" + r.snapshot().map(s -> s.index() + "@" + s.term()).orElse("none")
                + " entries=" + r.entries().stream().map(e -> e.index() + "@" + e.term()).toList() + "}";
    }

    @Property(tries = 300)
    void crashesNeverLoseAcknowledgedRecordsNorInventOnes(@ForAll long seed) {
        Run run = new Run(seed);
        for (int i = 0; i < 150; i++) {
            run.step();
        }
        run.disk.holdFsyncs(false);
        run.disk.releaseFsyncs();
        run.disk.runUntilIdle();
        assertEquals(run.issuedSaves, run.expectedAckSave, "every save completed once the disk settled");
        run.crashAndCheck();
        countProbes(run);
    }

    @Property(tries = 300)
    void aFlippedBitNeverLosesAnAcknowledgedRecordSilently(@ForAll long seed) {
        Run run = new Run(seed, false);
        for (int i = 0; i < 80; i++) {
            run.step();
        }
        run.disk.holdFsyncs(false);
        run.disk.releaseFsyncs();
        run.disk.runUntilIdle();
        List<String> files = run.disk.names();
        String file = files.get(run.random.nextInt(files.size()));
        int length = run.disk.contents(file).length;
        // Half the tries hit the very end of the file: the final record of the last segment is the case
        // that a flip could once pass off as a torn write.
        int at = run.random.nextBoolean() ? length - 1 - run.random.nextInt(Math.min(length, 24)) : run.random.nextInt(length);
        run.disk.flipBit(file, at, run.random.nextInt(8));
        boolean slot = file.endsWith(".slot");
        OpenResult result = new WalHarness(run.disk).open(run.config);
        switch (result) {
            case OpenResult.Opened o -> {
                // Only a state-slot copy may take a flip (the other copies outvote it), and then nothing
                // acknowledged is missing and nothing is altered.
                assertTrue(slot, "a flip in " + file + " at offset " + at + " was not refused");
                assertTrue(WalImage.matchesSomePrefix(run.base, run.issued, run.ackedSteps, o.recovered()),
                        "flip in " + file + " returned " + describe(o.recovered()));
            }
            case OpenResult.Refused r -> {
                assertFalse(slot, "a flip in one state-slot copy must be outvoted: " + r.message());
                assertEquals(OpenResult.Reason.CORRUPT, r.reason(), r.message());
            }
        }
    }
}
