package io.shoaldb.sim.disk;

import io.shoaldb.runtime.Disk;
import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.IoResult;
import io.shoaldb.sim.entropy.Prng;
import io.shoaldb.sim.event.EventKind;
import io.shoaldb.sim.event.EventLoop;
import io.shoaldb.sim.fault.Buggify;
import io.shoaldb.sim.fault.Counter;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The {@link Disk} port one incarnation of a host sees. Each operation takes effect on the
 * {@link SimDisk} at once, except that fsync and fsyncDirectory make data durable only when they
 * complete; the completion arrives as a DISK event on the incarnation's loop after a random latency,
 * so completions come back in no particular order, and a crash drops them with the incarnation.
 */
public final class DiskPort implements Disk {

    private final SimDisk disk;
    private final EventLoop loop;
    private final Buggify buggify;
    private final int host;
    private final int incarnation;
    private final IntSupplier slowFactor;
    private final Prng prng;

    public DiskPort(SimDisk disk, EventLoop loop, Buggify buggify, int host, int incarnation, IntSupplier slowFactor) {
        this.disk = disk;
        this.loop = loop;
        this.buggify = buggify;
        this.host = host;
        this.incarnation = incarnation;
        this.slowFactor = slowFactor;
        this.prng = disk.prng();
    }

    private static void checkName(String name) {
        if (!Disk.isValidName(name)) {
            throw new IllegalArgumentException("invalid file name: " + name);
        }
    }

    private static void checkData(byte[] data) {
        if (data == null || data.length > MAX_IO_BYTES) {
            throw new IllegalArgumentException("write of " + (data == null ? "null" : data.length + " bytes")
                    + " exceeds Disk.MAX_IO_BYTES");
        }
    }

    private <T> void complete(int sizeBytes, Consumer<IoResult<T>> done, IoResult<T> result) {
        if (done == null) {
            throw new IllegalArgumentException("a completion callback is required");
        }
        DiskFaults f = disk.faults();
        long latency = prng.between(f.latencyMinNanos(), f.latencyMaxNanos()) * slowFactor.getAsInt();
        if (buggify.fire(Counter.BUGGIFY_DISK_STALL, 0.001)) {
            latency += prng.between(10_000_000L, 500_000_000L);
        }
        disk.counters().add(Counter.DISK_OPS);
        loop.after(latency, EventKind.DISK, host, incarnation, sizeBytes, () -> done.accept(result));
    }

    private <T> IoResult<T> writeError(String what) {
        disk.counters().add(Counter.DISK_WRITE_ERROR);
        return IoResult.failed(IoError.IO_ERROR, what + ": input/output error (injected)");
    }

    @Override
    public void append(String file, byte[] data, Consumer<IoResult<Long>> done) {
        checkName(file);
        checkData(data);
        byte[] copy = data.clone();
        if (prng.chance(disk.faults().writeError())) {
            // The device failed: the data may or may not have reached the file.
            if (prng.chance(0.5)) {
                disk.append(file, copy);
            }
            complete(data.length, done, writeError(file));
            return;
        }
        if (prng.chance(disk.faults().misdirect())) {
            long intended = disk.size(file) instanceof IoResult.Ok<Long> ok ? ok.value() : 0;
            IoResult<Void> r = disk.write(file, misdirected(intended), copy);
            complete(data.length, done, r instanceof IoResult.Ok<Void> ? IoResult.ok(intended) : IoResult.failed(
                    IoError.DISK_FULL, file + ": no space left on device"));
            return;
        }
        complete(data.length, done, disk.append(file, copy));
    }

    /** Where a misdirected write lands: 1 to 8 sectors before or after its target, never before 0. */
    private long misdirected(long offset) {
        disk.counters().add(Counter.DISK_MISDIRECTED);
        long shift = prng.between(1, 8) * SimDisk.SECTOR_BYTES;
        return prng.nextBoolean() || offset < shift ? offset + shift : offset - shift;
    }

    @Override
    public void write(String file, long offset, byte[] data, Consumer<IoResult<Void>> done) {
        checkName(file);
        checkData(data);
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        byte[] copy = data.clone();
        if (prng.chance(disk.faults().writeError())) {
            if (prng.chance(0.5)) {
                disk.write(file, offset, copy);
            }
            complete(data.length, done, writeError(file));
            return;
        }
        long target = prng.chance(disk.faults().misdirect()) ? misdirected(offset) : offset;
        complete(data.length, done, disk.write(file, target, copy));
    }

