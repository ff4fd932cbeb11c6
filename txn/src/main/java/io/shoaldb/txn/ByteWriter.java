package io.shoaldb.txn;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer for the log records and snapshot images of the SQL state machine.
 * Lengths are written before variable-sized fields so that {@link ByteReader} can bound every read.
 */
public final class ByteWriter {
    private byte[] buf;
    private int size;

    public ByteWriter(int initialBytes) {
        buf = new byte[Math.max(16, initialBytes)];
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            long want = Math.max((long) buf.length * 2, (long) size + more);
            if (want > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("record exceeds 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    public ByteWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    public ByteWriter i32(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter i64(long v) {
        i32((int) (v >>> 32));
        return i32((int) v);
    }

    /** A length-prefixed byte string; null is written as length -1. */
    public ByteWriter bytes(byte[] b) {
        if (b == null) {
            return i32(-1);
        }
        i32(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    /** A length-prefixed UTF-8 string (not null). */
    public ByteWriter string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
