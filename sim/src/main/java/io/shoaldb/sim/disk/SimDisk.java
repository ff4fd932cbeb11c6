package io.shoaldb.sim.disk;

import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.IoResult;
import io.shoaldb.sim.entropy.Prng;
import io.shoaldb.sim.fault.Counter;
import io.shoaldb.sim.fault.Counters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One host's simulated storage, which outlives the host's incarnations. Effects of writes, truncates,
 * creations, renames and deletes apply to the current view at once (as the page cache would); they
 * become durable only through fsync (file data) and fsyncDirectory (names). At a crash,
 * {@link #crash()} rebuilds the disk from the durable state plus a random part of what was not yet
 * synced: each unsynced write survives or is lost, the last surviving one may be torn at a sector
 * boundary with garbage after it, and a random prefix of unsynced directory operations survives.
 *
 * <p>The operations here are synchronous and fault-free except for capacity; {@link DiskPort} adds
 * latency, injected errors and completion events on the owner's event loop.
 */
public final class SimDisk {

    /** Bound on unsynced directory operations; beyond it the oldest is committed, as a journal would. */
    static final int MAX_UNSYNCED_DIR_OPS = 4096;

    /** Sector size for torn writes. */
    static final int SECTOR_BYTES = 512;

    /** A directory operation not yet made durable. */
    private record DirOp(String name, Inode inode, String renamedFrom) {
    }

    private final Prng prng;
    private final Counters counters;
    private DiskFaults faults;
    private TreeMap<String, Inode> current = new TreeMap<>();
    private TreeMap<String, Inode> durable = new TreeMap<>();
    private final List<DirOp> unsyncedDir = new ArrayList<>();
    private long dirOpsSynced;
    private long nextInode = 1;
    private long usedBytes;
    private boolean full;

    public SimDisk(Prng prng, Counters counters, DiskFaults faults) {
        this.prng = prng;
        this.counters = counters;
        this.faults = faults;
    }

    public DiskFaults faults() {
        return faults;
    }

    public void faults(DiskFaults faults) {
        this.faults = faults;
    }

    Prng prng() {
        return prng;
    }

    Counters counters() {
        return counters;
    }

    /** A disk-full episode: while set, every write that grows a file fails with DISK_FULL. */
    public void full(boolean full) {
        this.full = full;
    }

    public boolean isFull() {
        return full;
    }

    public long usedBytes() {
        return usedBytes;
    }

    /** Names of the current files in ascending order. */
    public List<String> names() {
        return List.copyOf(current.keySet());
    }

    /** Whether growing files by {@code growth} bytes would exceed the capacity or hit a full episode. */
    boolean noRoomFor(long growth) {
        return growth > 0 && (full || usedBytes + growth > faults.capacityBytes());
    }

    IoResult<Long> append(String name, byte[] data) {
        Inode inode = current.get(name);
        long offset = inode == null ? 0 : inode.length();
        IoResult<Void> r = write(name, offset, data);
        return r instanceof IoResult.Failed<Void> f ? IoResult.failed(f.error(), f.message()) : IoResult.ok(offset);
    }

    IoResult<Void> write(String name, long offset, byte[] data) {
        Inode inode = current.get(name);
        long oldLength = inode == null ? 0 : inode.length();
        long growth = Math.max(0, offset + data.length - oldLength);
        if (noRoomFor(growth)) {
            counters.add(Counter.DISK_FULL_REJECTED);
            return IoResult.failed(IoError.DISK_FULL, name + ": no space left on device");
        }
        if (offset + data.length > Integer.MAX_VALUE - 8) {
            return IoResult.failed(IoError.DISK_FULL, name + ": file too large for the simulated disk");
        }
        if (inode == null) {
            inode = create(name);
        }
        if (inode.write(offset, data)) {
            counters.add(Counter.DISK_WRITEBACK);
        }
        usedBytes += inode.length() - oldLength;
        counters.add(Counter.DISK_BYTES_WRITTEN, data.length);
        return IoResult.ok(null);
    }

    private Inode create(String name) {
        Inode inode = new Inode(nextInode++);
        current.put(name, inode);
        addDirOp(new DirOp(name, inode, null));
        return inode;
    }

    IoResult<byte[]> read(String name, long offset, int length) {
        Inode inode = current.get(name);
        if (inode == null) {
            return IoResult.failed(IoError.NOT_FOUND, name + ": no such file");
        }
        return IoResult.ok(inode.read(offset, length));
    }

    IoResult<Long> size(String name) {
        Inode inode = current.get(name);
        return inode == null ? IoResult.failed(IoError.NOT_FOUND, name + ": no such file") : IoResult.ok(inode.length());
    }

    IoResult<Void> truncate(String name, long sizeBytes) {
        Inode inode = current.get(name);
        if (inode == null) {
            return IoResult.failed(IoError.NOT_FOUND, name + ": no such file");
        }
        long growth = sizeBytes - inode.length();
        if (noRoomFor(growth)) {
            counters.add(Counter.DISK_FULL_REJECTED);
            return IoResult.failed(IoError.DISK_FULL, name + ": no space left on device");
        }
        long old = inode.length();
        if (inode.truncate(sizeBytes)) {
            counters.add(Counter.DISK_WRITEBACK);
        }
        usedBytes += inode.length() - old;
        return IoResult.ok(null);
    }

    IoResult<Void> rename(String from, String to) {
        Inode inode = current.get(from);
        if (inode == null) {
            return IoResult.failed(IoError.NOT_FOUND, from + ": no such file");
        }
        if (from.equals(to)) {
            return IoResult.ok(null);
        }
        Inode replaced = current.remove(to);
        if (replaced != null) {
            usedBytes -= replaced.length();
        }
        current.remove(from);
        current.put(to, inode);
        addDirOp(new DirOp(to, inode, from));
        return IoResult.ok(null);
    }

    IoResult<Void> delete(String name) {
        Inode inode = current.remove(name);
        if (inode == null) {
            return IoResult.failed(IoError.NOT_FOUND, name + ": no such file");
        }
        usedBytes -= inode.length();
        addDirOp(new DirOp(name, null, null));
        return IoResult.ok(null);
    }

    /** The fsync mark of {@code name}: completing the fsync makes operations up to it durable. */
    long fsyncMark(String name) {
        Inode inode = current.get(name);
        return inode == null ? -1 : inode.opMark();
    }

    Inode inode(String name) {
        return current.get(name);
    }

    private void addDirOp(DirOp op) {
        unsyncedDir.add(op);
        if (unsyncedDir.size() > MAX_UNSYNCED_DIR_OPS) {
            syncDirectoryThrough(dirOpsSynced + 1);
            counters.add(Counter.DISK_WRITEBACK);
        }
    }

    long dirMark() {
        return dirOpsSynced + unsyncedDir.size();
    }

    /** Makes directory operations up to {@code mark} durable. */
    void syncDirectoryThrough(long mark) {
        while (dirOpsSynced < mark && !unsyncedDir.isEmpty()) {
            applyDirOp(durable, unsyncedDir.removeFirst());
            dirOpsSynced++;
        }
    }

    private static void applyDirOp(TreeMap<String, Inode> dir, DirOp op) {
        if (op.renamedFrom() != null) {
            dir.remove(op.renamedFrom());
            dir.put(op.name(), op.inode());
        } else if (op.inode() != null) {
            dir.put(op.name(), op.inode());
        } else {
            dir.remove(op.name());
        }
    }

    /** Rot: flips one random bit of one random non-empty file. Returns false if there is nothing to flip. */
    public boolean flipRandomBit() {
        List<Inode> candidates = new ArrayList<>();
        for (Inode inode : current.values()) {
            if (inode.length() > 0) {
                candidates.add(inode);
            }
        }
        if (candidates.isEmpty()) {
            return false;
        }
        Inode victim = candidates.get((int) prng.nextLong(candidates.size()));
        victim.flipBit(prng.nextLong(victim.length() * 8));
        counters.add(Counter.DISK_BIT_FLIP);
        return true;
    }

    /** Rebuilds the disk as a crash leaves it; see the class comment. */
    public void crash() {
        TreeMap<String, Inode> dir = new TreeMap<>(durable);
        boolean lostOne = false;
        for (DirOp op : unsyncedDir) {
            if (!lostOne && !prng.chance(faults.unsyncedLoss())) {
                applyDirOp(dir, op);
            } else {
                lostOne = true; // a journaled file system keeps a prefix of metadata operations
                counters.add(Counter.DISK_DIR_OPS_LOST);
            }
        }
        unsyncedDir.clear();
        dirOpsSynced = 0;
        usedBytes = 0;
        java.util.IdentityHashMap<Inode, Boolean> done = new java.util.IdentityHashMap<>();
        for (Inode inode : dir.values()) {
            if (done.put(inode, Boolean.TRUE) == null) {
                crashInode(inode);
            }
        }
        for (Inode inode : dir.values()) {
            usedBytes += inode.length();
        }
        current = dir;
        durable = new TreeMap<>(dir);
    }

    private void crashInode(Inode inode) {
        byte[][] box = {inode.durableCopy()};
        long length = inode.durableLength();
        Inode.Op[] ops = inode.unsynced.toArray(new Inode.Op[0]);
        int lastKept = -1;
        boolean[] keep = new boolean[ops.length];
        for (int i = 0; i < ops.length; i++) {
            keep[i] = !prng.chance(faults.unsyncedLoss());
            if (keep[i]) {
                lastKept = i;
            } else {
                counters.add(Counter.DISK_UNSYNCED_LOST);
            }
        }
        for (int i = 0; i < ops.length; i++) {
            if (!keep[i]) {
                continue;
            }
            Inode.Op op = ops[i];
            if (i == lastKept && op.data() != null && op.data().length > 0 && prng.chance(faults.tornWrite())) {
                op = torn(op);
                counters.add(Counter.DISK_TORN_WRITE);
            }
            length = Inode.apply(box, length, op);
        }
        inode.resetTo(box[0], length);
    }

    /** The part of a write that reached the platter: whole sectors, then one sector of garbage. */
    private Inode.Op torn(Inode.Op op) {
        int n = op.data().length;
        int sectors = (int) ((op.offset() + n + SECTOR_BYTES - 1) / SECTOR_BYTES - op.offset() / SECTOR_BYTES);
        int keptSectors = (int) prng.nextLong(Math.max(1, sectors));
        long cut = Math.min(op.offset() + n, (op.offset() / SECTOR_BYTES + keptSectors) * SECTOR_BYTES);
        int intact = (int) Math.max(0, cut - op.offset());
        int garbage = Math.min(n - intact, SECTOR_BYTES);
        byte[] data = java.util.Arrays.copyOf(op.data(), intact + garbage);
        for (int i = intact; i < data.length; i++) {
            data[i] = (byte) prng.nextInt();
        }
        return new Inode.Op(op.offset(), data, -1);
    }

    /** Erases everything: the host comes back with a blank disk. */
    public void wipe() {
        current = new TreeMap<>();
        durable = new TreeMap<>();
        unsyncedDir.clear();
        dirOpsSynced = 0;
        usedBytes = 0;
    }

    /** For tests: the durable directory's names. */
    public List<String> durableNames() {
        return List.copyOf(durable.keySet());
    }

    /** For tests and invariants: file sizes by name, current view. */
    public Map<String, Long> sizes() {
        TreeMap<String, Long> m = new TreeMap<>();
        current.forEach((k, v) -> m.put(k, v.length()));
        return m;
    }
}
