package io.shoaldb.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shoaldb.raft.Message.AppendRequest;
import io.shoaldb.raft.Message.AppendResponse;
import io.shoaldb.raft.Message.Heartbeat;
import io.shoaldb.raft.Message.HeartbeatResponse;
import io.shoaldb.raft.Message.SnapshotChunk;
import io.shoaldb.raft.Message.SnapshotResponse;
import io.shoaldb.raft.Message.TimeoutNow;
import io.shoaldb.raft.Message.VoteRequest;
import io.shoaldb.raft.Message.VoteResponse;
import io.shoaldb.raft.RaftCodec.MalformedMessageException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RaftCodecTest {

    static final ClusterConfig CONF = new ClusterConfig(new java.util.TreeSet<>(List.of(1, 2, 3)),
            new java.util.TreeSet<>(List.of(7)));

    static List<Message> samples() {
        List<Entry> entries = List.of(new Entry(3, 11, EntryType.NORMAL, new byte[] {1, 2, 3}),
                new Entry(4, 12, EntryType.CONFIG, RaftCodec.encodeConfig(CONF)),
                new Entry(4, 13, EntryType.NORMAL, new byte[0]));
        return List.of(
                new VoteRequest(1, 2, 5, true, 10, 4, false),
                new VoteRequest(1, 2, 5, false, 10, 4, true),
                new VoteResponse(2, 1, 5, false, true),
                new AppendRequest(1, 2, 5, 10, 3, entries, 9),
                new AppendRequest(1, 2, 5, 0, 0, List.of(), 0),
                new AppendResponse(2, 1, 5, false, 10, 7),
                new Heartbeat(1, 3, 5, 8, 99),
                new HeartbeatResponse(3, 1, 5, 99),
                new SnapshotChunk(1, 2, 5, 40, 4, CONF, 16, 20, new byte[] {9, 9, 9, 9}, true),
                new SnapshotResponse(2, 1, 5, 40, 20, true),
                new TimeoutNow(1, 2, 5));
    }

    @Test
    void everyMessageKindRoundTrips() throws Exception {
        for (Message m : samples()) {
            assertEquals(m, RaftCodec.decode(RaftCodec.encode(m)));
        }
    }

    @Test
    void everyTruncationIsRejected() {
        for (Message m : samples()) {
            byte[] bytes = RaftCodec.encode(m);
            for (int len = 0; len < bytes.length; len++) {
                byte[] cut = Arrays.copyOf(bytes, len);
                assertThrows(MalformedMessageException.class, () -> RaftCodec.decode(cut), m + " cut at " + len);
            }
        }
    }

    @Test
    void trailingBytesAreRejected() {
        for (Message m : samples()) {
            byte[] bytes = RaftCodec.encode(m);
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertThrows(MalformedMessageException.class, () -> RaftCodec.decode(longer));
        }
    }

    @Test
    void oversizedCountsAndLengthsAreRejectedBeforeAllocation() {
        // an append claiming 2^31-1 entries in a short buffer
        ByteBuffer b = ByteBuffer.allocate(18 + 28);
        b.put(RaftCodec.VERSION).put((byte) 3).putInt(1).putInt(2).putLong(5);
        b.putLong(0).putLong(0).putLong(0).putInt(Integer.MAX_VALUE);
        assertThrows(MalformedMessageException.class, () -> RaftCodec.decode(b.array()));
        // a snapshot chunk claiming a total beyond the bound
        SnapshotChunk c = new SnapshotChunk(1, 2, 5, 40, 4, CONF, 0, RaftCodec.MAX_SNAPSHOT_BYTES + 1, new byte[0], false);
        assertThrows(MalformedMessageException.class, () -> RaftCodec.decode(RaftCodec.encode(c)));
        assertThrows(MalformedMessageException.class, () -> RaftCodec.decode(new byte[RaftCodec.VERSION + 17 * 1024 * 1024]));
    }

    @Test
    void semanticNonsenseIsRejected() {
        // entries whose indices do not follow prevIndex
        AppendRequest gap = new AppendRequest(1, 2, 5, 10, 3, List.of(new Entry(3, 12, EntryType.NORMAL, new byte[0])), 0);
        assertThrows(MalformedMessageException.class, () -> RaftCodec.decode(RaftCodec.encode(gap)));
        // an entry from a term later than the message's
        AppendRequest future = new AppendRequest(1, 2, 5, 10, 3, List.of(new Entry(6, 11, EntryType.NORMAL, new byte[0])), 0);
        assertThrows(MalformedMessageException.class, () -> RaftCodec.decode(RaftCodec.encode(future)));
        // a config entry that does not parse
        AppendRequest badConf = new AppendRequest(1, 2, 5, 10, 3, List.of(new Entry(3, 11, EntryType.CONFIG, new byte[] {1})), 0);
        assertThrows(MalformedMessageException.class, () -> RaftCodec.decode(RaftCodec.encode(badConf)));
        byte[] unknownType = RaftCodec.encode(new TimeoutNow(1, 2, 5));
        unknownType[1] = 42;
        assertThrows(MalformedMessageException.class, () -> RaftCodec.decode(unknownType));
        byte[] badVersion = RaftCodec.encode(new TimeoutNow(1, 2, 5));
        badVersion[0] = 2;
        assertThrows(MalformedMessageException.class, () -> RaftCodec.decode(badVersion));
    }

    @Test
    void configEntriesRoundTrip() {
        Entry e = new Entry(1, 1, EntryType.CONFIG, RaftCodec.encodeConfig(CONF));
        assertEquals(CONF, RaftCodec.decodeConfigEntry(e));
    }

    @Property(tries = 2000)
    void randomBytesNeverEscapeAsAnythingButMalformed(@ForAll byte[] bytes) {
        try {
            Message m = RaftCodec.decode(bytes);
            assertArrayEquals(bytes, RaftCodec.encode(m), "a decodable message re-encodes to the same bytes");
        } catch (MalformedMessageException expected) {
            // rejected cleanly
        }
    }

    @Property(tries = 1000)
    void flippedBytesOfValidMessagesAreRejectedOrReencodeExactly(@ForAll("sampleIndex") int which,
                                                                @ForAll @IntRange(min = 0, max = 10_000) int pos,
                                                                @ForAll byte xor) {
        byte[] bytes = RaftCodec.encode(samples().get(which));
        int p = pos % bytes.length;
        bytes[p] ^= xor;
        try {
            Message m = RaftCodec.decode(bytes);
            assertArrayEquals(bytes, RaftCodec.encode(m));
        } catch (MalformedMessageException expected) {
            // rejected cleanly
        }
    }

    @Provide
    Arbitrary<Integer> sampleIndex() {
        return Arbitraries.integers().between(0, samples().size() - 1);
    }

    @Property(tries = 300)
    void appendsRoundTrip(@ForAll("appends") AppendRequest a) throws Exception {
        assertEquals(a, RaftCodec.decode(RaftCodec.encode(a)));
    }

    @Provide
    Arbitrary<AppendRequest> appends() {
        Arbitrary<Long> prev = Arbitraries.longs().between(0, 1_000_000);
        Arbitrary<List<byte[]>> datas = Arbitraries.bytes().array(byte[].class).ofMaxSize(64).list().ofMaxSize(20);
        return Combinators.combine(prev, datas, Arbitraries.longs().between(1, 50)).as((p, ds, t) -> {
            List<Entry> es = new ArrayList<>();
            for (int i = 0; i < ds.size(); i++) {
                es.add(new Entry(t, p + 1 + i, EntryType.NORMAL, ds.get(i)));
            }
            return new AppendRequest(1, 2, t + 1, p, Math.min(t, p), es, p);
        });
    }
}
