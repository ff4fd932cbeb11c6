package io.shoaldb.pgwire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

/**
 * Frames backend messages into a buffer: type byte, int32 length (patched after the body is written),
 * body. The session accumulates a batch of replies here and hands it to the connection in one write.
 */
public final class BackendWriter {
    private final Supplier<ByteBuf> allocator;
    private ByteBuf out;

    public BackendWriter(Supplier<ByteBuf> allocator) {
        this.allocator = allocator;
        this.out = allocator.get();
    }

    /** Bytes written and not yet taken. */
    public int pendingBytes() {
        return out.readableBytes();
    }

    /** Hands over everything written so far (the caller owns the buffer) and starts a fresh one. */
    public ByteBuf take() {
        ByteBuf full = out;
        out = allocator.get();
        return full;
    }

    /** Frees the buffer for good; the writer must not be used afterwards. */
    public void release() {
        out.release();
    }

    private int begin(char type) {
        out.writeByte(type);
        int lengthAt = out.writerIndex();
        out.writeInt(0);
        return lengthAt;
    }

    private void end(int lengthAt) {
        int length = out.writerIndex() - lengthAt;
        assert length >= 4 : "message length below 4";
        out.setInt(lengthAt, length);
    }

    private void cString(String s) {
        out.writeCharSequence(s, StandardCharsets.UTF_8);
        out.writeByte(0);
    }

    public void authenticationOk() {
        int at = begin('R');
        out.writeInt(0);
        end(at);
    }

    public void authenticationMd5(byte[] salt) {
        assert salt.length == 4 : "md5 salt is 4 bytes";
        int at = begin('R');
        out.writeInt(5);
        out.writeBytes(salt);
        end(at);
    }

    public void authenticationSasl(List<String> mechanisms) {
        int at = begin('R');
        out.writeInt(10);
        for (String m : mechanisms) {
            cString(m);
        }
        out.writeByte(0);
        end(at);
    }

    public void authenticationSaslContinue(byte[] data) {
        int at = begin('R');
        out.writeInt(11);
        out.writeBytes(data);
        end(at);
    }

    public void authenticationSaslFinal(byte[] data) {
        int at = begin('R');
        out.writeInt(12);
        out.writeBytes(data);
        end(at);
    }

    public void parameterStatus(String name, String value) {
        int at = begin('S');
        cString(name);
        cString(value);
        end(at);
    }

    public void backendKeyData(int processId, int secretKey) {
        int at = begin('K');
        out.writeInt(processId);
        out.writeInt(secretKey);
        end(at);
    }

    public void negotiateProtocolVersion(int newestMinor, List<String> unrecognizedOptions) {
        int at = begin('v');
        out.writeInt(newestMinor);
        out.writeInt(unrecognizedOptions.size());
        for (String o : unrecognizedOptions) {
            cString(o);
        }
        end(at);
    }

    public void readyForQuery(TransactionStatus status) {
        int at = begin('Z');
        out.writeByte(status.indicator());
        end(at);
    }

    public void parseComplete() {
        empty('1');
    }

    public void bindComplete() {
        empty('2');
    }

    public void closeComplete() {
        empty('3');
    }

    public void noData() {
        empty('n');
    }

    public void portalSuspended() {
        empty('s');
    }

    public void emptyQueryResponse() {
        empty('I');
    }

    public void copyDone() {
        empty('c');
    }

    private void empty(char type) {
        out.writeByte(type);
        out.writeInt(4);
    }

    public void parameterDescription(List<PgType> types) {
        int at = begin('t');
        out.writeShort(types.size());
        for (PgType t : types) {
            out.writeInt(t.oid());
        }
        end(at);
    }

    /** @param formats one format code per column (0 text, 1 binary) */
    public void rowDescription(List<Column> columns, short[] formats) {
        int at = begin('T');
        out.writeShort(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            cString(c.name());
            out.writeInt(c.tableOid());
            out.writeShort(c.attributeNumber());
            out.writeInt(c.type().oid());
            out.writeShort(c.type().lengthBytes());
            out.writeInt(c.typeModifier());
            out.writeShort(formats[i]);
        }
        end(at);
    }

    public void dataRow(List<Column> columns, Object[] values, short[] formats, ZoneId zone) {
        assert values.length == columns.size() : "row has " + values.length + " values for " + columns.size() + " columns";
        int at = begin('D');
        out.writeShort(values.length);
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                out.writeInt(-1);
                continue;
            }
            int lengthAt = out.writerIndex();
            out.writeInt(0);
            PgType type = columns.get(i).type();
            if (formats[i] == 1) {
                BinaryCodec.encode(type, v, out);
            } else if ((type == PgType.INT4 || type == PgType.INT8 || type == PgType.INT2)
                    && (v instanceof Integer || v instanceof Long || v instanceof Short)) {
                writeDecimal(((Number) v).longValue()); // the common case, without a String per value
            } else {
                out.writeCharSequence(TextCodec.encode(type, v, zone), StandardCharsets.UTF_8);
            }
            out.setInt(lengthAt, out.writerIndex() - lengthAt - 4);
        }
        end(at);
    }

    /** The decimal digits of {@code v}, as PostgreSQL's text format of an integer. */
    private void writeDecimal(long v) {
        if (v == Long.MIN_VALUE) {
            out.writeCharSequence("-9223372036854775808", StandardCharsets.US_ASCII);
            return;
        }
        if (v < 0) {
            out.writeByte('-');
            v = -v;
        }
        long scale = 1;
        while (scale <= v / 10) {
            scale *= 10;
        }
        for (; scale > 0; scale /= 10) {
            out.writeByte((int) ('0' + (v / scale) % 10));
        }
    }

    public void commandComplete(String tag) {
        int at = begin('C');
        cString(tag);
        end(at);
    }

    public void errorResponse(ErrorFields e) {
        fields('E', e);
    }

    public void noticeResponse(ErrorFields e) {
        fields('N', e);
    }

    private void fields(char type, ErrorFields e) {
        int at = begin(type);
        field('S', e.severity());
        field('V', e.severity());
        field('C', e.sqlState());
        field('M', e.message());
        if (e.detail() != null) {
            field('D', e.detail());
        }
        if (e.hint() != null) {
            field('H', e.hint());
        }
        if (e.position() > 0) {
            field('P', Integer.toString(e.position()));
        }
        out.writeByte(0);
        end(at);
    }

    private void field(char code, String value) {
        out.writeByte(code);
        cString(value.replace('\0', ' '));
    }

    /** CopyInResponse ('G') or CopyOutResponse ('H'); format 0 is text (csv is text too). */
    public void copyResponse(boolean in, int columnCount) {
        int at = begin(in ? 'G' : 'H');
        out.writeByte(0);
        out.writeShort(columnCount);
        for (int i = 0; i < columnCount; i++) {
            out.writeShort(0);
        }
        end(at);
    }

    public void copyData(byte[] data) {
        int at = begin('d');
        out.writeBytes(data);
        end(at);
    }
}
