package io.shoaldb.wal;

import static io.shoaldb.wal.WalHarness.entries;
import static io.shoaldb.wal.WalHarness.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.MemoryDisk;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WalTest {

    private final WalHarness h = new WalHarness();

    @Test
    void freshDirectoryOpensEmptyAndRoundTripsStateAndEntries() {
        OpenResult.Opened first = h.opened(WalHarness.config());
        assertEquals(new Recovered(WalHardState.INITIAL, Optional.empty(), List.of()), first.recovered());
        assertEquals(List.of("wal-0000000000000001.log", "wal-state-0.slot", "wal-state-1.slot", "wal-state-2.slot",
                "wal-state-3.slot"), h.disk.names());

        Wal wal = first.wal();
        WalHardState hs = new WalHardState(3, 2, 4);
        assertEquals(SaveResult.DURABLE, h.saveNow(wal, hs, entries(1, 5, 3), null));
        assertEquals(SaveResult.DURABLE, h.saveNow(wal, null, List.of(new WalEntry(6, 3, 255, new byte[0])), null));

        Recovered r = h.opened(WalHarness.config()).recovered();
        assertEquals(hs, r.hardState());
        List<WalEntry> expected = new ArrayList<>(entries(1, 5, 3));
        expected.add(new WalEntry(6, 3, 255, new byte[0]));
        assertEquals(expected, r.entries());
        assertEquals(6, r.lastIndex());
    }

    @Test
    void savesWhileAnFsyncIsInFlightShareOneFsync() {
        Wal wal = h.opened(WalHarness.config()).wal();
        long fsyncsBefore = h.disk.fsyncCount();
        h.disk.holdFsyncs(true);
        List<SaveResult> results = new ArrayList<>();
        wal.save(null, List.of(entry(1, 1)), null, results::add);
        h.disk.runUntilIdle();
        assertEquals(1, h.disk.heldFsyncCount(), "first save is being fsynced");
        for (long i = 2; i <= 50; i++) {
            wal.save(new WalHardState(1, WalHardState.NO_VOTE, i - 1), List.of(entry(i, 1)), null, results::add);
        }
        h.disk.runUntilIdle();
        assertEquals(1, h.disk.heldFsyncCount(), "nothing more is written while the fsync is in flight");
        assertTrue(results.isEmpty());
        h.disk.holdFsyncs(false);
        h.disk.releaseFsyncs();
        h.disk.runUntilIdle();
        assertEquals(50, results.size());
        assertTrue(results.stream().allMatch(r -> r == SaveResult.DURABLE));
        // one data fsync per batch, plus one fsync of the state-slot copy that records the batch as durable
        assertEquals(4, h.disk.fsyncCount() - fsyncsBefore);
        assertEquals(2, wal.fsyncCount());
        assertEquals(2, wal.stateFsyncCount());
        assertEquals(2, wal.batchCount());
        assertEquals(50, h.opened(WalHarness.config()).recovered().entries().size());
    }

    @Test
    void groupCommitIsBoundedByBatchBytes() {
        Wal wal = h.opened(WalHarness.config().withMaxBatchBytes(4096)).wal();
        h.disk.holdFsyncs(true);
        List<SaveResult> results = new ArrayList<>();
        wal.save(null, List.of(entry(1, 1)), null, results::add);
        h.disk.runUntilIdle();
        for (long i = 2; i <= 21; i++) {
            wal.save(null, List.of(new WalEntry(i, 1, 0, new byte[1000])), null, results::add);
        }
        h.disk.holdFsyncs(false);
        h.disk.releaseFsyncs();
        h.disk.runUntilIdle();
        assertEquals(21, results.size());
        // 20 saves of ~1 KB in batches of at most 4 KB: at least 5 more batches after the first
        assertTrue(wal.batchCount() >= 6, "batches: " + wal.batchCount());
    }

    @Test
    void aSaveLargerThanABatchIsWrittenAloneAndOneBeyondTheLimitIsRefused() {
        WalConfig config = WalHarness.config().withMaxBatchBytes(4096);
        Wal wal = h.opened(config).wal();
        byte[] big = new byte[100_000];
        big[99_999] = 7;
        assertEquals(SaveResult.DURABLE, h.saveNow(wal, null, List.of(new WalEntry(1, 1, 0, big)), null));
        assertEquals(new WalEntry(1, 1, 0, big), h.opened(config).recovered().entries().getFirst());
        byte[] tooBig = new byte[config.maxSaveBytes()];
        assertThrows(IllegalArgumentException.class, () -> wal.save(null, List.of(new WalEntry(2, 1, 0, tooBig)), null, r -> { }));
    }

    @Test
    void noAcknowledgementBeforeTheFsyncCompletes() {
        Wal wal = h.opened(WalHarness.config()).wal();
        assertEquals(SaveResult.DURABLE, h.saveNow(wal, new WalHardState(1, 1, 0), entries(1, 2, 1), null));
        h.disk.holdFsyncs(true);
        List<SaveResult> results = new ArrayList<>();
        wal.save(new WalHardState(2, 3, 1), entries(3, 4, 2), null, results::add);
        h.disk.runUntilIdle();
        assertTrue(results.isEmpty(), "acknowledged before fsync: " + results);
        assertEquals(1, h.disk.heldFsyncCount());

        h.disk.crashLosingUnsynced();
        Recovered r = new WalHarness(h.disk).opened(WalHarness.config()).recovered();
        assertTrue(results.isEmpty(), "a crash never acknowledges");
        assertEquals(new WalHardState(1, 1, 0), r.hardState());
        assertEquals(entries(1, 2, 1), r.entries());
    }

    @Test
    void anEmptySaveCompletesInOrderAndNeverInsideSave() {
        Wal wal = h.opened(WalHarness.config()).wal();
        List<String> order = new ArrayList<>();
        boolean[] inside = {true};
        wal.save(null, entries(1, 1, 1), null, r -> order.add("first"));
        wal.save(null, List.of(), null, r -> {
            assertFalse(inside[0], "completed inside save()");
            order.add("empty");
        });
        inside[0] = false;
        h.disk.runUntilIdle();
        inside[0] = true;
        wal.save(null, List.of(), null, r -> {
            assertFalse(inside[0], "completed inside save()");
            order.add("empty again");
        });
        inside[0] = false;
        h.disk.runUntilIdle();
        assertEquals(List.of("first", "empty", "empty again"), order);
    }

    @Test
    void ackArrivesOnceTheHeldFsyncCompletes() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.disk.holdFsyncs(true);
        List<SaveResult> results = new ArrayList<>();
        wal.save(null, entries(1, 3, 1), null, results::add);
        h.disk.runUntilIdle();
        assertTrue(results.isEmpty());
        h.disk.releaseFsyncs();
        h.disk.runUntilIdle();
        assertTrue(results.isEmpty(), "no ack before the state-slot copy naming the batch is durable");
        assertEquals(1, h.disk.heldFsyncCount(), "the state-slot copy's fsync");
        h.disk.releaseFsyncs();
        h.disk.runUntilIdle();
        assertEquals(List.of(SaveResult.DURABLE), results);
    }

    @Test
    void whatRecoveryReturnsIsDurableEvenIfItWasReadFromThePageCache() {
        Wal wal = h.opened(WalHarness.smallSegments()).wal();
        h.saveNow(wal, new WalHardState(1, 1, 0), entries(1, 3, 1), null);
        h.disk.holdFsyncs(true);
        wal.save(new WalHardState(2, 2, 0), entries(4, 6, 2), null, r -> {
            throw new AssertionError("must not be acknowledged");
        });
        h.disk.runUntilIdle();
        h.disk.processCrash();
        Recovered seen = new WalHarness(h.disk).opened(WalHarness.smallSegments()).recovered();
        assertEquals(6, seen.lastIndex(), "the unsynced batch was still in the page cache");
        h.disk.crashLosingUnsynced();
        Recovered after = new WalHarness(h.disk).opened(WalHarness.smallSegments()).recovered();
        assertEquals(seen, after, "recovery made what it returned durable");
    }

    @Test
    void tornTailIsTruncated() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.saveNow(wal, new WalHardState(1, 1, 0), entries(1, 3, 1), null);
        h.disk.holdFsyncs(true);
        wal.save(null, entries(4, 6, 1), null, r -> {
            throw new AssertionError("must not be acknowledged");
        });
        h.disk.runUntilIdle();
        String segment = wal.segmentNames().getLast();
        byte[] full = h.disk.contents(segment);
        // the unsynced batch reached the disk only in part, and its last bytes are garbage
        byte[] torn = java.util.Arrays.copyOf(full, full.length - 20);
        for (int i = torn.length - 6; i < torn.length; i++) {
            torn[i] = (byte) 0xA5;
        }
        h.disk.overwrite(segment, torn);
        h.disk.crashLosingUnsynced();

        WalHarness again = new WalHarness(h.disk);
        Recovered r = again.opened(WalHarness.config()).recovered();
        assertEquals(new WalHardState(1, 1, 0), r.hardState());
        assertTrue(r.entries().size() >= 3 && r.entries().size() <= 5, "entries " + r.entries());
        assertEquals(entries(1, r.entries().size(), 1), r.entries());
        assertTrue(again.trace.warnings.stream().anyMatch(w -> w.contains("torn tail in " + segment)), again.trace.warnings.toString());
        assertTrue(h.disk.contents(segment).length < torn.length, "torn bytes were cut off");
        // a second recovery sees a clean log
        WalHarness third = new WalHarness(h.disk);
        assertEquals(r.entries(), third.opened(WalHarness.config()).recovered().entries());
        assertTrue(third.trace.warnings.isEmpty(), third.trace.warnings.toString());
    }

    @Test
    void corruptionBeforeTheTailIsReportedWithFileOffsetAndRecord() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.saveNow(wal, null, entries(1, 3, 1), null);
        h.saveNow(wal, null, entries(4, 6, 1), null);
        String segment = wal.segmentNames().getLast();
        byte[] bytes = h.disk.contents(segment);
        // find entry 2's payload "e2t1" and rot one bit of it
        int at = indexOf(bytes, "e2t1".getBytes());
        h.disk.flipBit(segment, at, 3);

        OpenResult.Refused refused = new WalHarness(h.disk).refused(WalHarness.config());
        assertEquals(OpenResult.Reason.CORRUPT, refused.reason());
        assertTrue(refused.message().contains(segment), refused.message());
        assertTrue(refused.message().contains("record checksum mismatch"), refused.message());
        assertTrue(refused.message().matches(".*at offset \\d+ \\(record #\\d+ of the segment\\).*"), refused.message());
        assertTrue(refused.message().contains("not a torn write"), refused.message());
    }

    @Test
    void corruptionInAnOlderSegmentIsReportedEvenAtItsEnd() {
        Wal wal = h.opened(WalHarness.smallSegments()).wal();
        for (long i = 1; i <= 40; i++) {
            h.saveNow(wal, null, List.of(new WalEntry(i, 1, 0, new byte[100])), null);
        }
        List<String> segs = wal.segmentNames();
        assertTrue(segs.size() >= 3, segs.toString());
        String older = segs.get(segs.size() - 2);
        h.disk.flipBit(older, h.disk.contents(older).length - 1, 0);
        OpenResult.Refused refused = new WalHarness(h.disk).refused(WalHarness.smallSegments());
        assertEquals(OpenResult.Reason.CORRUPT, refused.reason());
        assertTrue(refused.message().contains(older) && refused.message().contains("not the last segment"), refused.message());
    }

    @Test
    void conflictingSuffixIsReplaced() {
        Wal wal = h.opened(WalHarness.smallSegments()).wal();
        h.saveNow(wal, new WalHardState(1, 1, 0), entries(1, 30, 1), null);
        assertEquals(30, wal.lastIndex());
        h.saveNow(wal, new WalHardState(2, 2, 0), entries(10, 12, 2), null);
        assertEquals(12, wal.lastIndex());
        for (long i = 13; i <= 40; i++) {
            h.saveNow(wal, null, List.of(new WalEntry(i, 2, 0, new byte[64])), null);
        }
        h.saveNow(wal, null, entries(35, 35, 3), null);
        assertTrue(wal.segmentNames().size() > 1, "suffix replacement crosses segments");

        Recovered r = h.opened(WalHarness.smallSegments()).recovered();
        assertEquals(35, r.lastIndex());
        assertEquals(entries(1, 9, 1), r.entries().subList(0, 9));
        assertEquals(entries(10, 12, 2), r.entries().subList(9, 12));
        assertEquals(2, r.entries().get(33).term());
        assertEquals(entry(35, 3), r.entries().getLast());
    }

    @Test
    void segmentsRollOverAndSnapshotsCompactThem() {
        WalConfig config = WalHarness.smallSegments();
        Wal wal = h.opened(config).wal();
        for (long i = 1; i <= 60; i++) {
            h.saveNow(wal, new WalHardState(1, 0, i - 1), List.of(new WalEntry(i, 1, 0, new byte[100])), null);
        }
        List<String> before = wal.segmentNames();
        assertTrue(before.size() >= 5, before.toString());
        byte[] image = "state-machine image at 50".getBytes();
        assertEquals(SaveResult.DURABLE, h.saveNow(wal, null, List.of(), new WalSnapshot(50, 1, image)));
        List<String> after = wal.segmentNames();
        assertTrue(after.size() < before.size(), "compacted: " + before + " -> " + after);
        assertEquals(after.getLast(), before.getLast());
        assertTrue(h.disk.names().contains("snap-0000000000000032-0000000000000001.snap"), h.disk.names().toString());

        h.saveNow(wal, null, List.of(), new WalSnapshot(55, 1, "image 55".getBytes()));
        assertFalse(h.disk.names().contains("snap-0000000000000032-0000000000000001.snap"), "older snapshot removed");

        Recovered r = h.opened(config).recovered();
        assertEquals(new WalSnapshot(55, 1, "image 55".getBytes()), r.snapshot().orElseThrow());
        assertEquals(56, r.entries().getFirst().index());
        assertEquals(60, r.lastIndex());
        assertEquals(new WalHardState(1, 0, 59), r.hardState());
    }

    @Test
    void compactionKeepsTheHardStateWhenItsSegmentGoes() {
        WalConfig config = WalHarness.smallSegments();
        Wal wal = h.opened(config).wal();
        h.saveNow(wal, new WalHardState(7, 3, 0), List.of(), null);
        for (long i = 1; i <= 40; i++) {
            h.saveNow(wal, null, List.of(new WalEntry(i, 7, 0, new byte[100])), null);
        }
        h.saveNow(wal, null, List.of(), new WalSnapshot(40, 7, new byte[10]));
        assertEquals(1, wal.segmentNames().size());
        Recovered r = h.opened(config).recovered();
        assertEquals(new WalHardState(7, 3, 0), r.hardState());
        assertEquals(40, r.snapshot().orElseThrow().index());
        assertTrue(r.entries().isEmpty());
    }

    @Test
    void installedSnapshotWithAnotherTermReplacesTheLog() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.saveNow(wal, null, entries(1, 10, 1), null);
        h.saveNow(wal, new WalHardState(3, 2, 12), entries(13, 14, 3), new WalSnapshot(12, 2, new byte[] {1}));
        assertEquals(14, wal.lastIndex());
        Recovered r = h.opened(WalHarness.config()).recovered();
        assertEquals(12, r.snapshot().orElseThrow().index());
        assertEquals(entries(13, 14, 3), r.entries());

        WalHarness other = new WalHarness();
        Wal w2 = other.opened(WalHarness.config()).wal();
        other.saveNow(w2, null, entries(1, 10, 1), null);
        other.saveNow(w2, null, List.of(), new WalSnapshot(5, 2, new byte[] {2}));
        assertEquals(5, w2.lastIndex(), "term at 5 differs: the log restarts after the snapshot");
        assertTrue(other.opened(WalHarness.config()).recovered().entries().isEmpty());

        WalHarness third = new WalHarness();
        Wal w3 = third.opened(WalHarness.config()).wal();
        third.saveNow(w3, null, entries(1, 10, 1), null);
        third.saveNow(w3, null, List.of(), new WalSnapshot(5, 1, new byte[] {3}));
        assertEquals(10, w3.lastIndex(), "term at 5 matches: later entries stay");
        assertEquals(entries(6, 10, 1), third.opened(WalHarness.config()).recovered().entries());
    }

    @Test
    void snapshotSurvivesACrashAtEveryStepAtomically() {
        byte[] image = "the image".getBytes();
        for (int steps = 0; steps < 40; steps++) {
            for (long seed = 0; seed < 8; seed++) {
                WalHarness w = new WalHarness();
                Wal wal = w.opened(WalHarness.config()).wal();
                w.saveNow(wal, new WalHardState(2, 1, 8), entries(1, 10, 2), null);
                w.saveNow(wal, null, List.of(), new WalSnapshot(4, 2, new byte[] {9}));
                List<SaveResult> results = new ArrayList<>();
                wal.save(null, List.of(), new WalSnapshot(8, 2, image), results::add);
                for (int s = 0; s < steps && w.disk.runOne(); s++) {
                    // deliver exactly `steps` completions, then crash
                }
                w.disk.crash(new java.util.Random(seed * 1000 + steps));
                Recovered r = new WalHarness(w.disk).opened(WalHarness.config()).recovered();
                WalSnapshot snap = r.snapshot().orElseThrow();
                if (!results.isEmpty()) {
                    assertEquals(new WalSnapshot(8, 2, image), snap, "acknowledged snapshot lost at step " + steps);
                }
                assertTrue(snap.index() == 4 || snap.equals(new WalSnapshot(8, 2, image)), "step " + steps + ": " + snap);
                assertEquals(entries(snap.index() + 1, 10, 2), r.entries(), "step " + steps);
                assertEquals(new WalHardState(2, 1, 8), r.hardState());
                assertTrue(w.disk.names().stream().filter(n -> n.startsWith("snap-")).count() == 1,
                        "leftover snapshot files removed at step " + steps + ": " + w.disk.names());
            }
        }
    }

    @Test
    void anotherClustersDirectoryIsRefused() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.saveNow(wal, null, entries(1, 2, 1), null);
        OpenResult.Refused r = h.refused(WalConfig.of("other-cluster", 1));
        assertEquals(OpenResult.Reason.WRONG_CLUSTER, r.reason());
        assertTrue(r.message().contains("'test-cluster'") && r.message().contains("'other-cluster'"), r.message());
        OpenResult.Refused n = h.refused(WalConfig.of("test-cluster", 2));
        assertEquals(OpenResult.Reason.WRONG_NODE, n.reason());
        assertTrue(n.message().contains("node 1") && n.message().contains("node 2"), n.message());
    }

    @Test
    void aNewerFormatIsRefused() {
        h.opened(WalHarness.config());
        String segment = "wal-0000000000000001.log";
        byte[] bytes = h.disk.contents(segment);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        b.putShort(8, (short) 2);
        int headerEnd = WalFormat.SEGMENT_HEADER_FIXED_BYTES + "test-cluster".length();
        b.putInt(headerEnd, WalFormat.crc32c(bytes, 0, headerEnd));
        h.disk.overwrite(segment, bytes);
        OpenResult.Refused r = h.refused(WalHarness.config());
        assertEquals(OpenResult.Reason.NEWER_FORMAT, r.reason());
        assertTrue(r.message().contains("format version 2") && r.message().contains(segment), r.message());
    }

    @Test
    void aFlippedVersionBitIsCorruptionNotANewerFormat() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.saveNow(wal, null, entries(1, 2, 1), null);
        h.saveNow(wal, null, entries(3, 4, 1), null);
        h.disk.flipBit("wal-0000000000000001.log", 9, 2);
        OpenResult.Refused r = h.refused(WalHarness.config());
        assertEquals(OpenResult.Reason.CORRUPT, r.reason());
        assertTrue(r.message().contains("header checksum mismatch (its version field reads 5"), r.message());
    }

    @Test
    void aDamagedSnapshotIsRefused() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.saveNow(wal, null, entries(1, 5, 1), null);
        h.saveNow(wal, null, List.of(), new WalSnapshot(3, 1, new byte[100]));
        String snap = "snap-0000000000000003-0000000000000001.snap";
        h.disk.flipBit(snap, h.disk.contents(snap).length - 50, 1);
        OpenResult.Refused r = h.refused(WalHarness.config());
        assertEquals(OpenResult.Reason.CORRUPT, r.reason());
        assertTrue(r.message().contains(snap) && r.message().contains("data checksum mismatch"), r.message());
    }

    @Test
    void aMissingSnapshotOrSegmentIsRefused() {
        Wal wal = h.opened(WalHarness.smallSegments()).wal();
        for (long i = 1; i <= 40; i++) {
            h.saveNow(wal, null, List.of(new WalEntry(i, 1, 0, new byte[100])), null);
        }
        List<String> segs = wal.segmentNames();
        MemoryDisk copy = h.disk;
        copy.delete(segs.get(1), r -> { });
        copy.fsyncDirectory(r -> { });
        copy.runUntilIdle();
        OpenResult.Refused r = h.refused(WalHarness.smallSegments());
        assertEquals(OpenResult.Reason.CORRUPT, r.reason());
        assertTrue(r.message().contains("missing log entries"), r.message());

        WalHarness s = new WalHarness();
        Wal w = s.opened(WalHarness.config()).wal();
        s.saveNow(w, null, entries(2, 5, 1), new WalSnapshot(1, 1, new byte[0]));
        s.disk.delete("snap-0000000000000001-0000000000000001.snap", x -> { });
        s.disk.runUntilIdle();
        OpenResult.Refused m = s.refused(WalHarness.config());
        assertTrue(m.message().contains("is missing"), m.message());
    }

    @Test
    void aFailedFsyncStopsTheWalAndRecoveryKeepsWhatWasAcknowledged() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.saveNow(wal, null, entries(1, 3, 1), null);
        h.disk.failNext(MemoryDisk.Op.FSYNC, IoError.IO_ERROR);
        assertInstanceOf(SaveResult.Failed.class, h.saveNow(wal, null, entries(4, 5, 1), null));
        SaveResult later = h.saveNow(wal, null, entries(4, 4, 1), null);
        assertInstanceOf(SaveResult.Failed.class, later);
        assertTrue(((SaveResult.Failed) later).reason().contains("fsync"), later.toString());
        h.disk.crashLosingUnsynced();
        assertEquals(entries(1, 3, 1), h.opened(WalHarness.config()).recovered().entries());
    }

    @Test
    void aFullQueueRejectsAndTheWalStaysHealthy() {
        Wal wal = h.opened(WalHarness.config().withMaxQueuedSaves(2)).wal();
        h.disk.holdFsyncs(true);
        List<SaveResult> results = new ArrayList<>();
        wal.save(null, entries(1, 1, 1), null, results::add);
        wal.save(null, entries(2, 2, 1), null, results::add);
        wal.save(null, entries(3, 3, 1), null, results::add);
        h.disk.runUntilIdle();
        assertEquals(1, results.size());
        assertInstanceOf(SaveResult.Rejected.class, results.getFirst());
        h.disk.holdFsyncs(false);
        h.disk.releaseFsyncs();
        h.disk.runUntilIdle();
        assertEquals(List.of(SaveResult.DURABLE, SaveResult.DURABLE), results.subList(1, 3));
        assertNull(wal.failure());
        assertEquals(SaveResult.DURABLE, h.saveNow(wal, null, entries(3, 3, 1), null));
    }

    @Test
    void savesThatBreakRaftRulesAreProgrammerErrors() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.saveNow(wal, new WalHardState(2, 1, 0), entries(1, 3, 2), null);
        assertThrows(IllegalArgumentException.class, () -> wal.save(null, entries(5, 5, 2), null, r -> { }));
        assertThrows(IllegalArgumentException.class, () -> wal.save(new WalHardState(1, 1, 0), List.of(), null, r -> { }));
        assertThrows(IllegalArgumentException.class, () -> wal.save(new WalHardState(2, 3, 0), List.of(), null, r -> { }));
        assertThrows(IllegalArgumentException.class, () -> wal.save(null, List.of(entry(4, 2), entry(6, 2)), null, r -> { }));
        assertThrows(IllegalArgumentException.class, () -> wal.save(null, List.of(entry(4, 1)), null, r -> { }));
        assertEquals(3, wal.lastIndex(), "a refused save changes nothing");
        h.saveNow(wal, null, List.of(), new WalSnapshot(2, 2, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> wal.save(null, List.of(),
                new WalSnapshot(1, 1, new byte[0]), r -> { }));
        assertThrows(IllegalArgumentException.class, () -> wal.save(null, List.of(entry(2, 2)), null, r -> { }));
    }

    @Test
    void segmentsOfSeveralLogsShareADiskByPrefix() {
        WalConfig a = WalHarness.config().withFilePrefix("g1-");
        WalConfig b = WalHarness.config().withFilePrefix("g2-");
        Wal wa = h.opened(a).wal();
        Wal wb = h.opened(b).wal();
        h.saveNow(wa, null, entries(1, 2, 1), null);
        h.saveNow(wb, null, entries(1, 5, 1), null);
        assertEquals(2, h.opened(a).recovered().entries().size());
        assertEquals(5, h.opened(b).recovered().entries().size());
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    // ---- the durable point in the state slots: rot at the tail is told from a torn write -----------

    @Test
    void aFlipInTheLastAcknowledgedEntryIsRefusedNotTruncated() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.saveNow(wal, null, entries(1, 3, 1), null);
        String segment = wal.segmentNames().getLast();
        h.disk.flipBit(segment, h.disk.contents(segment).length - 1, 5);
        OpenResult.Refused refused = new WalHarness(h.disk).refused(WalHarness.config());
        assertEquals(OpenResult.Reason.CORRUPT, refused.reason());
        assertTrue(refused.message().contains(segment) && refused.message().contains("record #")
                && refused.message().contains("durable point") && refused.message().contains("acknowledged"),
                refused.message());
    }

    @Test
    void aFlipInTheLastAcknowledgedVoteIsRefusedNotTruncated() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.saveNow(wal, null, entries(1, 2, 1), null);
        h.saveNow(wal, new WalHardState(2, 3, 2), List.of(), null);
        String segment = wal.segmentNames().getLast();
        // the vote field of the final (hard-state) record: 4 + 4 + 1 + 8 bytes into it, 20-byte body
        int at = h.disk.contents(segment).length - 20 + 8;
        h.disk.flipBit(segment, at, 0);
        OpenResult.Refused refused = new WalHarness(h.disk).refused(WalHarness.config());
        assertEquals(OpenResult.Reason.CORRUPT, refused.reason());
        assertTrue(refused.message().contains(segment) && refused.message().contains("not a torn write"), refused.message());
    }

    @Test
    void aFlipInAnyOneStateSlotCopyIsOutvoted() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.saveNow(wal, null, entries(1, 3, 1), null);
        h.saveNow(wal, new WalHardState(2, 3, 2), entries(4, 5, 2), null);
        for (int copy = 0; copy < StateSlots.COPIES; copy++) {
            // each recovery rewrites every copy, so each round damages one copy of a clean set
            String slot = StateSlots.name("", copy);
            h.disk.flipBit(slot, 20 + copy, copy);
            WalHarness again = new WalHarness(h.disk);
            Recovered r = again.opened(WalHarness.config()).recovered();
            assertEquals(new WalHardState(2, 3, 2), r.hardState());
            assertEquals(5, r.entries().size());
            assertTrue(again.trace.warnings.stream().anyMatch(w -> w.contains(slot)), again.trace.warnings.toString());
        }
    }

    @Test
    void everyStateSlotCopyDamagedIsRefused() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.saveNow(wal, null, entries(1, 3, 1), null);
        for (int copy = 0; copy < StateSlots.COPIES; copy++) {
            h.disk.flipBit(StateSlots.name("", copy), 30, 1);
        }
        OpenResult.Refused refused = new WalHarness(h.disk).refused(WalHarness.config());
        assertEquals(OpenResult.Reason.CORRUPT, refused.reason());
        assertTrue(refused.message().contains("every copy of the WAL state is damaged"), refused.message());
    }

    @Test
    void aTornUnacknowledgedTailAfterTheDurablePointIsStillCutSilently() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.saveNow(wal, null, entries(1, 3, 1), null);
        String segment = wal.segmentNames().getLast();
        // a batch whose data fsync never completed: its slot copy was never written, nothing was acknowledged
        h.disk.holdFsyncs(true);
        List<SaveResult> results = new ArrayList<>();
        wal.save(new WalHardState(2, 3, 3), entries(4, 6, 2), null, results::add);
        h.disk.runUntilIdle();
        assertTrue(results.isEmpty());
        h.disk.processCrash();
        byte[] full = h.disk.contents(segment);
        h.disk.overwrite(segment, java.util.Arrays.copyOf(full, full.length - 7));
        WalHarness again = new WalHarness(h.disk);
        Recovered r = again.opened(WalHarness.config()).recovered();
        assertEquals(entries(1, 3, 1), r.entries().subList(0, 3));
        assertTrue(again.trace.warnings.stream().anyMatch(w -> w.contains("torn tail in " + segment)), again.trace.warnings.toString());
    }

    @Test
    void aSegmentShorterThanItsDurablePointIsRefused() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.saveNow(wal, null, entries(1, 3, 1), null);
        String segment = wal.segmentNames().getLast();
        byte[] full = h.disk.contents(segment);
        // a whole acknowledged record gone: what is left parses cleanly, only the durable point shows the loss
        h.disk.overwrite(segment, java.util.Arrays.copyOf(full, full.length - (9 + 17 + 4)));
        OpenResult.Refused refused = new WalHarness(h.disk).refused(WalHarness.config());
        assertEquals(OpenResult.Reason.CORRUPT, refused.reason());
        assertTrue(refused.message().contains("shorter than its durable point"), refused.message());
    }

    @Test
    void aDirectoryFromBeforeTheStateSlotsOpensAndGetsThem() {
        Wal wal = h.opened(WalHarness.config()).wal();
        h.saveNow(wal, new WalHardState(2, 1, 0), entries(1, 3, 2), null);
        for (int copy = 0; copy < StateSlots.COPIES; copy++) {
            h.disk.delete(StateSlots.name("", copy), r -> assertInstanceOf(io.shoaldb.runtime.IoResult.Ok.class, r));
        }
        h.disk.runUntilIdle();
        WalHarness again = new WalHarness(h.disk);
        Recovered r = again.opened(WalHarness.config()).recovered();
        assertEquals(new WalHardState(2, 1, 0), r.hardState());
        assertEquals(entries(1, 3, 2), r.entries());
        assertTrue(again.trace.warnings.stream().anyMatch(w -> w.contains("no state slots")), again.trace.warnings.toString());
        assertTrue(h.disk.names().containsAll(List.of("wal-state-0.slot", "wal-state-3.slot")), h.disk.names().toString());
        // from now on the tail is protected: rot in the final record is refused
        String segment = wal.segmentNames().getLast();
        h.disk.flipBit(segment, h.disk.contents(segment).length - 1, 2);
        assertEquals(OpenResult.Reason.CORRUPT, new WalHarness(h.disk).refused(WalHarness.config()).reason());
    }
}
