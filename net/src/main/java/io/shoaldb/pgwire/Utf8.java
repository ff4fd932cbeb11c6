package io.shoaldb.pgwire;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: invalid byte sequences are errors (22021), never replaced silently. */
final class Utf8 {
    private Utf8() {
    }

    /** Decodes {@code length} bytes at the reader index and advances it. */
    static String decode(ByteBuf in, int length) {
        ByteBuffer bytes = in.nioBuffer(in.readerIndex(), length);
        in.skipBytes(length);
        return decode(bytes);
    }

    static String decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    private static String decode(ByteBuffer bytes) {
        boolean ascii = true;
        for (int i = bytes.position(); i < bytes.limit(); i++) {
            byte b = bytes.get(i);
            if (b == 0) {
                // PostgreSQL text never contains NUL; letting one through would truncate C-string fields.
                throw new SqlException(SqlState.CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding \"UTF8\": 0x00");
            }
            if (b < 0) {
                ascii = false;
            }
        }
        if (ascii) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            return new String(copy, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new SqlException(SqlState.CHARACTER_NOT_IN_REPERTOIRE, "invalid byte sequence for encoding \"UTF8\"");
        }
    }
}
