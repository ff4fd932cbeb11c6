package io.shoaldb.txn;

import io.shoaldb.image.ImageReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link ByteWriter} wrote. Every read is bounds-checked: a short or inconsistent input throws
 * {@link Malformed}, never an index exception, so a caller can tell a bad record from a programmer error.
 *
 * <p>A reader made by {@link #streamingFrom} reads an image of any length through a window that it
 * refills from an {@link ImageReader}; the window grows only as far as the largest single field.
 */
public final class ByteReader {
    /** Window of a streaming reader. */
    private static final int STREAM_WINDOW_BYTES = 64 * 1024;

    private byte[] buf;
    private int pos;
    /** End of the valid bytes in {@code buf}. */
    private int limit;
    private final ImageReader source;
    /** Stream offset of buf[0]. */
    private long base;

    /** The input does not hold what its format says it holds. */
    public static final class Malformed extends RuntimeException {
        public Malformed(String message) {
            super(message, null, false, false);
        }
    }

    public ByteReader(byte[] buf) {
        this.buf = buf;
        this.limit = buf.length;
        this.source = null;
    }

    private ByteReader(ImageReader source) {
        this.buf = new byte[(int) Math.min(STREAM_WINDOW_BYTES, Math.max(16, source.remaining()))];
        this.source = source;
    }

    /** A reader of the rest of {@code source}. */
    public static ByteReader streamingFrom(ImageReader source) {
        return new ByteReader(java.util.Objects.requireNonNull(source, "source"));
    }

    private long length() {
        return base + limit + (source == null ? 0 : source.remaining());
    }

    private void need(int n) {
        if (n >= 0 && limit - pos >= n) {
            return;
        }
        if (n < 0 || length() - (base + pos) < n) {
            throw new Malformed("truncated: need " + n + " bytes at offset " + (base + pos) + " of " + length());
        }
        // a streaming reader with enough bytes left in its source: slide the window and refill it
        int kept = limit - pos;
        byte[] into = n > buf.length ? new byte[n] : buf;
        System.arraycopy(buf, pos, into, 0, kept);
        buf = into;
        base += pos;
        pos = 0;
        limit = kept;
        while (limit < n || (limit < buf.length && source.remaining() > 0)) {
            int got = source.read(buf, limit, buf.length - limit);
            if (got == 0) {
                throw new AssertionError("image source ended before its remaining() bytes");
            }
            limit += got;
        }
    }

    public int u8() {
        need(1);
        return buf[pos++] & 0xff;
    }

    public boolean bool() {
        int v = u8();
        if (v > 1) {
            throw new Malformed("bad boolean " + v + " at offset " + (base + pos - 1));
        }
        return v == 1;
    }

    public int i32() {
        need(4);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long i64() {
        return ((long) i32() << 32) | (i32() & 0xffffffffL);
    }

    /** A count that must be non-negative and at most {@code max}. */
    public int count(int max) {
        int n = i32();
        if (n < 0 || n > max) {
            throw new Malformed("count " + n + " out of range 0.." + max + " at offset " + (base + pos - 4));
        }
        return n;
    }

    public byte[] bytes() {
        int n = i32();
        if (n == -1) {
            return null;
        }
        need(n);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    public String string() {
        byte[] b = bytes();
        if (b == null) {
            throw new Malformed("null string at offset " + (base + pos));
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    public boolean atEnd() {
        return base + pos == length();
    }

    /** Throws unless every byte was consumed. */
    public void expectEnd() {
        if (!atEnd()) {
            throw new Malformed((length() - base - pos) + " trailing bytes");
        }
    }
}
