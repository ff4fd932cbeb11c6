package io.shoaldb.sim.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.IoResult;
import io.shoaldb.sim.entropy.Prng;
import io.shoaldb.sim.event.EventLoop;
import io.shoaldb.sim.fault.Buggify;
import io.shoaldb.sim.fault.Counter;
import io.shoaldb.sim.fault.Counters;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The durability rules of the Disk port, as the simulated disk enforces them at a crash. */
class SimDiskTest {

    private final EventLoop loop = new EventLoop();
    private final Counters counters = new Counters();

    private SimDisk disk(double unsyncedLoss, double torn, long capacity) {
        return new SimDisk(new Prng(3), counters,
                new DiskFaults(1000, 2000, 0, 0, 0, 0, 0, unsyncedLoss, torn, 0, 0, 0, capacity));
    }

    private DiskPort port(SimDisk d) {
        return new DiskPort(d, loop, new Buggify(false, new Prng(1), counters), 0, 1, () -> 1);
    }

    private void drain() {
        while (loop.step() != EventLoop.Step.EMPTY) {
            // run completions
        }
    }

    private <T> T ok(List<IoResult<T>> results) {
        return assertInstanceOf(IoResult.Ok.class, results.getLast()) instanceof IoResult.Ok<?> o ? castValue(o) : null;
    }

    private static int bitCount(byte[] data) {
        int bits = 0;
        for (byte b : data) {
            bits += Integer.bitCount(b & 0xff);
        }
        return bits;
    }

    @SuppressWarnings("unchecked")
    private static <T> T castValue(IoResult.Ok<?> o) {
        return (T) o.value();
    }

    @Test
    void fsyncedDataAndNamesSurviveACrashUnsyncedDataDoesNot() {
        SimDisk d = disk(1.0, 0, 1 << 20);
        DiskPort p = port(d);
        List<IoResult<Void>> r = new ArrayList<>();
        p.write("a", 0, new byte[] {1, 2, 3}, x -> { });
        p.fsync("a", r::add);
        p.fsyncDirectory(r::add);
        drain();
        p.append("a", new byte[] {4, 5}, x -> { });
        p.write("b", 0, new byte[] {9}, x -> { });
        p.fsync("b", r::add); // data synced, but the name of b never is
        drain();
        d.crash();
        assertEquals(List.of("a"), d.names());
        List<IoResult<byte[]>> read = new ArrayList<>();
        port(d).read("a", 0, 10, read::add);
        drain();
        byte[] data = ok(read);
        assertArrayEquals(new byte[] {1, 2, 3}, data);
        assertTrue(counters.get(Counter.DISK_UNSYNCED_LOST) >= 1);
        assertTrue(counters.get(Counter.DISK_DIR_OPS_LOST) >= 1);
    }

    @Test
    void renameIsDurableOnlyAfterFsyncDirectory() {
        SimDisk d = disk(1.0, 0, 1 << 20);
        DiskPort p = port(d);
        p.write("tmp", 0, new byte[] {7}, x -> { });
        p.fsync("tmp", x -> { });
        p.fsyncDirectory(x -> { });
        drain();
        p.rename("tmp", "final", x -> { });
        drain();
        assertEquals(List.of("final"), d.names());
        d.crash();
        assertEquals(List.of("tmp"), d.names());
        p = port(d);
        p.rename("tmp", "final", x -> { });
        p.fsyncDirectory(x -> { });
        drain();
        d.crash();
        assertEquals(List.of("final"), d.names());
    }

    @Test
    void aCrashBeforeTheFsyncCompletesLeavesTheDataUnsynced() {
        SimDisk d = disk(1.0, 0, 1 << 20);
        DiskPort p = port(d);
        p.write("a", 0, new byte[] {1}, x -> { });
        p.fsync("a", x -> { });
        p.fsyncDirectory(x -> { });
        drain();
        p.write("a", 0, new byte[] {2}, x -> { });
        p.fsync("a", x -> { });
        d.crash(); // the fsync's completion never ran
        assertEquals(1, d.sizes().get("a"));
        List<IoResult<byte[]>> read = new ArrayList<>();
        port(d).read("a", 0, 1, read::add);
        drain();
        byte[] data = ok(read);
        assertArrayEquals(new byte[] {1}, data);
    }

