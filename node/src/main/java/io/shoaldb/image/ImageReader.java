package io.shoaldb.image;

/**
 * Reads an {@link ImageBytes} from start to end without copying it. Reading past the end throws
 * {@link IllegalStateException} (a truncated image is a malformed one, which restore() reports so).
 */
public final class ImageReader {

    private final ImageBytes image;
    private long position;
    private int chunk;
    private int inChunk;

    ImageReader(ImageBytes image) {
        this.image = image;
    }

    public long position() {
        return position;
    }

    public long remaining() {
        return image.length() - position;
    }

    /** Reads up to {@code len} bytes into {@code dst}; returns how many (0 only at the end or for len 0). */
    public int read(byte[] dst, int offset, int len) {
        java.util.Objects.checkFromIndexSize(offset, len, dst.length);
        int done = 0;
        while (done < len && position < image.length()) {
            byte[] c = image.chunk(chunk);
            int n = Math.min(len - done, c.length - inChunk);
            System.arraycopy(c, inChunk, dst, offset + done, n);
            done += n;
            advance(n);
        }
        return done;
    }

    /** Reads exactly {@code len} bytes. */
    public void readFully(byte[] dst, int offset, int len) {
        need(len);
        read(dst, offset, len);
    }

    /** A new array of the next {@code len} bytes. */
    public byte[] bytes(int len) {
        need(len);
        byte[] out = new byte[len];
        read(out, 0, len);
        return out;
    }

    public int u8() {
        need(1);
        int v = image.chunk(chunk)[inChunk] & 0xff;
        advance(1);
        return v;
    }

    public int i32() {
        need(4);
        return (u8() << 24) | (u8() << 16) | (u8() << 8) | u8();
    }

    public long i64() {
        need(8);
        return ((long) i32() << 32) | (i32() & 0xffffffffL);
    }

    private void need(long len) {
        if (len < 0 || len > remaining()) {
            throw new IllegalStateException("image truncated: need " + len + " bytes at offset " + position + " of "
                    + image.length());
        }
    }

    private void advance(int n) {
        position += n;
        inChunk += n;
        if (chunk < image.chunkCount() && inChunk == image.chunkLength(chunk)) {
            chunk++;
            inChunk = 0;
        }
    }
}
