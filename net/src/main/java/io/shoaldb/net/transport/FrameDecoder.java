package io.shoaldb.net.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.shoaldb.net.transport.TransportStats.Counter;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a TCP byte stream into {@link Frame}s and judges each one. A frame whose checksum fails, whose
 * payload exceeds the limit or whose flags are unknown is dropped and counted while the connection
 * lives on; a stream that has lost its framing (bad magic, bad version, impossible length), or that
 * speaks for another cluster or changes sender, is closed, because nothing after that point can be
 * trusted. No input makes this class throw.
 */
final class FrameDecoder extends ByteToMessageDecoder {

    private static final int PREFIX_BYTES = 8; // length, magic, version, flags

    private final long clusterId;
    private final int maxPayloadBytes;
    private final TransportStats stats;
    private final Consumer<String> warn;
    /** The sender this connection speaks for, or -1 until its first good frame. */
    private int sender;
    /** Bytes of an oversized frame still to skip. */
    private long discardBytes;
    private boolean broken;

    FrameDecoder(long clusterId, int maxPayloadBytes, int expectedSender, TransportStats stats, Consumer<String> warn) {
        if (maxPayloadBytes < 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be non-negative");
        }
        this.clusterId = clusterId;
        this.maxPayloadBytes = maxPayloadBytes;
        this.sender = expectedSender;
        this.stats = stats;
        this.warn = warn;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            if (broken) {
                in.skipBytes(in.readableBytes());
                return;
            }
            if (discardBytes > 0) {
                int n = (int) Math.min(discardBytes, in.readableBytes());
                in.skipBytes(n);
                discardBytes -= n;
                if (discardBytes > 0) {
                    return;
                }
            }
            if (in.readableBytes() < PREFIX_BYTES) {
                return;
            }
            int start = in.readerIndex();
            long length = in.getUnsignedInt(start);
            short magic = in.getShort(start + 4);
            byte version = in.getByte(start + 6);
            if (magic != Frame.MAGIC) {
                breakConnection(ctx, Counter.CLOSED_BROKEN_FRAMING, "bad frame magic 0x" + Integer.toHexString(magic & 0xffff));
                continue;
            }
            if (version != Frame.VERSION) {
                breakConnection(ctx, Counter.CLOSED_BROKEN_FRAMING, "unsupported frame version " + version);
                continue;
            }
            if (length < Frame.HEADER_AFTER_LENGTH_BYTES) {
                breakConnection(ctx, Counter.CLOSED_BROKEN_FRAMING, "impossible frame length " + length);
                continue;
            }
            long payloadLength = length - Frame.HEADER_AFTER_LENGTH_BYTES;
            if (payloadLength > maxPayloadBytes) {
                stats.add(Counter.DROPPED_OVERSIZED);
                discardBytes = 4 + length;
                continue;
            }
            if (in.readableBytes() < 4 + length) {
                return;
            }
            byte flags = in.getByte(start + 7);
            long frameCluster = in.getLong(start + 8);
            int frameSender = in.getInt(start + 16);
            int crc = in.getInt(start + 20);
            byte[] payload = new byte[(int) payloadLength];
            in.getBytes(start + Frame.HEADER_BYTES, payload);
            int actual = Frame.checksum(in.nioBuffer(start + 4, 16), payload, 0, payload.length);
            in.skipBytes((int) (4 + length));
            if (actual != crc) {
                stats.add(Counter.DROPPED_CORRUPT);
                continue;
            }
            if (flags != 0) {
                stats.add(Counter.DROPPED_UNSUPPORTED);
                continue;
            }
            if (frameCluster != clusterId) {
                breakConnection(ctx, Counter.CLOSED_WRONG_CLUSTER, "frame from cluster " + Long.toHexString(frameCluster)
                        + ", this is cluster " + Long.toHexString(clusterId));
                continue;
            }
            if (frameSender < 0 || (sender >= 0 && frameSender != sender)) {
                breakConnection(ctx, Counter.CLOSED_SENDER_MISMATCH, "frame from sender " + frameSender
                        + " on a connection of sender " + sender);
                continue;
            }
            sender = frameSender;
            stats.add(Counter.FRAMES_RECEIVED);
            stats.add(Counter.PAYLOAD_BYTES_RECEIVED, payload.length);
            out.add(new Frame(frameCluster, frameSender, payload));
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (in.isReadable() || discardBytes > 0) {
            if (!broken) {
                stats.add(Counter.DROPPED_TRUNCATED);
            }
            in.skipBytes(in.readableBytes());
        }
    }

    private void breakConnection(ChannelHandlerContext ctx, Counter reason, String why) {
        broken = true;
        stats.add(reason);
        warn.accept("closing connection from " + ctx.channel().remoteAddress() + ": " + why);
        ctx.close();
    }
}
