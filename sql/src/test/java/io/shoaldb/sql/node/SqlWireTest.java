package io.shoaldb.sql.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shoaldb.txn.ByteReader;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SQL node's client protocol: round trips, and malformed bytes refused with Malformed (never another exception). */
class SqlWireTest {

    @Test
    void requestsAndResponsesRoundTrip() {
        SqlWire.Request q = new SqlWire.Request(SqlWire.EXECUTE, 7, 3, "SELECT $1, $2", Arrays.asList("x", null));
        SqlWire.Request back = SqlWire.decodeRequest(SqlWire.encode(q));
        assertEquals(q, back);
        SqlWire.Response r = new SqlWire.Response(7, 3, null, null, "SELECT 2", 2,
                List.of(new String[] {"a", null}, new String[] {"b", "c"}));
        SqlWire.Response rb = SqlWire.decodeResponse(SqlWire.encode(r));
        assertEquals("SELECT 2", rb.tag());
        assertArrayEquals(new String[] {"a", null}, rb.rows().get(0));
        SqlWire.Response e = SqlWire.decodeResponse(SqlWire.encode(SqlWire.Response.error(1, 2, "40001", "conflict")));
        assertEquals("40001", e.sqlState());
    }

    @Test
    void garbageIsRefusedAsMalformed() {
        byte[] good = SqlWire.encode(new SqlWire.Request(SqlWire.EXECUTE, 1, 1, "SELECT 1", List.of("p")));
        Random rnd = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] bad = Arrays.copyOf(good, rnd.nextInt(good.length + 4));
            if (bad.length > 0) {
                bad[rnd.nextInt(bad.length)] ^= (byte) (1 + rnd.nextInt(255));
            }
            try {
                SqlWire.decodeRequest(bad);
            } catch (ByteReader.Malformed expected) {
                // refused cleanly
            }
        }
        assertThrows(ByteReader.Malformed.class, () -> SqlWire.decodeRequest(new byte[] {SqlWire.CHANNEL_REQUEST, 9}));
    }
}
