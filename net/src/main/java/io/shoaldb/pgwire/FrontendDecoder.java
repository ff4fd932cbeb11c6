package io.shoaldb.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames the client's byte stream into {@link FrontendMessage}s. The first packets of a connection have
 * no type byte (SSLRequest, GSSENCRequest, CancelRequest, StartupMessage); after a StartupMessage every
 * message is type byte + int32 length + body. Lengths are checked before any allocation, so an
 * oversized or impossible length costs nothing; a body that does not parse becomes
 * {@link FrontendMessage.Malformed}, broken framing becomes {@link FrontendMessage.BrokenFraming} and
 * everything after it is discarded.
 */
public final class FrontendDecoder extends ByteToMessageDecoder {
    static final int SSL_REQUEST_CODE = 80877103;
    static final int GSSENC_REQUEST_CODE = 80877104;
    static final int CANCEL_REQUEST_CODE = 80877102;
    static final int PROTOCOL_3 = 3;
    /** PostgreSQL's own limit on a startup packet (MAX_STARTUP_PACKET_LENGTH). */
    static final int MAX_STARTUP_BYTES = 10_000;
    /** More startup parameters than any client sends; a bound against hash-flooding. */
    static final int MAX_STARTUP_PARAMETERS = 64;
    /** PostgreSQL's limit on bind parameters (a 16-bit count). */
    static final int MAX_PARAMETERS = 65_535;
    /** Message types a client may send after startup. */
    private static final String KNOWN_TYPES = "QPBDECSHXpdcfF";

    private final int maxMessageBytes;
    private boolean startupPhase = true;
    private boolean broken;

    public FrontendDecoder(int maxMessageBytes) {
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024: " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        FrontendMessage message = startupPhase ? decodeStartupPacket(in) : decodeTyped(in);
        if (message == null) {
            return;
        }
        if (message instanceof FrontendMessage.BrokenFraming) {
            broken = true;
            in.skipBytes(in.readableBytes());
        } else if (message instanceof FrontendMessage.SslRequest && in.isReadable()) {
            // Bytes sent before the TLS handshake could be injected by a man in the middle (CVE-2021-23214).
            broken = true;
            in.skipBytes(in.readableBytes());
            message = new FrontendMessage.BrokenFraming(ErrorFields.fatal(SqlState.PROTOCOL_VIOLATION,
                    "received unencrypted data after SSL request"));
        }
        out.add(message);
    }

    private FrontendMessage decodeStartupPacket(ByteBuf in) {
        if (in.readableBytes() < 4) {
            return null;
        }
        int length = in.getInt(in.readerIndex());
        if (length < 8 || length > MAX_STARTUP_BYTES) {
            return broken("invalid length of startup packet");
        }
        if (in.readableBytes() < length) {
            return null;
        }
        in.skipBytes(4);
        ByteBuf body = in.readSlice(length - 4);
        int code = body.readInt();
        switch (code) {
            case SSL_REQUEST_CODE, GSSENC_REQUEST_CODE -> {
                if (length != 8) {
                    return broken("invalid length of " + (code == SSL_REQUEST_CODE ? "SSL" : "GSSENC") + " request");
                }
                return code == SSL_REQUEST_CODE ? new FrontendMessage.SslRequest() : new FrontendMessage.GssEncRequest();
            }
            case CANCEL_REQUEST_CODE -> {
                if (length != 16) {
                    return broken("invalid length of cancel request");
                }
                return new FrontendMessage.CancelRequest(body.readInt(), body.readInt());
            }
            default -> {
                int major = code >>> 16;
                int minor = code & 0xFFFF;
                if (major != PROTOCOL_3) {
                    return new FrontendMessage.BrokenFraming(ErrorFields.fatal(SqlState.FEATURE_NOT_SUPPORTED,
                            "unsupported frontend protocol " + major + "." + minor
                                    + ": server supports 3.0").withHint("Use a client that speaks protocol 3.0 (PostgreSQL 7.4 or newer)."));
                }
                try {
                    Map<String, String> parameters = new LinkedHashMap<>();
                    while (true) {
                        String name = readCString(body);
                        if (name.isEmpty()) {
                            break;
                        }
                        String value = readCString(body);
                        if (parameters.size() >= MAX_STARTUP_PARAMETERS) {
                            return broken("too many startup parameters");
                        }
                        parameters.put(name, value);
                    }
                    if (body.isReadable()) {
                        return broken("invalid startup packet layout: expected terminator as last byte");
                    }
                    startupPhase = false;
                    return new FrontendMessage.Startup(minor, parameters);
                } catch (MalformedException e) {
                    return broken("invalid startup packet layout: " + e.getMessage());
                } catch (SqlException e) {
                    return new FrontendMessage.BrokenFraming(e.fields().withSeverity("FATAL"));
                }
            }
        }
    }

