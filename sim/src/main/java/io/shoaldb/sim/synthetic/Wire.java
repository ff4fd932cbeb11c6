package io.shoaldb.sim.synthetic;

import java.nio.ByteBuffer;

/** Message layout of the synthetic workload: a type byte, then fixed-width longs. */
final class Wire {

    static final byte HEARTBEAT = 1;
    static final byte WRITE = 2;
    static final byte READ = 3;
    static final byte WRITE_OK = 4;
    static final byte WRITE_FAILED = 5;
    static final byte READ_OK = 6;

    private Wire() {
    }

    static byte[] message(byte type, long... fields) {
        ByteBuffer b = ByteBuffer.allocate(1 + 8 * fields.length);
        b.put(type);
        for (long f : fields) {
            b.putLong(f);
        }
        return b.array();
    }

    /** Number of long fields a well-formed message of this type carries, or -1 for an unknown type. */
    static int fields(byte type) {
        return switch (type) {
            case HEARTBEAT, READ, WRITE_OK, WRITE_FAILED -> 1;
            case WRITE, READ_OK -> 2;
            default -> -1;
        };
    }

    /** The fields of a well-formed message, or null if it is malformed. */
    static long[] parse(byte[] payload) {
        if (payload.length == 0) {
            return null;
        }
        int n = fields(payload[0]);
        if (n < 0 || payload.length != 1 + 8 * n) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(payload, 1, 8 * n);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = b.getLong();
        }
        return out;
    }
}
