package io.shoaldb.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shoaldb.kv.KvCodec.AdminOp;
import io.shoaldb.kv.KvCodec.AdminRequest;
import io.shoaldb.kv.KvCodec.ClientMessage;
import io.shoaldb.kv.KvCodec.KvRequest;
import io.shoaldb.kv.KvCodec.KvResponse;
import io.shoaldb.kv.KvCodec.Status;
import io.shoaldb.raft.ConfChange;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class KvCodecTest {

    static List<ClientMessage> samples() {
        return List.of(
                new KvRequest(1, 0, new KvOp.Get("key")),
                new KvRequest(1, 2, new KvOp.Put("k\u00e9y", new byte[] {1, 2})),
                new KvRequest(-5, 3, new KvOp.Cas("k", null, new byte[0])),
                new KvRequest(1, 4, new KvOp.Cas("k", new byte[] {7}, new byte[] {8})),
                new AdminRequest(1, 5, new AdminOp.Change(new ConfChange(ConfChange.Kind.ADD_LEARNER, 4))),
                new AdminRequest(1, 6, new AdminOp.TransferLeader(2)),
                KvResponse.ok(1, 2, new KvResult.Written()),
                KvResponse.ok(1, 2, new KvResult.Value(null)),
                KvResponse.ok(1, 2, new KvResult.Value(new byte[] {3})),
                KvResponse.ok(1, 2, new KvResult.CasOutcome(false, new byte[] {4})),
                KvResponse.ok(1, 2, new KvResult.Superseded(9)),
                new KvResponse(1, 2, Status.NOT_LEADER, null, 3, "not the leader"));
    }

    @Test
    void roundTripsAndRejectsEveryTruncation() throws Exception {
        for (ClientMessage m : samples()) {
            byte[] bytes = KvCodec.encodeClient(m);
            assertEquals(m, KvCodec.decodeClient(bytes));
            for (int len = 0; len < bytes.length; len++) {
                byte[] cut = Arrays.copyOf(bytes, len);
                assertThrows(KvCodec.MalformedException.class, () -> KvCodec.decodeClient(cut));
            }
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertThrows(KvCodec.MalformedException.class, () -> KvCodec.decodeClient(longer));
        }
    }

    @Test
    void commandsRoundTrip() throws Exception {
        KvCommand c = new KvCommand(3, 4, new KvOp.Cas("x", null, new byte[] {1}));
        KvCommand back = KvCodec.decodeCommand(KvCodec.encodeCommand(c));
        assertEquals(c, back);
    }

    @Property(tries = 2000)
    void randomBytesAreRejectedCleanlyOrReencodeExactly(@ForAll byte[] bytes) {
        try {
            ClientMessage m = KvCodec.decodeClient(bytes);
            assertArrayEquals(bytes, KvCodec.encodeClient(m));
        } catch (KvCodec.MalformedException expected) {
            // dropped and counted by the node
        }
    }
}
