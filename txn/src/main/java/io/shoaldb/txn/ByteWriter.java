package io.shoaldb.txn;

import io.shoaldb.image.ImageWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer for the log records and snapshot images of the SQL state machine.
 * Lengths are written before variable-sized fields so that {@link ByteReader} can bound every read.
 *
 * <p>A writer made by {@link #streamingTo} does not grow: whenever its buffer would overflow it hands
 * what it holds to an {@link ImageWriter}, so a snapshot image of any size passes through a buffer of
 * a fixed size and is never held in one array.
 */
public final class ByteWriter {
    /** Buffer of a streaming writer. */
    private static final int STREAM_BUFFER_BYTES = 64 * 1024;

    private byte[] buf;
    private int size;
    private final ImageWriter sink;
    private long flushedBytes;

    public ByteWriter(int initialBytes) {
        buf = new byte[Math.max(16, initialBytes)];
        sink = null;
    }

    private ByteWriter(ImageWriter sink) {
        this.buf = new byte[STREAM_BUFFER_BYTES];
        this.sink = sink;
    }

    /** A writer that passes everything written on to {@code sink}; call {@link #flush()} at the end. */
    public static ByteWriter streamingTo(ImageWriter sink) {
        return new ByteWriter(java.util.Objects.requireNonNull(sink, "sink"));
    }

    /** Hands what is buffered to the sink of a streaming writer. */
    public void flush() {
        if (sink == null) {
            throw new IllegalStateException("not a streaming writer");
        }
        sink.write(buf, 0, size);
        flushedBytes += size;
        size = 0;
    }

    private void ensure(int more) {
        if (sink != null) {
            if (size + more > buf.length) {
                flush();
            }
            return;
        }
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
        if (sink != null && b.length > buf.length) {
            flush();
            sink.write(b, 0, b.length);
            flushedBytes += b.length;
            return this;
        }
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
        if (sink != null) {
            throw new IllegalStateException("a streaming writer's size may exceed an int; use written()");
        }
        return size;
    }

    /** Bytes written so far, flushed or not. */
    public long written() {
        return flushedBytes + size;
    }

    public byte[] toByteArray() {
        if (sink != null) {
            throw new IllegalStateException("a streaming writer holds no array of what it wrote");
        }
        return Arrays.copyOf(buf, size);
    }
}
