package io.shoaldb.checker.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.checker.Workload;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class HistoryJsonTest {

    private static History read(String text, Workload w) throws IOException {
        return HistoryJson.read(new StringReader(text), w);
    }

    private static String write(History h) throws IOException {
        StringWriter w = new StringWriter();
        HistoryJson.write(h, w);
        return w.toString();
    }

    @Test
    void readsKvHistoryAndPairsOperations() throws IOException {
        History h = read("""
                {"process":0,"type":"invoke","f":"write","key":"x","value":3,"time":10}
                {"process":1,"type":"invoke","f":"read","key":7,"value":null}
                {"process":0,"type":"ok","f":"write","key":"x","value":3}

                {"process":"nemesis","type":"info","f":"partition","value":{"n1":["n2"]},"extra":true}
                {"process":1,"type":"ok","f":"read","key":7,"value":null}
                {"process":2,"type":"invoke","f":"cas","key":"x","value":[3,4]}
                """, Workload.KV);
        assertEquals(5, h.events().size());
        assertEquals(3, h.operations().size());
        Operation w = h.operations().get(0);
        assertEquals(EventType.OK, w.outcome());
        assertEquals(new Op.Write("x", 3), w.result());
        assertEquals(0, w.invokeIndex());
        assertEquals(2, w.completeIndex());
        assertEquals(10, h.events().get(0).timeNanos());
        Operation r = h.operations().get(1);
        assertEquals(new Op.Read("7", null), r.result());
        Operation cas = h.operations().get(2);
        assertEquals(EventType.INFO, cas.outcome(), "an invocation that never completes is indeterminate");
        assertEquals(Operation.NEVER, cas.completeIndex());
    }

    @Test
    void roundTripsEveryWorkload() throws IOException {
        History kv = History.builder()
                .invoke(0, Op.write("x", 1)).ok(0, Op.write("x", 1))
                .invoke(1, Op.cas("x", 1, 2)).fail(1, Op.cas("x", 1, 2))
                .invoke(2, Op.read("x")).ok(2, Op.read("x", 1L))
                .invoke(3, Op.read("y")).ok(3, Op.read("y", null)).build();
        assertEquals(kv, read(write(kv), Workload.KV));
        History la = History.builder()
                .invoke(0, Op.txn(Mop.append("x", 1), Mop.readList("y")))
                .ok(0, Op.txn(Mop.append("x", 1), Mop.readList("y", 4, 5)), 17)
                .invoke(1, Op.txn(Mop.readList("x"))).ok(1, Op.txn(Mop.readList("x", new long[0]))).build();
        History back = read(write(la), Workload.LIST_APPEND);
        assertEquals(la, back);
        assertEquals(17, back.operations().get(0).commit());
        Mop.ReadList y = (Mop.ReadList) ((Op.Txn) back.operations().get(0).result()).mops().get(1);
        assertArrayEquals(new long[] {4, 5}, y.values());
        History rw = History.builder()
                .invoke(0, Op.txn(Mop.write("x", 1), Mop.read("y"))).ok(0, Op.txn(Mop.write("x", 1), Mop.read("y", null)))
                .invoke(1, Op.txn(Mop.read("x"))).info(1, Op.txn(Mop.read("x"))).build();
        assertEquals(rw, read(write(rw), Workload.RW_REGISTER));
    }

    @Test
    void nullListReadIsEmptyOnOkAndUnknownOnInvoke() throws IOException {
        History h = read("""
                {"process":0,"type":"invoke","f":"txn","value":[["r","x",null]]}
                {"process":0,"type":"ok","f":"txn","value":[["r","x",null]]}
                """, Workload.LIST_APPEND);
        Mop.ReadList inv = (Mop.ReadList) ((Op.Txn) h.operations().get(0).invoke()).mops().get(0);
        Mop.ReadList ok = (Mop.ReadList) ((Op.Txn) h.operations().get(0).result()).mops().get(0);
        assertNull(inv.values());
        assertArrayEquals(new long[0], ok.values());
    }

    @Test
    void malformedLinesAreNamed() {
        assertLine(2, "not valid JSON", """
                {"process":0,"type":"invoke","f":"write","value":3}
                {"process":0,"type":"ok",
                """, Workload.REGISTER);
        assertLine(1, "'type'", """
                {"process":0,"type":"started","f":"write","value":3}
                """, Workload.REGISTER);
        assertLine(1, "unknown field 'vlaue'", """
                {"process":0,"type":"invoke","f":"write","vlaue":3}
                """, Workload.REGISTER);
        assertLine(1, "no 'key'", """
                {"process":0,"type":"invoke","f":"write","key":"x","value":3}
                """, Workload.REGISTER);
        assertLine(1, "'key'", """
                {"process":0,"type":"invoke","f":"write","value":3}
                """, Workload.KV);
        assertLine(1, "must be an integer", """
                {"process":0,"type":"invoke","f":"write","value":"three"}
                """, Workload.REGISTER);
        assertLine(1, "expects f 'txn'", """
                {"process":0,"type":"invoke","f":"write","value":3}
                """, Workload.LIST_APPEND);
        assertLine(1, "'append' or 'r'", """
                {"process":0,"type":"invoke","f":"txn","value":[["w","x",3]]}
                """, Workload.LIST_APPEND);
        assertLine(2, "list read must be an array", """
                {"process":0,"type":"invoke","f":"txn","value":[["r","x",null]]}
                {"process":0,"type":"ok","f":"txn","value":[["r","x",3]]}
                """, Workload.LIST_APPEND);
        assertLine(3, "never invoked", """
                {"process":0,"type":"invoke","f":"write","value":3}
                {"process":0,"type":"ok","f":"write","value":3}
                {"process":0,"type":"ok","f":"write","value":3}
                """, Workload.REGISTER);
        assertLine(2, "invokes again", """
                {"process":0,"type":"invoke","f":"write","value":3}
                {"process":0,"type":"invoke","f":"write","value":4}
                """, Workload.REGISTER);
        assertLine(2, "does not match", """
                {"process":0,"type":"invoke","f":"write","value":3}
                {"process":0,"type":"ok","f":"read","value":3}
                """, Workload.REGISTER);
        assertLine(1, "reserved for nil", """
                {"process":0,"type":"invoke","f":"write","value":-9223372036854775808}
                """, Workload.REGISTER);
        assertLine(1, "'process'", """
                {"process":-1,"type":"invoke","f":"write","value":3}
                """, Workload.REGISTER);
        assertLine(1, "appears twice", """
                {"process":1,"process":2,"type":"invoke","f":"write","value":3}
                """, Workload.REGISTER);
        assertLine(1, "nothing after it", """
                {"process":1,"type":"invoke","f":"write","value":3} {"x":1}
                """, Workload.REGISTER);
        assertLine(1, "must be an integer", """
                {"process":1,"type":"invoke","f":"write","value":{"v":3}}
                """, Workload.REGISTER);
        assertLine(1, "out of range", """
                {"process":1,"type":"invoke","f":"write","value":123456789012345678901234567890}
                """, Workload.REGISTER);
    }

    private static void assertLine(int line, String fragment, String text, Workload w) {
        MalformedHistoryException e = assertThrows(MalformedHistoryException.class, () -> read(text, w));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().startsWith("line " + line + ": "), e.getMessage());
    }
}