    private FrontendMessage decodeTyped(ByteBuf in) {
        if (in.readableBytes() < 5) {
            return null;
        }
        byte type = in.getByte(in.readerIndex());
        int length = in.getInt(in.readerIndex() + 1);
        if (length < 4) {
            return broken("invalid message length " + length);
        }
        if (length > maxMessageBytes) {
            return new FrontendMessage.BrokenFraming(ErrorFields.fatal(SqlState.PROGRAM_LIMIT_EXCEEDED,
                    "message of " + length + " bytes exceeds the limit of " + maxMessageBytes + " bytes"));
        }
        if (in.readableBytes() < 1 + length) {
            return null;
        }
        char t = (char) (type & 0xFF);
        if (KNOWN_TYPES.indexOf(t) < 0) {
            // The stream may not be pgwire at all; PostgreSQL ends the session here too.
            return broken("invalid frontend message type " + (type & 0xFF));
        }
        in.skipBytes(5);
        ByteBuf body = in.readSlice(length - 4);
        try {
            FrontendMessage message = decodeBody(t, body);
            if (body.isReadable()) {
                throw new MalformedException("message '" + t + "' has " + body.readableBytes() + " trailing bytes");
            }
            return message;
        } catch (MalformedException e) {
            return new FrontendMessage.Malformed(t, ErrorFields.error(SqlState.PROTOCOL_VIOLATION,
                    "invalid message format: " + e.getMessage()));
        } catch (SqlException e) {
            return new FrontendMessage.Malformed(t, e.fields());
        } catch (IndexOutOfBoundsException e) {
            return new FrontendMessage.Malformed(t, ErrorFields.error(SqlState.PROTOCOL_VIOLATION,
                    "invalid message format: message '" + t + "' is shorter than its fields"));
        }
    }

    private static FrontendMessage decodeBody(char type, ByteBuf body) {
        return switch (type) {
            case 'Q' -> new FrontendMessage.Query(readCString(body));
            case 'P' -> {
                String name = readCString(body);
                String sql = readCString(body);
                int n = body.readUnsignedShort();
                checkCount(n, body, 4);
                List<Integer> oids = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    oids.add(body.readInt());
                }
                yield new FrontendMessage.Parse(name, sql, List.copyOf(oids));
            }
            case 'B' -> decodeBind(body);
            case 'D' -> {
                byte target = body.readByte();
                checkTarget(target);
                yield new FrontendMessage.Describe(target, readCString(body));
            }
            case 'E' -> new FrontendMessage.Execute(readCString(body), body.readInt());
            case 'C' -> {
                byte target = body.readByte();
                checkTarget(target);
                yield new FrontendMessage.Close(target, readCString(body));
            }
            case 'S' -> new FrontendMessage.Sync();
            case 'H' -> new FrontendMessage.Flush();
            case 'X' -> new FrontendMessage.Terminate();
            case 'p' -> {
                byte[] payload = new byte[body.readableBytes()];
                body.readBytes(payload);
                yield new FrontendMessage.PasswordMessage(payload);
            }
            case 'd' -> {
                byte[] data = new byte[body.readableBytes()];
                body.readBytes(data);
                yield new FrontendMessage.CopyData(data);
            }
            case 'c' -> new FrontendMessage.CopyDone();
            case 'f' -> new FrontendMessage.CopyFail(readCString(body));
            case 'F' -> {
                body.skipBytes(body.readableBytes());
                throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "the fastpath function call protocol is not supported");
            }
            default -> throw new IllegalStateException("type '" + type + "' passed the known-type check");
        };
    }

    private static FrontendMessage.Bind decodeBind(ByteBuf body) {
        String portal = readCString(body);
        String statement = readCString(body);
        int nFormats = body.readUnsignedShort();
        checkCount(nFormats, body, 2);
        List<Short> formats = new ArrayList<>(nFormats);
        for (int i = 0; i < nFormats; i++) {
            formats.add(readFormat(body));
        }
        int nValues = body.readUnsignedShort();
        checkCount(nValues, body, 4);
        if (nFormats > 1 && nFormats != nValues) {
            throw new MalformedException("bind message has " + nFormats + " parameter formats but " + nValues + " parameters");
        }
        List<byte[]> values = new ArrayList<>(nValues);
        for (int i = 0; i < nValues; i++) {
            int n = body.readInt();
            if (n == -1) {
                values.add(null);
                continue;
            }
            if (n < 0 || n > body.readableBytes()) {
                throw new MalformedException("invalid length " + n + " of bind parameter " + (i + 1));
            }
            byte[] v = new byte[n];
            body.readBytes(v);
            values.add(v);
        }
        int nResults = body.readUnsignedShort();
        checkCount(nResults, body, 2);
        List<Short> resultFormats = new ArrayList<>(nResults);
        for (int i = 0; i < nResults; i++) {
            resultFormats.add(readFormat(body));
        }
        return new FrontendMessage.Bind(portal, statement, List.copyOf(formats), java.util.Collections.unmodifiableList(values),
                List.copyOf(resultFormats));
    }

    private static short readFormat(ByteBuf body) {
        short f = body.readShort();
        if (f != 0 && f != 1) {
            throw new MalformedException("unsupported format code: " + f);
        }
        return f;
    }

    private static void checkCount(int n, ByteBuf body, int minBytesEach) {
        if ((long) n * minBytesEach > body.readableBytes()) {
            throw new MalformedException("count " + n + " exceeds the message size");
        }
    }

    private static void checkTarget(byte target) {
        if (target != 'S' && target != 'P') {
            throw new MalformedException("invalid target '" + (char) (target & 0xFF) + "': expected 'S' or 'P'");
        }
    }

    /** Reads a NUL-terminated UTF-8 string; invalid UTF-8 raises 22021. */
    static String readCString(ByteBuf body) {
        int end = body.indexOf(body.readerIndex(), body.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new MalformedException("missing string terminator");
        }
        String s = Utf8.decode(body, end - body.readerIndex());
        body.skipBytes(1);
        return s;
    }

    private static FrontendMessage.BrokenFraming broken(String message) {
        return new FrontendMessage.BrokenFraming(ErrorFields.fatal(SqlState.PROTOCOL_VIOLATION, message));
    }

    /** A body that does not match its message type's layout. */
    static final class MalformedException extends RuntimeException {
        MalformedException(String message) {
            super(message, null, false, false);
        }
    }
}
