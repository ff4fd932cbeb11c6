package io.shoaldb.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds an {@link ImageBytes} from a stream of writes, sealing a chunk each time it reaches the
 * configured size. The first chunk starts small and doubles up to that size, so small images (most in
 * tests and the simulator) do not allocate a whole chunk; once one chunk is full, the next ones are
 * allocated at full size. Big-endian integers, as everywhere
 * in ShoalDB's formats.
 */
public final class ImageWriter {

    private static final int FIRST_BUFFER_BYTES = 4096;

    private final int chunkBytes;
    private final List<byte[]> sealed = new ArrayList<>();
    private byte[] current = new byte[0];
    private int pos;
    private long sealedBytes;
    private boolean finished;

    public ImageWriter(int chunkBytes) {
        if (chunkBytes < 1 || chunkBytes > ImageBytes.MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException("chunkBytes must be in [1, " + ImageBytes.MAX_CHUNK_BYTES + "]: " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
    }

    public int chunkBytes() {
        return chunkBytes;
    }

    /** Bytes written so far. */
    public long length() {
        return sealedBytes + pos;
    }

    public ImageWriter u8(int v) {
        room();
        current[pos++] = (byte) v;
        return this;
    }

    public ImageWriter i32(int v) {
        return u8(v >>> 24).u8(v >>> 16).u8(v >>> 8).u8(v);
    }

    public ImageWriter i64(long v) {
        return i32((int) (v >>> 32)).i32((int) v);
    }

    public ImageWriter write(byte[] b) {
        return write(b, 0, b.length);
    }

    public ImageWriter write(byte[] b, int offset, int len) {
        java.util.Objects.checkFromIndexSize(offset, len, b.length);
        while (len > 0) {
            room();
            int n = Math.min(len, current.length - pos);
            System.arraycopy(b, offset, current, pos, n);
            pos += n;
            offset += n;
            len -= n;
        }
        return this;
    }

    /** The image written; the writer cannot be used afterwards. */
    public ImageBytes finish() {
        ensureOpen();
        finished = true;
        if (pos > 0) {
            sealed.add(pos == current.length ? current : Arrays.copyOf(current, pos));
        }
        ImageBytes image = new ImageBytes(sealed);
        if (image.length() != sealedBytes + pos) {
            throw new AssertionError("image of " + image.length() + " bytes after writing " + (sealedBytes + pos));
        }
        current = null;
        return image;
    }

    /** Makes sure the current chunk has room for at least one byte. */
    private void room() {
        ensureOpen();
        if (pos < current.length) {
            return;
        }
        if (current.length == chunkBytes) {
            // the image already fills a chunk: the next ones are allocated whole, not grown again
            sealed.add(current);
            sealedBytes += current.length;
            current = new byte[chunkBytes];
            pos = 0;
        } else {
            current = Arrays.copyOf(current, (int) Math.min(chunkBytes, Math.max(FIRST_BUFFER_BYTES, 2L * current.length)));
        }
    }

    private void ensureOpen() {
        if (finished) {
            throw new IllegalStateException("image writer already finished");
        }
    }
}