    @Override
    public void read(String file, long offset, int length, Consumer<IoResult<byte[]>> done) {
        checkName(file);
        if (offset < 0 || length < 0 || length > MAX_IO_BYTES) {
            throw new IllegalArgumentException("bad read offset " + offset + " length " + length);
        }
        if (prng.chance(disk.faults().readError())) {
            disk.counters().add(Counter.DISK_READ_ERROR);
            complete(0, done, IoResult.failed(IoError.IO_ERROR, file + ": input/output error (injected)"));
            return;
        }
        IoResult<byte[]> r = disk.read(file, offset, length);
        if (r instanceof IoResult.Ok<byte[]> ok && ok.value().length > 0 && prng.chance(disk.faults().readCorrupt())) {
            disk.counters().add(Counter.DISK_READ_CORRUPT);
            prng.flipRandomBit(ok.value()); // a fresh copy: the stored bytes stay intact
        }
        complete(r instanceof IoResult.Ok<byte[]> ok ? ok.value().length : 0, done, r);
    }

    @Override
    public void size(String file, Consumer<IoResult<Long>> done) {
        checkName(file);
        complete(0, done, disk.size(file));
    }

    @Override
    public void fsync(String file, Consumer<IoResult<Void>> done) {
        checkName(file);
        if (done == null) {
            throw new IllegalArgumentException("a completion callback is required");
        }
        long mark = disk.fsyncMark(file);
        if (mark < 0) {
            complete(0, done, IoResult.failed(IoError.NOT_FOUND, file + ": no such file"));
            return;
        }
        if (prng.chance(disk.faults().fsyncError())) {
            disk.counters().add(Counter.DISK_FSYNC_ERROR);
            complete(0, done, IoResult.failed(IoError.IO_ERROR, file + ": fsync: input/output error (injected)"));
            return;
        }
        Inode inode = disk.inode(file);
        // Durability happens when the fsync completes: a crash before that leaves the data unsynced.
        complete(0, r -> {
            inode.syncThrough(mark);
            done.accept(r);
        }, IoResult.<Void>ok(null));
    }

    @Override
    public void truncate(String file, long sizeBytes, Consumer<IoResult<Void>> done) {
        checkName(file);
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("negative size " + sizeBytes);
        }
        if (prng.chance(disk.faults().writeError())) {
            complete(0, done, writeError(file));
            return;
        }
        complete(0, done, disk.truncate(file, sizeBytes));
    }

    @Override
    public void rename(String from, String to, Consumer<IoResult<Void>> done) {
        checkName(from);
        checkName(to);
        if (prng.chance(disk.faults().writeError())) {
            complete(0, done, writeError(from));
            return;
        }
        complete(0, done, disk.rename(from, to));
    }

    @Override
    public void delete(String file, Consumer<IoResult<Void>> done) {
        checkName(file);
        if (prng.chance(disk.faults().writeError())) {
            complete(0, done, writeError(file));
            return;
        }
        complete(0, done, disk.delete(file));
    }

    @Override
    public void list(Consumer<IoResult<List<String>>> done) {
        if (prng.chance(disk.faults().readError())) {
            disk.counters().add(Counter.DISK_READ_ERROR);
            complete(0, done, IoResult.failed(IoError.IO_ERROR, "list: input/output error (injected)"));
            return;
        }
        complete(0, done, IoResult.ok(disk.names()));
    }

    @Override
    public void fsyncDirectory(Consumer<IoResult<Void>> done) {
        if (done == null) {
            throw new IllegalArgumentException("a completion callback is required");
        }
        if (prng.chance(disk.faults().fsyncError())) {
            disk.counters().add(Counter.DISK_FSYNC_ERROR);
            complete(0, done, IoResult.failed(IoError.IO_ERROR, "fsyncDirectory: input/output error (injected)"));
            return;
        }
        long mark = disk.dirMark();
        complete(0, r -> {
            disk.syncDirectoryThrough(mark);
            done.accept(r);
        }, IoResult.<Void>ok(null));
    }
}
