package io.shoaldb.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ImageBytesTest {

    private static int crc(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b, 0, b.length);
        return (int) c.getValue();
    }

    @Property(tries = 300)
    void rangeReadsMatchTheFlatBytesAcrossChunkBoundaries(@ForAll @Size(max = 600) byte[] data,
            @ForAll @IntRange(min = 1, max = 70) int chunk, @ForAll @IntRange(min = 0, max = 700) int from,
            @ForAll @IntRange(min = 0, max = 700) int len) {
        ImageBytes img = ImageBytes.of(data, chunk);
        assertEquals(data.length, img.length());
        assertEquals((data.length + chunk - 1) / chunk, img.chunkCount());
        for (int i = 0; i < img.chunkCount(); i++) {
            assertTrue(img.chunkLength(i) <= chunk);
        }
        if (from + len <= data.length) {
            assertArrayEquals(Arrays.copyOfRange(data, from, from + len), img.range(from, len));
            assertArrayEquals(Arrays.copyOfRange(data, from, from + len), img.slice(from, len).toByteArray());
            if (len > 0) {
                assertEquals(data[from], img.byteAt(from));
            }
        } else {
            assertThrows(IndexOutOfBoundsException.class, () -> img.range(from, len));
            assertThrows(IndexOutOfBoundsException.class, () -> img.slice(from, len));
        }
        assertArrayEquals(data, img.toByteArray());
    }

    @Property(tries = 200)
    void crcAndEqualityDoNotDependOnChunking(@ForAll @Size(max = 400) byte[] data,
            @ForAll @IntRange(min = 1, max = 50) int a, @ForAll @IntRange(min = 1, max = 50) int b,
            @ForAll @IntRange(min = 0, max = 400) int cut) {
        ImageBytes x = ImageBytes.of(data, a);
        ImageBytes y = ImageBytes.of(data, b);
        assertEquals(crc(data), x.crc32c());
        assertEquals(x, y);
        assertEquals(x.hashCode(), y.hashCode());
        int at = Math.min(cut, data.length);
        ImageBytes joined = ImageBytes.concat(x.slice(0, at), y.slice(at, data.length - at));
        assertEquals(x, joined);
        assertEquals(crc(data), joined.crc32c());
        if (data.length > 0) {
            byte[] other = data.clone();
            other[at == data.length ? 0 : at] ^= 1;
            assertNotEquals(x, ImageBytes.of(other, b));
        }
    }

    /** One write to an image: a byte, an int, a long or an array slice. */
    record Op(int kind, long value, byte[] bytes) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.longs(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(90)).as(Op::new);
        return op.list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void writerAndReaderRoundTrip(@ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 1, max = 40) int chunk) {
        ImageWriter w = ImageBytes.writer(chunk);
        ByteArrayOutputStream flat = new ByteArrayOutputStream();
        for (Op op : ops) {
            switch (op.kind()) {
                case 0 -> {
                    w.u8((int) op.value());
                    flat.write((int) op.value());
                }
                case 1 -> {
                    w.i32((int) op.value());
                    flat.writeBytes(ByteBuffer.allocate(4).putInt((int) op.value()).array());
                }
                case 2 -> {
                    w.i64(op.value());
                    flat.writeBytes(ByteBuffer.allocate(8).putLong(op.value()).array());
                }
                default -> {
                    w.write(op.bytes());
                    flat.writeBytes(op.bytes());
                }
            }
            assertEquals(flat.size(), w.length());
        }
        ImageBytes img = w.finish();
        assertArrayEquals(flat.toByteArray(), img.toByteArray());
        assertThrows(IllegalStateException.class, () -> w.u8(1));

        ImageReader r = img.reader();
        for (Op op : ops) {
            switch (op.kind()) {
                case 0 -> assertEquals(op.value() & 0xff, r.u8());
                case 1 -> assertEquals((int) op.value(), r.i32());
                case 2 -> assertEquals(op.value(), r.i64());
                default -> assertArrayEquals(op.bytes(), r.bytes(op.bytes().length));
            }
        }
        assertEquals(0, r.remaining());
        assertEquals(img.length(), r.position());
        assertThrows(IllegalStateException.class, r::u8);
    }

    @Test
    void readsPastTheEndAndBadChunkSizesAreRefused() {
        ImageBytes img = ImageBytes.of(new byte[] {1, 2, 3}, 2);
        ImageReader r = img.reader();
        assertThrows(IllegalStateException.class, r::i32);
        assertEquals(0, r.position(), "a refused read consumes nothing");
        byte[] into = new byte[5];
        assertEquals(3, r.read(into, 0, 5));
        assertEquals(0, r.read(into, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> ImageBytes.writer(0));
        assertThrows(IllegalArgumentException.class, () -> ImageBytes.writer(ImageBytes.MAX_CHUNK_BYTES + 1));
        assertEquals(0, ImageBytes.EMPTY.length());
        assertEquals(ImageBytes.EMPTY, ImageBytes.of(new byte[0], 5));
    }
}
