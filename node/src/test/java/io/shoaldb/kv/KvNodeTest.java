package io.shoaldb.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.kv.KvCodec.KvRequest;
import io.shoaldb.kv.KvCodec.KvResponse;
import io.shoaldb.kv.KvCodec.Status;
import io.shoaldb.raft.ConfChange;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvNodeTest {

    static KvNodeConfig cfg(String cluster) {
        return KvNodeConfig.defaults(cluster, List.of(1, 2, 3));
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putGetAndCasThroughTheLeaderWithExactlyOnceRetries() {
        KvHarness h = new KvHarness(id -> cfg("c1"), 1, 2, 3);
        int leader = h.awaitLeader();
        KvResponse put = h.call(leader, new KvRequest(7, 1, new KvOp.Put("k", b("v1"))));
        assertEquals(Status.OK, put.status());
        assertInstanceOf(KvResult.Written.class, put.result());
        KvResponse cas = h.call(leader, new KvRequest(7, 2, new KvOp.Cas("k", b("v1"), b("v2"))));
        assertEquals(new KvResult.CasOutcome(true, b("v1")), cas.result());
        // the same request again (a client retry) does not apply twice: the outcome is the first one
        KvResponse again = h.call(leader, new KvRequest(7, 2, new KvOp.Cas("k", b("v1"), b("v2"))));
        assertEquals(new KvResult.CasOutcome(true, b("v1")), again.result());
        KvResponse failed = h.call(leader, new KvRequest(7, 3, new KvOp.Cas("k", b("v1"), b("v3"))));
        assertEquals(new KvResult.CasOutcome(false, b("v2")), failed.result());
        KvResponse get = h.call(leader, new KvRequest(7, 0, new KvOp.Get("k")));
        assertEquals(new KvResult.Value(b("v2")), get.result());
        KvResponse absent = h.call(leader, new KvRequest(7, 0, new KvOp.Get("nope")));
        assertEquals(new KvResult.Value(null), absent.result());
        // an older request of the client is superseded, not applied
        KvResponse old = h.call(leader, new KvRequest(7, 1, new KvOp.Put("k", b("stale"))));
        assertInstanceOf(KvResult.Superseded.class, old.result());
        h.runFor(100_000_000);
        for (KvNode n : h.nodes.values()) {
            assertArrayEquals(b("v2"), n.stateMachine().get("k"));
        }
    }

    @Test
    void followersRedirectToTheLeader() {
        KvHarness h = new KvHarness(id -> cfg("c1"), 1, 2, 3);
        int leader = h.awaitLeader();
        h.runFor(50_000_000);
        int follower = leader == 1 ? 2 : 1;
        KvResponse r = h.call(follower, new KvRequest(1, 1, new KvOp.Put("k", b("v"))));
        assertEquals(Status.NOT_LEADER, r.status());
        assertEquals(leader, r.leaderHint());
        KvResponse g = h.call(follower, new KvRequest(1, 0, new KvOp.Get("k")));
        assertEquals(Status.NOT_LEADER, g.status());
    }

    @Test
    void aRestartedNodeRecoversFromItsWalAndSnapshot() {
        KvHarness h = new KvHarness(id -> cfg("c1").withSnapshotEveryEntries(5), 1, 2, 3);
        int leader = h.awaitLeader();
        for (int i = 1; i <= 23; i++) {
            assertEquals(Status.OK, h.call(leader, new KvRequest(9, i, new KvOp.Put("k" + i, b("v" + i)))).status());
        }
        h.runFor(100_000_000);
        int victim = leader == 3 ? 2 : 3;
        h.crash(victim);
        h.startNode(victim);
        h.runFor(100_000_000);
        KvNode n = h.nodes.get(victim);
        assertTrue(n.isRunning());
        assertTrue(n.raft().firstIndex() > 1, "the log was compacted by a snapshot");
        for (int i = 1; i <= 23; i++) {
            assertArrayEquals(b("v" + i), n.stateMachine().get("k" + i));
        }
        // the leader too: after a crash of every node the data is all there
        for (int id = 1; id <= 3; id++) {
            h.crash(id);
        }
        for (int id = 1; id <= 3; id++) {
            h.startNode(id);
        }
        int again = h.awaitLeader();
        KvResponse get = h.call(again, new KvRequest(9, 0, new KvOp.Get("k23")));
        assertEquals(new KvResult.Value(b("v23")), get.result());
        KvResponse retry = h.call(again, new KvRequest(9, 23, new KvOp.Put("k23", b("other"))));
        assertEquals(Status.OK, retry.status(), "a retry after restart is recognised from the recovered sessions");
        assertArrayEquals(b("v23"), h.nodes.get(again).stateMachine().get("k23"));
    }

    @Test
    void aDataDirectoryOfAnotherClusterIsRefused() {
        boolean[] h2started = {false};
        KvHarness h = new KvHarness(id -> cfg(id == 2 && h2started[0] ? "other" : "c1"), 1, 2, 3);
        int leader = h.awaitLeader();
        h.call(leader, new KvRequest(1, 1, new KvOp.Put("k", b("v"))));
        h.crash(2);
        h2started[0] = true;
        h.startNode(2);
        h.runFor(50_000_000);
        KvNode n = h.nodes.get(2);
        assertFalse(n.isRunning());
        assertNotNull(n.failure());
        assertTrue(n.failure().contains("WRONG_CLUSTER"), n.failure());
        // it ignores everything, and the rest of the group goes on
        n.onMessage(1, new byte[] {1, 2, 3});
        assertEquals(Status.OK, h.call(h.awaitLeader(), new KvRequest(1, 2, new KvOp.Put("k", b("w")))).status());
    }

    @Test
    void malformedMessagesAreDroppedAndCounted() {
        KvHarness h = new KvHarness(id -> cfg("c1"), 1, 2, 3);
        int leader = h.awaitLeader();
        h.sendRaw(leader, new byte[0]);
        h.sendRaw(leader, new byte[] {9, 9});
        h.sendRaw(leader, new byte[] {KvCodec.CHANNEL_RAFT, 1, 2});
        h.sendRaw(leader, new byte[] {KvCodec.CHANNEL_REQUEST, 1, 0, 0});
        byte[] ok = KvCodec.encodeClient(new KvRequest(1, 1, new KvOp.Put("k", b("v"))));
        h.sendRaw(leader, java.util.Arrays.copyOf(ok, ok.length - 1));
        // a raft message whose sender field does not match the network sender
        byte[] vote = io.shoaldb.raft.RaftCodec.encode(new io.shoaldb.raft.Message.VoteRequest(2, leader, 99, false, 0, 0, true));
        byte[] spoofed = new byte[vote.length + 1];
        spoofed[0] = KvCodec.CHANNEL_RAFT;
        System.arraycopy(vote, 0, spoofed, 1, vote.length);
        h.sendRaw(leader, spoofed);
        h.runFor(10_000_000);
        assertEquals(6, h.nodes.get(leader).malformedDropped());
        assertEquals(leader, h.leader(), "nothing disturbed the leader");
        assertEquals(Status.OK, h.call(leader, new KvRequest(1, 1, new KvOp.Put("k", b("v")))).status());
    }

    @Test
    void membershipChangesThroughAdminRequests() {
        KvHarness h = new KvHarness(id -> id == 4 ? KvNodeConfig.defaults("c1", List.of()) : cfg("c1"), 1, 2, 3);
        int leader = h.awaitLeader();
        h.call(leader, new KvRequest(1, 1, new KvOp.Put("k", b("v"))));
        h.disks.put(4, new io.shoaldb.runtime.MemoryDisk());
        h.startNode(4);
        KvResponse add = h.call(leader, new KvCodec.AdminRequest(1, 2,
                new KvCodec.AdminOp.Change(new ConfChange(ConfChange.Kind.ADD_LEARNER, 4))));
        assertEquals(Status.OK, add.status());
        h.runFor(100_000_000);
        assertArrayEquals(b("v"), h.nodes.get(4).stateMachine().get("k"));
        KvResponse bad = h.call(leader, new KvCodec.AdminRequest(1, 3,
                new KvCodec.AdminOp.Change(new ConfChange(ConfChange.Kind.REMOVE, 77))));
        assertEquals(Status.BAD_REQUEST, bad.status());
        KvResponse transfer = h.call(leader, new KvCodec.AdminRequest(1, 4,
                new KvCodec.AdminOp.TransferLeader(leader == 1 ? 2 : 1)));
        assertEquals(Status.OK, transfer.status());
        h.runFor(100_000_000);
        assertEquals(leader == 1 ? 2 : 1, h.leader());
        assertNull(h.nodes.get(4).failure());
    }
}
