package io.shoaldb.net.transport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * One message on the wire between ShoalDB processes. All integers are big-endian.
 *
 * <pre>
 * offset size field
 *  0      4   length      bytes that follow this field: 20 header bytes + payload
 *  4      2   magic       0x5348 ("SH")
 *  6      1   version     1
 *  7      1   flags       0 (reserved)
 *  8      8   cluster id  frames from another cluster are refused
 * 16      4   sender      node id (or client id) of the sending process
 * 20      4   crc32c      over bytes 4..19 and the payload
 * 24      n   payload
 * </pre>
 *
 * @param clusterId the cluster the sender belongs to
 * @param sender    the sender's node or client id, non-negative
 * @param payload   the message bytes, owned by the frame
 */
public record Frame(long clusterId, int sender, byte[] payload) {

    public static final int HEADER_BYTES = 24;
    /** Header bytes counted by the length field (everything after the length itself). */
    public static final int HEADER_AFTER_LENGTH_BYTES = HEADER_BYTES - 4;
    public static final short MAGIC = 0x5348;
    public static final byte VERSION = 1;

    public Frame {
        if (sender < 0) {
            throw new IllegalArgumentException("sender must be non-negative: " + sender);
        }
        if (payload == null) {
            throw new IllegalArgumentException("payload is required");
        }
    }

    /** The checksum of a frame, over the fields after the length and the payload. */
    static int checksum(ByteBuffer headerFields, byte[] payload, int payloadOffset, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(headerFields);
        crc.update(payload, payloadOffset, payloadLength);
        return (int) crc.getValue();
    }

    /** Encodes the 24 header bytes for this frame, checksum included. */
    byte[] encodeHeader() {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        header.putInt(HEADER_AFTER_LENGTH_BYTES + payload.length);
        header.putShort(MAGIC);
        header.put(VERSION);
        header.put((byte) 0);
        header.putLong(clusterId);
        header.putInt(sender);
        int crc = checksum(header.duplicate().position(4).limit(20), payload, 0, payload.length);
        header.putInt(crc);
        assert header.position() == HEADER_BYTES;
        return header.array();
    }
}