    @Test
    void aTornLastWriteKeepsWholeSectorsThenGarbage() {
        SimDisk d = disk(0.0, 1.0, 1 << 20);
        DiskPort p = port(d);
        p.write("a", 0, new byte[0], x -> { });
        p.fsyncDirectory(x -> { });
        drain();
        byte[] big = new byte[4 * SimDisk.SECTOR_BYTES];
        java.util.Arrays.fill(big, (byte) 0x55);
        p.append("a", big, x -> { });
        drain();
        d.crash();
        long size = d.sizes().get("a");
        assertTrue(size > 0 && size <= big.length && size % SimDisk.SECTOR_BYTES == 0, "torn size " + size);
        assertEquals(1, counters.get(Counter.DISK_TORN_WRITE));
    }

    @Test
    void diskFullRejectsGrowthAndWritesNothing() {
        SimDisk d = disk(0, 0, 10);
        DiskPort p = port(d);
        List<IoResult<Void>> r = new ArrayList<>();
        p.write("a", 0, new byte[8], r::add);
        p.write("a", 8, new byte[8], r::add);
        drain();
        assertInstanceOf(IoResult.Ok.class, r.get(0));
        IoResult.Failed<?> f = assertInstanceOf(IoResult.Failed.class, r.get(1));
        assertEquals(IoError.DISK_FULL, f.error());
        assertEquals(8, d.sizes().get("a"));
    }

    @Test
    void bitFlipChangesExactlyOneBit() {
        SimDisk d = disk(0, 0, 1 << 20);
        DiskPort p = port(d);
        p.write("a", 0, new byte[64], x -> { });
        drain();
        assertTrue(d.flipRandomBit());
        List<IoResult<byte[]>> read = new ArrayList<>();
        p.read("a", 0, 64, read::add);
        drain();
        assertEquals(1, bitCount(ok(read)));
    }

    @Test
    void aCorruptReadFlipsABitOfTheCopyNotOfTheStoredBytes() {
        SimDisk d = new SimDisk(new Prng(3), counters, new DiskFaults(1000, 2000, 0, 1.0, 0, 0, 0, 0, 0, 0, 0, 0, 1 << 20));
        DiskPort p = port(d);
        p.write("a", 0, new byte[16], x -> { });
        List<IoResult<byte[]>> read = new ArrayList<>();
        p.read("a", 0, 16, read::add);
        drain();
        assertEquals(1, bitCount(ok(read)));
        d.faults(d.faults().healed());
        port(d).read("a", 0, 16, read::add);
        drain();
        byte[] again = ok(read);
        assertArrayEquals(new byte[16], again);
        assertEquals(1, counters.get(Counter.DISK_READ_CORRUPT));
    }

    @Test
    void aMisdirectedWriteLandsSectorsAwayAndReportsSuccess() {
        SimDisk d = new SimDisk(new Prng(3), counters, new DiskFaults(1000, 2000, 0, 0, 0, 1.0, 0, 0, 0, 0, 0, 0, 1 << 20));
        DiskPort p = port(d);
        List<IoResult<Void>> r = new ArrayList<>();
        byte[] marker = {1, 2, 3, 4};
        p.write("a", 8 * SimDisk.SECTOR_BYTES, marker, r::add);
        drain();
        assertInstanceOf(IoResult.Ok.class, r.getFirst());
        List<IoResult<byte[]>> read = new ArrayList<>();
        port(d).read("a", 8 * SimDisk.SECTOR_BYTES, 4, read::add);
        drain();
        byte[] atTarget = ok(read);
        assertTrue(atTarget.length < 4 || !java.util.Arrays.equals(atTarget, marker), "the write must not be where it was aimed");
        assertEquals(1, counters.get(Counter.DISK_MISDIRECTED));
    }

    @Test
    void aWipedDiskIsEmpty() {
        SimDisk d = disk(0, 0, 1 << 20);
        DiskPort p = port(d);
        p.write("a", 0, new byte[10], x -> { });
        p.fsync("a", x -> { });
        p.fsyncDirectory(x -> { });
        drain();
        d.wipe();
        assertEquals(List.of(), d.names());
        assertEquals(0, d.usedBytes());
        d.crash();
        assertEquals(List.of(), d.names());
    }

    @Test
    void badNamesAndMissingFilesAreHandled() {
        DiskPort p = port(disk(0, 0, 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> p.write("../x", 0, new byte[1], x -> { }));
        List<IoResult<Void>> r = new ArrayList<>();
        p.delete("nope", r::add);
        drain();
        assertEquals(IoError.NOT_FOUND, assertInstanceOf(IoResult.Failed.class, r.getFirst()).error());
    }
}
