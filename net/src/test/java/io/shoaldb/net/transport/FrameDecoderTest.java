package io.shoaldb.net.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.shoaldb.net.transport.TransportStats.Counter;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static final long CLUSTER = 0x1234_5678_9abc_def0L;
    private final TransportStats stats = new TransportStats();
    private final List<String> warnings = new ArrayList<>();

    private EmbeddedChannel channel(int maxPayloadBytes, int expectedSender) {
        return new EmbeddedChannel(new FrameDecoder(CLUSTER, maxPayloadBytes, expectedSender, stats, warnings::add));
    }

    static byte[] encode(long cluster, int sender, byte[] payload) {
        Frame frame = new Frame(cluster, sender, payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(frame.encodeHeader());
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private List<Frame> feed(EmbeddedChannel ch, byte[] bytes, Random chunks) {
        int at = 0;
        while (at < bytes.length && ch.isOpen()) {
            int n = Math.min(bytes.length - at, 1 + chunks.nextInt(40));
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, at, n));
            at += n;
        }
        List<Frame> frames = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            frames.add((Frame) o);
        }
        return frames;
    }

    @Test
    void headerIsTwentyFourBytesWithTheDocumentedFields() {
        byte[] bytes = encode(CLUSTER, 7, new byte[] {1, 2, 3});
        assertEquals(Frame.HEADER_BYTES + 3, bytes.length);
        assertEquals(23, java.nio.ByteBuffer.wrap(bytes).getInt(0));
        assertEquals(Frame.MAGIC, java.nio.ByteBuffer.wrap(bytes).getShort(4));
        assertEquals(CLUSTER, java.nio.ByteBuffer.wrap(bytes).getLong(8));
        assertEquals(7, java.nio.ByteBuffer.wrap(bytes).getInt(16));
    }

    @Property(tries = 200)
    void framesSurviveAnySplittingOfTheStream(@ForAll @IntRange(min = 0, max = 20) int count, @ForAll long seed) {
        Random random = new Random(seed);
        List<byte[]> payloads = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            byte[] p = new byte[random.nextInt(300)];
            random.nextBytes(p);
            payloads.add(p);
            stream.writeBytes(encode(CLUSTER, 3, p));
        }
        EmbeddedChannel ch = channel(1024, -1);
        List<Frame> frames = feed(ch, stream.toByteArray(), random);
        assertEquals(count, frames.size());
        for (int i = 0; i < count; i++) {
            assertArrayEquals(payloads.get(i), frames.get(i).payload());
            assertEquals(3, frames.get(i).sender());
        }
        assertTrue(ch.isOpen());
        assertEquals(0, stats.refused());
    }

    @Test
    void corruptFrameIsDroppedAndCountedAndTheNextOneStillArrives() {
        byte[] bad = encode(CLUSTER, 1, "hello".getBytes());
        bad[Frame.HEADER_BYTES + 1] ^= 0x10;
        byte[] good = encode(CLUSTER, 1, "world".getBytes());
        EmbeddedChannel ch = channel(1024, -1);
        List<Frame> frames = feed(ch, concat(bad, good), new Random(1));
        assertEquals(1, frames.size());
        assertArrayEquals("world".getBytes(), frames.get(0).payload());
        assertEquals(1, stats.get(Counter.DROPPED_CORRUPT));
        assertTrue(ch.isOpen());
    }

    @Test
    void corruptChecksumFieldAlsoDropsTheFrame() {
        byte[] bad = encode(CLUSTER, 1, "x".getBytes());
        bad[21] ^= 0x01;
        EmbeddedChannel ch = channel(1024, -1);
        assertTrue(feed(ch, bad, new Random(2)).isEmpty());
        assertEquals(1, stats.get(Counter.DROPPED_CORRUPT));
    }

    @Test
    void oversizedFrameIsSkippedUnreadAndTheConnectionLivesOn() {
        byte[] big = encode(CLUSTER, 1, new byte[5000]);
        byte[] good = encode(CLUSTER, 1, "ok".getBytes());
        EmbeddedChannel ch = channel(1000, -1);
        List<Frame> frames = feed(ch, concat(big, good, big, good), new Random(3));
        assertEquals(2, frames.size());
        assertEquals(2, stats.get(Counter.DROPPED_OVERSIZED));
        assertTrue(ch.isOpen());
    }

    @Test
    void badMagicClosesTheConnection() {
        byte[] bytes = encode(CLUSTER, 1, "x".getBytes());
        bytes[4] = 'G';
        EmbeddedChannel ch = channel(1024, -1);
        assertTrue(feed(ch, concat(bytes, encode(CLUSTER, 1, "y".getBytes())), new Random(4)).isEmpty());
        assertEquals(1, stats.get(Counter.CLOSED_BROKEN_FRAMING));
        assertFalse(ch.isOpen());
        assertEquals(1, warnings.size());
    }

    @Test
    void httpRequestOnTheNodePortClosesTheConnection() {
        EmbeddedChannel ch = channel(1024, -1);
        assertTrue(feed(ch, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(), new Random(5)).isEmpty());
        assertFalse(ch.isOpen());
        assertEquals(1, stats.get(Counter.CLOSED_BROKEN_FRAMING));
    }

    @Test
    void impossibleLengthClosesTheConnection() {
        byte[] bytes = encode(CLUSTER, 1, new byte[0]);
        java.nio.ByteBuffer.wrap(bytes).putInt(0, 3);
        EmbeddedChannel ch = channel(1024, -1);
        feed(ch, bytes, new Random(6));
        assertFalse(ch.isOpen());
        assertEquals(1, stats.get(Counter.CLOSED_BROKEN_FRAMING));
    }

    @Test
    void frameOfAnotherClusterClosesTheConnection() {
        EmbeddedChannel ch = channel(1024, -1);
        assertTrue(feed(ch, encode(CLUSTER + 1, 1, "x".getBytes()), new Random(7)).isEmpty());
        assertFalse(ch.isOpen());
        assertEquals(1, stats.get(Counter.CLOSED_WRONG_CLUSTER));
    }

    @Test
    void aConnectionMayNotChangeItsSender() {
        EmbeddedChannel ch = channel(1024, -1);
        List<Frame> frames = feed(ch, concat(encode(CLUSTER, 1, "a".getBytes()), encode(CLUSTER, 2, "b".getBytes())), new Random(8));
        assertEquals(1, frames.size());
        assertFalse(ch.isOpen());
        assertEquals(1, stats.get(Counter.CLOSED_SENDER_MISMATCH));
    }

    @Test
    void anOutboundConnectionOnlyAcceptsItsPeer() {
        EmbeddedChannel ch = channel(1024, 2);
        assertTrue(feed(ch, encode(CLUSTER, 3, "a".getBytes()), new Random(9)).isEmpty());
        assertEquals(1, stats.get(Counter.CLOSED_SENDER_MISMATCH));
    }

    @Test
    void unknownFlagsAreDroppedAndCounted() {
        byte[] bytes = encode(CLUSTER, 1, "x".getBytes());
        bytes[7] = 1;
        // Re-checksum so the frame is intact but of an unknown kind.
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 4, 16);
        crc.update(bytes, Frame.HEADER_BYTES, 1);
        java.nio.ByteBuffer.wrap(bytes).putInt(20, (int) crc.getValue());
        EmbeddedChannel ch = channel(1024, -1);
        assertTrue(feed(ch, bytes, new Random(10)).isEmpty());
        assertEquals(1, stats.get(Counter.DROPPED_UNSUPPORTED));
        assertTrue(ch.isOpen());
    }

    @Test
    void connectionEndingMidFrameCountsATruncatedFrame() {
        byte[] bytes = encode(CLUSTER, 1, "truncated".getBytes());
        EmbeddedChannel ch = channel(1024, -1);
        ch.writeInbound(Unpooled.wrappedBuffer(bytes, 0, bytes.length - 3));
        assertNull(ch.readInbound());
        ch.finish();
        assertEquals(1, stats.get(Counter.DROPPED_TRUNCATED));
    }

    @Property(tries = 300)
    void mutatedStreamsNeverThrowAndNeverDeliverAlteredPayloads(@ForAll long seed) {
        Random random = new Random(seed);
        List<byte[]> payloads = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 1 + random.nextInt(8); i++) {
            byte[] p = new byte[random.nextInt(64)];
            random.nextBytes(p);
            p = (i + ":" + new String(p, java.nio.charset.StandardCharsets.ISO_8859_1)).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            payloads.add(p);
            stream.writeBytes(encode(CLUSTER, 4, p));
        }
        byte[] bytes = stream.toByteArray();
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations && bytes.length > 0; i++) {
            switch (random.nextInt(3)) {
                case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                default -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
        }
        EmbeddedChannel ch = channel(1 << 16, -1);
        List<Frame> frames = feed(ch, bytes, random);
        ch.finish();
        // Whatever got through is byte-for-byte one of the frames that was sent.
        for (Frame f : frames) {
            assertTrue(payloads.stream().anyMatch(p -> java.util.Arrays.equals(p, f.payload())), "altered payload delivered");
            assertEquals(4, f.sender());
        }
        assertTrue(frames.size() <= payloads.size());
    }
}
