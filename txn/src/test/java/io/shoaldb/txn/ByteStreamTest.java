package io.shoaldb.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.image.ImageWriter;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** A streaming {@link ByteWriter} into an image and a streaming {@link ByteReader} from it agree with the array forms. */
class ByteStreamTest {

    record Field(int kind, long value, byte[] bytes) {
    }

    @Provide
    Arbitrary<List<Field>> fields() {
        // byte strings up to 200 KiB: larger than the 64 KiB stream buffer and window
        Arbitrary<byte[]> bytes = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.integers().between(60_000, 200_000).map(byte[]::new));
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.longs(), bytes).as(Field::new)
                .list().ofMaxSize(40);
    }

    private static void write(ByteWriter w, Field f) {
        switch (f.kind()) {
            case 0 -> w.u8((int) f.value());
            case 1 -> w.i32((int) f.value());
            case 2 -> w.i64(f.value());
            case 3 -> w.bytes(f.value() % 7 == 0 ? null : f.bytes());
            default -> w.string("s" + f.value());
        }
    }

    @Property(tries = 60)
    void streamedImagesMatchArraysAndReadBack(@ForAll("fields") List<Field> fields,
            @ForAll @IntRange(min = 1, max = 5000) int chunk) {
        ByteWriter flat = new ByteWriter(16);
        ImageWriter out = ImageBytes.writer(chunk);
        ByteWriter streaming = ByteWriter.streamingTo(out);
        for (Field f : fields) {
            write(flat, f);
            write(streaming, f);
            assertEquals(flat.size(), streaming.written());
        }
        streaming.flush();
        ImageBytes image = out.finish();
        assertArrayEquals(flat.toByteArray(), image.toByteArray());
        assertThrows(IllegalStateException.class, streaming::toByteArray);

        ByteReader r = ByteReader.streamingFrom(image.reader());
        for (Field f : fields) {
            switch (f.kind()) {
                case 0 -> assertEquals(f.value() & 0xff, r.u8());
                case 1 -> assertEquals((int) f.value(), r.i32());
                case 2 -> assertEquals(f.value(), r.i64());
                case 3 -> assertArrayEquals(f.value() % 7 == 0 ? null : f.bytes(), r.bytes());
                default -> assertEquals("s" + f.value(), r.string());
            }
        }
        assertTrue(r.atEnd());
        r.expectEnd();
        assertThrows(ByteReader.Malformed.class, r::u8);
        if (image.length() > 0) {
            ByteReader cut = ByteReader.streamingFrom(image.slice(0, image.length() - 1).reader());
            assertThrows(ByteReader.Malformed.class, () -> {
                for (Field f : fields) {
                    switch (f.kind()) {
                        case 0 -> cut.u8();
                        case 1 -> cut.i32();
                        case 2 -> cut.i64();
                        case 3 -> cut.bytes();
                        default -> cut.string();
                    }
                }
            });
        }
    }
}
