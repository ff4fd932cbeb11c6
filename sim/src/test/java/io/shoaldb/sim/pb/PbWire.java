package io.shoaldb.sim.pb;

import java.nio.ByteBuffer;

/** Messages of the primary-backup register: a type byte and fixed-width longs. */
final class PbWire {

    static final byte WRITE = 1;          // op, value
    static final byte READ = 2;           // op
    static final byte WRITE_OK = 3;       // op
    static final byte READ_OK = 4;        // op, seq, value (seq 0: never written)
    static final byte REPLICATE = 5;      // seq, value
    static final byte REPLICATE_ACK = 6;  // seq
    static final byte RECOVER = 7;        // nonce
    static final byte STATE = 8;          // nonce, seq, value
    static final byte NOT_READY = 9;      // op

    private PbWire() {
    }

    static byte[] msg(byte type, long... fields) {
        ByteBuffer b = ByteBuffer.allocate(1 + 8 * fields.length);
        b.put(type);
        for (long f : fields) {
            b.putLong(f);
        }
        return b.array();
    }

    private static int arity(byte type) {
        return switch (type) {
            case WRITE, REPLICATE -> 2;
            case READ, WRITE_OK, REPLICATE_ACK, NOT_READY, RECOVER -> 1;
            case READ_OK, STATE -> 3;
            default -> -1;
        };
    }

    /** The fields, or null if malformed. */
    static long[] parse(byte[] p) {
        if (p.length == 0 || arity(p[0]) < 0 || p.length != 1 + 8 * arity(p[0])) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(p, 1, p.length - 1);
        long[] f = new long[arity(p[0])];
        for (int i = 0; i < f.length; i++) {
            f[i] = b.getLong();
        }
        return f;
    }
}
