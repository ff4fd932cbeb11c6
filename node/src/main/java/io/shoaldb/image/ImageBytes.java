package io.shoaldb.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * An immutable byte sequence of {@code long} length held as a list of non-empty chunks, so that a
 * state-machine image can exceed what one Java array holds and is never copied whole. Chunks are
 * shared between images made from one another ({@link #concat}, {@link #slice}); nobody writes into a
 * chunk once it belongs to an image. Equality is by content, whatever the chunking.
 */
public final class ImageBytes {

    /** The chunk size a writer uses unless configured otherwise. */
    public static final int DEFAULT_CHUNK_BYTES = 16 << 20;
    /** Largest chunk a writer may be configured with (one disk operation's worth, see Disk.MAX_IO_BYTES). */
    public static final int MAX_CHUNK_BYTES = 64 << 20;
    /** The largest image {@link #toByteArray()} returns. */
    public static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 16;

    public static final ImageBytes EMPTY = new ImageBytes(List.of());

    private final byte[][] chunks;
    /** starts[i] is the offset of chunks[i]; starts[chunks.length] is the length. */
    private final long[] starts;
    private int crc;
    private boolean crcKnown;

    /** Takes ownership of {@code chunks}; empty ones are dropped. */
    ImageBytes(List<byte[]> chunks) {
        List<byte[]> kept = new ArrayList<>(chunks.size());
        for (byte[] c : chunks) {
            if (c.length > 0) {
                kept.add(c);
            }
        }
        this.chunks = kept.toArray(new byte[0][]);
        this.starts = new long[this.chunks.length + 1];
        for (int i = 0; i < this.chunks.length; i++) {
            starts[i + 1] = starts[i] + this.chunks[i].length;
        }
    }

    /** A copy of {@code data} in chunks of the default size. */
    public static ImageBytes of(byte[] data) {
        return of(data, DEFAULT_CHUNK_BYTES);
    }

    /** A copy of {@code data} in chunks of {@code chunkBytes}. */
    public static ImageBytes of(byte[] data, int chunkBytes) {
        return new ImageWriter(chunkBytes).write(data, 0, data.length).finish();
    }

    /** A writer of a new image with chunks of {@code chunkBytes}. */
    public static ImageWriter writer(int chunkBytes) {
        return new ImageWriter(chunkBytes);
    }

    /** {@code a} followed by {@code b}, sharing their chunks. */
    public static ImageBytes concat(ImageBytes a, ImageBytes b) {
        List<byte[]> all = new ArrayList<>(a.chunks.length + b.chunks.length);
        all.addAll(Arrays.asList(a.chunks));
        all.addAll(Arrays.asList(b.chunks));
        return new ImageBytes(all);
    }

    public long length() {
        return starts[chunks.length];
    }

    public int chunkCount() {
        return chunks.length;
    }

    /** Length of chunk {@code i}. */
    public int chunkLength(int i) {
        return chunks[i].length;
    }

    /**
     * The bytes [offset, offset + len) as a new image sharing the whole chunks inside the range; only the
     * two chunks cut by its ends are copied (in part).
     */
    public ImageBytes slice(long offset, long len) {
        checkRange(offset, len);
        if (len == 0) {
            return EMPTY;
        }
        List<byte[]> out = new ArrayList<>();
        long end = offset + len;
        for (int i = chunkAt(offset); i < chunks.length && starts[i] < end; i++) {
            int from = (int) Math.max(0, offset - starts[i]);
            int to = (int) Math.min(chunks[i].length, end - starts[i]);
            out.add(from == 0 && to == chunks[i].length ? chunks[i] : Arrays.copyOfRange(chunks[i], from, to));
        }
        return new ImageBytes(out);
    }

    /** A copy of the bytes [offset, offset + len), e.g. one InstallSnapshot chunk or one disk write. */
    public byte[] range(long offset, int len) {
        byte[] out = new byte[len];
        copyTo(offset, out, 0, len);
        return out;
    }

    /** Copies the bytes [offset, offset + len) into {@code dst} at {@code dstOffset}. */
    public void copyTo(long offset, byte[] dst, int dstOffset, int len) {
        checkRange(offset, len);
        Objects.checkFromIndexSize(dstOffset, len, dst.length);
        if (len == 0) {
            return;
        }
        int copied = 0;
        for (int i = chunkAt(offset); copied < len; i++) {
            int from = (int) (offset + copied - starts[i]);
            int n = Math.min(chunks[i].length - from, len - copied);
            System.arraycopy(chunks[i], from, dst, dstOffset + copied, n);
            copied += n;
        }
    }

    /** The byte at {@code offset}. */
    public byte byteAt(long offset) {
        checkRange(offset, 1);
        int i = chunkAt(offset);
        return chunks[i][(int) (offset - starts[i])];
    }

    /** The CRC32C of the whole sequence (computed once). */
    public int crc32c() {
        if (!crcKnown) {
            CRC32C c = new CRC32C();
            for (byte[] chunk : chunks) {
                c.update(chunk, 0, chunk.length);
            }
            crc = (int) c.getValue();
            crcKnown = true;
        }
        return crc;
    }

    /** A reader from the first byte. */
    public ImageReader reader() {
        return new ImageReader(this);
    }

    /** All bytes in one new array; only for images known to be small (tests, small state machines). */
    public byte[] toByteArray() {
        if (length() > MAX_ARRAY_BYTES) {
            throw new IllegalStateException("image of " + length() + " bytes does not fit one array");
        }
        return range(0, (int) length());
    }

    byte[] chunk(int i) {
        return chunks[i];
    }

    /** Index of the chunk holding {@code offset} (offset < length). */
    int chunkAt(long offset) {
        int i = Arrays.binarySearch(starts, 0, chunks.length, offset);
        return i >= 0 ? i : -i - 2;
    }

    private void checkRange(long offset, long len) {
        if (offset < 0 || len < 0 || offset > length() - len) {
            throw new IndexOutOfBoundsException("range [" + offset + ", +" + len + ") of an image of " + length() + " bytes");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ImageBytes b) || b.length() != length()) {
            return false;
        }
        if (b == this) {
            return true;
        }
        // walk both chunk lists in step, comparing the overlapping parts
        int i = 0;
        int j = 0;
        int pi = 0;
        int pj = 0;
        while (i < chunks.length) {
            int n = Math.min(chunks[i].length - pi, b.chunks[j].length - pj);
            if (!Arrays.equals(chunks[i], pi, pi + n, b.chunks[j], pj, pj + n)) {
                return false;
            }
            pi += n;
            pj += n;
            if (pi == chunks[i].length) {
                i++;
                pi = 0;
            }
            if (pj == b.chunks[j].length && i < chunks.length) {
                j++;
                pj = 0;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(length()) * 31 + crc32c();
    }

    @Override
    public String toString() {
        return "ImageBytes{" + length() + "B in " + chunks.length + " chunks}";
    }
}
