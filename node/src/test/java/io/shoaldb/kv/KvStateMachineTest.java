package io.shoaldb.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class KvStateMachineTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void retriesApplyExactlyOnce() {
        KvStateMachine m = new KvStateMachine();
        m.apply(1, new KvCommand(5, 1, new KvOp.Put("n", b("0"))));
        KvCommand cas = new KvCommand(5, 2, new KvOp.Cas("n", b("0"), b("1")));
        assertEquals(new KvResult.CasOutcome(true, b("0")), m.apply(2, cas));
        // the retry lands in the log again: same outcome, no second effect
        assertEquals(new KvResult.CasOutcome(true, b("0")), m.apply(3, cas));
        m.apply(4, new KvCommand(6, 1, new KvOp.Put("n", b("9"))));
        assertEquals(new KvResult.CasOutcome(true, b("0")), m.apply(5, cas));
        assertArrayEquals(b("9"), m.get("n"));
        assertInstanceOf(KvResult.Superseded.class, m.apply(6, new KvCommand(5, 1, new KvOp.Put("n", b("x")))));
        assertArrayEquals(b("9"), m.get("n"));
        assertEquals(6, m.appliedIndex());
    }

    @Test
    void casOnAbsentKey() {
        KvStateMachine m = new KvStateMachine();
        assertEquals(new KvResult.CasOutcome(true, null), m.apply(1, new KvCommand(1, 1, new KvOp.Cas("a", null, b("x")))));
        assertEquals(new KvResult.CasOutcome(false, b("x")), m.apply(2, new KvCommand(1, 2, new KvOp.Cas("a", null, b("y")))));
        assertNull(m.get("b"));
    }

    @Test
    void applyOutOfOrderIsAProgrammerError() {
        KvStateMachine m = new KvStateMachine();
        m.skip(1);
        assertThrows(IllegalStateException.class, () -> m.apply(3, new KvCommand(1, 1, new KvOp.Put("a", b("x")))));
    }

    @Test
    void sessionsAreBounded() {
        KvStateMachine m = new KvStateMachine();
        for (int i = 0; i <= KvStateMachine.MAX_SESSIONS; i++) {
            m.apply(i + 1, new KvCommand(i, 1, new KvOp.Put("k", b("v"))));
        }
        // the longest-idle client (0) was forgotten, the newest is remembered
        assertNull(m.appliedResult(0, 1));
        assertInstanceOf(KvResult.Written.class, m.appliedResult(KvStateMachine.MAX_SESSIONS, 1));
    }

    @Property(tries = 200)
    void snapshotRestoresEquivalentMachine(@ForAll long seed) {
        Random r = new Random(seed);
        KvStateMachine m = new KvStateMachine();
        List<KvCommand> cmds = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String key = "k" + r.nextInt(5);
            byte[] v = b("v" + r.nextInt(5));
            long client = r.nextInt(4);
            long seq = 1 + r.nextInt(10);
            cmds.add(new KvCommand(client, seq, r.nextBoolean() ? new KvOp.Put(key, v) : new KvOp.Cas(key, r.nextBoolean() ? null : b("v" + r.nextInt(5)), v)));
        }
        for (int i = 0; i < 25; i++) {
            m.apply(i + 1, cmds.get(i));
        }
        KvStateMachine copy = KvStateMachine.restore(m.snapshot(16));
        assertEquals(m.snapshot(16), copy.snapshot(1 << 20));
        for (int i = 25; i < 50; i++) {
            assertEquals(m.apply(i + 1, cmds.get(i)), copy.apply(i + 1, cmds.get(i)));
        }
        assertEquals(m.snapshot(16), copy.snapshot(1 << 20));
    }
}
