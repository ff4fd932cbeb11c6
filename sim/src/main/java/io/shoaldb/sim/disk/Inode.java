package io.shoaldb.sim.disk;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One simulated file's contents: what reads see now (the page cache) and what survives a crash (the
 * platter), with the operations written since the last fsync kept in order so a crash can lose some.
 */
final class Inode {

    /** Bound on unsynced operations per file; beyond it the oldest is written back, as an OS would. */
    static final int MAX_UNSYNCED_OPS = 4096;

    /** An operation not yet made durable: a write (data != null) or a truncate. */
    record Op(long offset, byte[] data, long truncateTo) {
    }

    final long number;
    private byte[] current = new byte[0];
    private long currentLength;
    private byte[] durable = new byte[0];
    private long durableLength;
    /** Operations since the durable image, oldest first; {@link #opsSynced} counts those already dropped. */
    final ArrayDeque<Op> unsynced = new ArrayDeque<>();
    long opsSynced;

    Inode(long number) {
        this.number = number;
    }

    long length() {
        return currentLength;
    }

    long durableLength() {
        return durableLength;
    }

    /** Total operations ever applied to the current image; an fsync covers ops up to this mark. */
    long opMark() {
        return opsSynced + unsynced.size();
    }

    byte[] read(long offset, int length) {
        if (offset >= currentLength) {
            return new byte[0];
        }
        int n = (int) Math.min(length, currentLength - offset);
        return Arrays.copyOfRange(current, (int) offset, (int) offset + n);
    }

    /** Applies a write to the current image and remembers it; returns true if an old op was written back. */
    boolean write(long offset, byte[] data) {
        byte[][] box = {current};
        currentLength = apply(box, currentLength, new Op(offset, data, -1));
        current = box[0];
        unsynced.addLast(new Op(offset, data, -1));
        return bound();
    }

    boolean truncate(long size) {
        byte[][] box = {current};
        currentLength = apply(box, currentLength, new Op(0, null, size));
        current = box[0];
        unsynced.addLast(new Op(0, null, size));
        return bound();
    }

    private boolean bound() {
        if (unsynced.size() <= MAX_UNSYNCED_OPS) {
            return false;
        }
        syncThrough(opsSynced + 1);
        return true;
    }

    /** Makes durable every operation up to {@code mark} (an earlier {@link #opMark()}). */
    void syncThrough(long mark) {
        byte[][] box = {durable};
        while (opsSynced < mark && !unsynced.isEmpty()) {
            durableLength = apply(box, durableLength, unsynced.removeFirst());
            opsSynced++;
        }
        durable = box[0];
    }

    /** Flips one bit at {@code bitIndex} of the stored bytes, in both images where it exists. */
    void flipBit(long bitIndex) {
        long at = bitIndex >>> 3;
        byte mask = (byte) (1 << (bitIndex & 7));
        if (at < currentLength) {
            current[(int) at] ^= mask;
        }
        if (at < durableLength) {
            durable[(int) at] ^= mask;
        }
    }

    /** Replaces both images with {@code image}: what the disk holds after a crash. */
    void resetTo(byte[] image, long length) {
        durable = image;
        durableLength = length;
        current = Arrays.copyOf(image, image.length);
        currentLength = length;
        opsSynced += unsynced.size();
        unsynced.clear();
    }

    /** A copy of the durable image, for building the post-crash image. */
    byte[] durableCopy() {
        return Arrays.copyOf(durable, (int) Math.max(durableLength, 0));
    }

    /** Applies {@code op} to the image in {@code box[0]} of logical length {@code length}; returns the new length. */
    static long apply(byte[][] box, long length, Op op) {
        byte[] img = box[0];
        if (op.data() == null) {
            long to = op.truncateTo();
            if (to > img.length) {
                img = Arrays.copyOf(img, (int) to);
            } else if (to < length) {
                Arrays.fill(img, (int) to, (int) length, (byte) 0);
            }
            box[0] = img;
            return to;
        }
        long end = op.offset() + op.data().length;
        if (end > img.length) {
            img = Arrays.copyOf(img, (int) Math.max(end, Math.min((long) img.length * 2, Integer.MAX_VALUE - 8)));
        }
        System.arraycopy(op.data(), 0, img, (int) op.offset(), op.data().length);
        box[0] = img;
        return Math.max(length, end);
    }
}
