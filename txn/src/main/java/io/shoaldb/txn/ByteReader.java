package io.shoaldb.txn;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link ByteWriter} wrote. Every read is bounds-checked: a short or inconsistent input throws
 * {@link Malformed}, never an index exception, so a caller can tell a bad record from a programmer error.
 */
public final class ByteReader {
    private final byte[] buf;
    private int pos;

    /** The input does not hold what its format says it holds. */
    public static final class Malformed extends RuntimeException {
        public Malformed(String message) {
            super(message, null, false, false);
        }
    }

    public ByteReader(byte[] buf) {
        this.buf = buf;
    }

    private void need(int n) {
        if (n < 0 || buf.length - pos < n) {
            throw new Malformed("truncated: need " + n + " bytes at offset " + pos + " of " + buf.length);
        }
    }

    public int u8() {
        need(1);
        return buf[pos++] & 0xff;
    }

    public boolean bool() {
        int v = u8();
        if (v > 1) {
            throw new Malformed("bad boolean " + v + " at offset " + (pos - 1));
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
            throw new Malformed("count " + n + " out of range 0.." + max + " at offset " + (pos - 4));
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
            throw new Malformed("null string at offset " + pos);
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    public boolean atEnd() {
        return pos == buf.length;
    }

    /** Throws unless every byte was consumed. */
    public void expectEnd() {
        if (pos != buf.length) {
            throw new Malformed((buf.length - pos) + " trailing bytes");
        }
    }
}
