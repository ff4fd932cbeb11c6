package io.shoaldb.runtime;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A deterministic in-memory {@link Disk} for unit tests, with the durability model the port promises
 * and the simulator enforces. Operations take effect when called and complete when the test delivers
 * their completion ({@link #runUntilIdle()}); an fsync or directory fsync takes effect only when its
 * completion is delivered, so a test can hold it back ({@link #holdFsyncs}) and crash in between.
 *
 * <p>{@link #crash(Random)} keeps what was made durable and, for what was not: a random prefix of the
 * unsynced appended bytes of each file (all, none or a torn part, optionally garbled), and a random
 * prefix of the directory operations since the last directory fsync (ordered metadata, as in ext4).
 * {@link #flipBit} rots stored bytes. {@link #failNext} injects an I/O error into one operation.
 */
public final class MemoryDisk implements Disk {

    /** A file's contents: what a read sees now and what survives a crash. */
    private static final class Inode {
        byte[] data = new byte[0];
        byte[] durable = new byte[0];
    }

    private sealed interface DirOp {
        record Create(String name, Inode inode) implements DirOp {
        }

        record Delete(String name) implements DirOp {
        }

        record Rename(String from, String to) implements DirOp {
        }
    }

    /** The kinds of operation a fault can be injected into. */
    public enum Op { APPEND, WRITE, READ, SIZE, FSYNC, TRUNCATE, RENAME, DELETE, LIST, FSYNC_DIRECTORY }

    private TreeMap<String, Inode> dir = new TreeMap<>();
    private TreeMap<String, Inode> durableDir = new TreeMap<>();
    /** Directory operations not yet made durable, each with its sequence number. */
    private final ArrayDeque<Map.Entry<Long, DirOp>> unsyncedDirOps = new ArrayDeque<>();
    private long dirOpSeq;

    private final ArrayDeque<Runnable> completions = new ArrayDeque<>();
    private final ArrayDeque<Runnable> heldFsyncs = new ArrayDeque<>();
    private boolean holdFsyncs;
    private final Map<Op, IoError> failNext = new LinkedHashMap<>();

    private long fsyncs;
    private long appends;
    private long directoryFsyncs;

    // ---- test controls ----------------------------------------------------------------------------

    /** Delivers completions until none is pending (held fsyncs stay held); returns how many ran. */
    public int runUntilIdle() {
        int n = 0;
        while (!completions.isEmpty()) {
            completions.poll().run();
            n++;
            if (n > 10_000_000) {
                throw new AssertionError("disk completions do not settle");
            }
        }
        return n;
    }

    /** Delivers the oldest pending completion; returns false if none was pending. */
    public boolean runOne() {
        Runnable r = completions.poll();
        if (r == null) {
            return false;
        }
        r.run();
        return true;
    }

    /** While true, fsync and directory-fsync completions (and their effect) wait for {@link #releaseFsyncs}. */
    public void holdFsyncs(boolean hold) {
        this.holdFsyncs = hold;
    }

    /** Number of fsyncs (file or directory) waiting to take effect. */
    public int heldFsyncCount() {
        return heldFsyncs.size();
    }

    /** Lets held fsyncs take effect and queues their completions. */
    public void releaseFsyncs() {
        completions.addAll(heldFsyncs);
        heldFsyncs.clear();
    }

    /** The next operation of this kind fails with {@code error}. */
    public void failNext(Op op, IoError error) {
        failNext.put(op, error);
    }

    public long fsyncCount() {
        return fsyncs;
    }

    public long appendCount() {
        return appends;
    }

    public long directoryFsyncCount() {
        return directoryFsyncs;
    }

    /** Names currently visible, in order. */
    public List<String> names() {
        return List.copyOf(dir.keySet());
    }

    /** The current contents of {@code file} (a copy). */
    public byte[] contents(String file) {
        Inode i = dir.get(file);
        if (i == null) {
            throw new IllegalArgumentException("no file " + file);
        }
        return i.data.clone();
    }

    /** Flips one bit of stored data, in what reads see and in what survives a crash. */
    public void flipBit(String file, long byteOffset, int bit) {
        Inode i = dir.get(file);
        if (i == null || byteOffset >= i.data.length) {
            throw new IllegalArgumentException("cannot flip " + file + " at " + byteOffset);
        }
        i.data[(int) byteOffset] ^= (byte) (1 << bit);
        if (byteOffset < i.durable.length) {
            i.durable[(int) byteOffset] ^= (byte) (1 << bit);
        }
    }

    /** Replaces a file's contents outright, durably (for building damaged directories in tests). */
    public void overwrite(String file, byte[] contents) {
        Inode i = dir.computeIfAbsent(file, n -> new Inode());
        i.data = contents.clone();
        i.durable = contents.clone();
        durableDir.put(file, i);
    }

    /**
     * A crash: pending completions vanish, held fsyncs never happen (and holding stops), and unsynced data and directory
     * operations survive only in part, as {@code random} decides.
     */
    public void crash(Random random) {
        completions.clear();
        heldFsyncs.clear();
        holdFsyncs = false;
        int keptOps = random.nextInt(unsyncedDirOps.size() + 1);
        TreeMap<String, Inode> after = new TreeMap<>(durableDir);
        for (Map.Entry<Long, DirOp> op : unsyncedDirOps) {
            if (keptOps-- == 0) {
                break;
            }
            applyDirOp(after, op.getValue());
        }
        unsyncedDirOps.clear();
        for (Inode i : new ArrayList<>(after.values())) {
            i.data = survivingContents(i, random);
            i.durable = i.data.clone();
        }
        dir = after;
        durableDir = new TreeMap<>(after);
    }

    /**
     * The process dies but the machine does not: pending completions and held fsyncs vanish, while
     * everything written stays readable (in the page cache), durable or not.
     */
    public void processCrash() {
        completions.clear();
        heldFsyncs.clear();
        holdFsyncs = false;
    }

    /** A crash that loses everything not yet durable, with no torn write. */
    public void crashLosingUnsynced() {
        completions.clear();
        heldFsyncs.clear();
        holdFsyncs = false;
        unsyncedDirOps.clear();
        for (Inode i : durableDir.values()) {
            i.data = i.durable.clone();
        }
        dir = new TreeMap<>(durableDir);
    }

    private static byte[] survivingContents(Inode i, Random random) {
        byte[] d = i.data;
        byte[] s = i.durable;
        if (d.length >= s.length && Arrays.equals(d, 0, s.length, s, 0, s.length)) {
            int tail = d.length - s.length;
            if (tail == 0) {
                return s.clone();
            }
            int keep = switch (random.nextInt(3)) {
                case 0 -> 0;
                case 1 -> tail;
                default -> random.nextInt(tail + 1);
            };
            byte[] out = Arrays.copyOf(d, s.length + keep);
            if (keep > 0 && keep < tail && random.nextBoolean()) {
                // A torn sector: the last bytes that made it are garbage.
                int garbled = Math.min(keep, 1 + random.nextInt(16));
                for (int k = out.length - garbled; k < out.length; k++) {
                    out[k] = (byte) random.nextInt(256);
                }
            }
            return out;
        }
        if (d.length < s.length && Arrays.equals(d, 0, d.length, s, 0, d.length)) {
            return random.nextBoolean() ? d.clone() : s.clone();
        }
        return s.clone();
    }

    private static void applyDirOp(TreeMap<String, Inode> target, DirOp op) {
        switch (op) {
            case DirOp.Create c -> target.put(c.name(), c.inode());
            case DirOp.Delete d -> target.remove(d.name());
            case DirOp.Rename r -> {
                Inode moved = target.remove(r.from());
                if (moved != null) {
                    target.put(r.to(), moved);
                }
            }
        }
    }

    /** A scheduler whose tasks run among the disk completions, in order; it has no timers. */
    public Scheduler scheduler() {
        return new Scheduler() {
            @Override
            public Cancellable schedule(long delayNanos, Runnable task) {
                throw new UnsupportedOperationException("MemoryDisk's scheduler has no timers");
            }

            @Override
            public void execute(Runnable task) {
                completions.add(task);
            }
        };
    }

    // ---- the port ---------------------------------------------------------------------------------

    private <T> boolean injected(Op op, String file, Consumer<IoResult<T>> done) {
        IoError e = failNext.remove(op);
        if (e == null) {
            return false;
        }
        completions.add(() -> done.accept(IoResult.failed(e, op + " " + file + ": injected " + e)));
        return true;
    }

    private static void checkName(String file) {
        if (!Disk.isValidName(file)) {
            throw new IllegalArgumentException("invalid file name: " + file);
        }
    }

    private Inode createIfAbsent(String file) {
        Inode i = dir.get(file);
        if (i == null) {
            i = new Inode();
            dir.put(file, i);
            unsyncedDirOps.add(Map.entry(++dirOpSeq, new DirOp.Create(file, i)));
        }
        return i;
    }

    @Override
    public void append(String file, byte[] data, Consumer<IoResult<Long>> done) {
        checkName(file);
        if (data.length > MAX_IO_BYTES) {
            throw new IllegalArgumentException("append too large: " + data.length);
        }
        IoError e = failNext.remove(Op.APPEND);
        if (e == IoError.DISK_FULL) {
            completions.add(() -> done.accept(IoResult.failed(e, "append " + file + ": injected " + e)));
            return;
        }
        appends++;
        Inode i = createIfAbsent(file);
        long offset = i.data.length;
        byte[] n = Arrays.copyOf(i.data, i.data.length + data.length);
        System.arraycopy(data, 0, n, i.data.length, data.length);
        i.data = n;
        if (e != null) {
            // An I/O error after the bytes may or may not have reached the device: here they did.
            completions.add(() -> done.accept(IoResult.failed(e, "append " + file + ": injected " + e)));
            return;
        }
        completions.add(() -> done.accept(IoResult.ok(offset)));
    }

    @Override
    public void write(String file, long offset, byte[] data, Consumer<IoResult<Void>> done) {
        checkName(file);
        if (data.length > MAX_IO_BYTES || offset < 0) {
            throw new IllegalArgumentException("bad write of " + data.length + " at " + offset);
        }
        if (injected(Op.WRITE, file, done)) {
            return;
        }
        Inode i = createIfAbsent(file);
        int end = Math.toIntExact(offset + data.length);
        if (end > i.data.length) {
            i.data = Arrays.copyOf(i.data, end);
        }
        System.arraycopy(data, 0, i.data, (int) offset, data.length);
        completions.add(() -> done.accept(IoResult.ok(null)));
    }

    @Override
    public void read(String file, long offset, int length, Consumer<IoResult<byte[]>> done) {
        checkName(file);
        if (length < 0 || length > MAX_IO_BYTES || offset < 0) {
            throw new IllegalArgumentException("bad read of " + length + " at " + offset);
        }
        if (injected(Op.READ, file, done)) {
            return;
        }
        Inode i = dir.get(file);
        if (i == null) {
            completions.add(() -> done.accept(IoResult.failed(IoError.NOT_FOUND, "read " + file + ": no such file")));
            return;
        }
        int from = (int) Math.min(offset, i.data.length);
        byte[] out = Arrays.copyOfRange(i.data, from, (int) Math.min(i.data.length, offset + length));
        completions.add(() -> done.accept(IoResult.ok(out)));
    }

    @Override
    public void size(String file, Consumer<IoResult<Long>> done) {
        checkName(file);
        if (injected(Op.SIZE, file, done)) {
            return;
        }
        Inode i = dir.get(file);
        completions.add(() -> done.accept(i == null ? IoResult.failed(IoError.NOT_FOUND, "size " + file + ": no such file")
                : IoResult.ok((long) i.data.length)));
    }

    @Override
    public void fsync(String file, Consumer<IoResult<Void>> done) {
        checkName(file);
        if (injected(Op.FSYNC, file, done)) {
            return;
        }
        Inode i = dir.get(file);
        if (i == null) {
            completions.add(() -> done.accept(IoResult.failed(IoError.NOT_FOUND, "fsync " + file + ": no such file")));
            return;
        }
        Runnable effect = () -> {
            i.durable = i.data.clone();
            fsyncs++;
            done.accept(IoResult.ok(null));
        };
        (holdFsyncs ? heldFsyncs : completions).add(effect);
    }

    @Override
    public void truncate(String file, long sizeBytes, Consumer<IoResult<Void>> done) {
        checkName(file);
        if (injected(Op.TRUNCATE, file, done)) {
            return;
        }
        Inode i = dir.get(file);
        if (i == null) {
            completions.add(() -> done.accept(IoResult.failed(IoError.NOT_FOUND, "truncate " + file + ": no such file")));
            return;
        }
        i.data = Arrays.copyOf(i.data, Math.toIntExact(sizeBytes));
        completions.add(() -> done.accept(IoResult.ok(null)));
    }

    @Override
    public void rename(String from, String to, Consumer<IoResult<Void>> done) {
        checkName(from);
        checkName(to);
        if (injected(Op.RENAME, from, done)) {
            return;
        }
        Inode i = dir.remove(from);
        if (i == null) {
            completions.add(() -> done.accept(IoResult.failed(IoError.NOT_FOUND, "rename " + from + ": no such file")));
            return;
        }
        dir.put(to, i);
        unsyncedDirOps.add(Map.entry(++dirOpSeq, new DirOp.Rename(from, to)));
        completions.add(() -> done.accept(IoResult.ok(null)));
    }

    @Override
    public void delete(String file, Consumer<IoResult<Void>> done) {
        checkName(file);
        if (injected(Op.DELETE, file, done)) {
            return;
        }
        if (dir.remove(file) == null) {
            completions.add(() -> done.accept(IoResult.failed(IoError.NOT_FOUND, "delete " + file + ": no such file")));
            return;
        }
        unsyncedDirOps.add(Map.entry(++dirOpSeq, new DirOp.Delete(file)));
        completions.add(() -> done.accept(IoResult.ok(null)));
    }

    @Override
    public void list(Consumer<IoResult<List<String>>> done) {
        if (injected(Op.LIST, ".", done)) {
            return;
        }
        List<String> names = List.copyOf(dir.keySet());
        completions.add(() -> done.accept(IoResult.ok(names)));
    }

    @Override
    public void fsyncDirectory(Consumer<IoResult<Void>> done) {
        if (injected(Op.FSYNC_DIRECTORY, ".", done)) {
            return;
        }
        long upTo = dirOpSeq;
        Runnable effect = () -> {
            // Only the operations issued before this fsync are made durable by it.
            durableDir = new TreeMap<>(durableDir);
            while (!unsyncedDirOps.isEmpty() && unsyncedDirOps.peek().getKey() <= upTo) {
                applyDirOp(durableDir, unsyncedDirOps.poll().getValue());
            }
            directoryFsyncs++;
            done.accept(IoResult.ok(null));
        };
        (holdFsyncs ? heldFsyncs : completions).add(effect);
    }
}
