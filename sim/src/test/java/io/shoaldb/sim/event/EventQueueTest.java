package io.shoaldb.sim.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sim.entropy.Prng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    @Test
    void ordersByTimeThenBySchedulingOrder() {
        EventQueue q = new EventQueue();
        Prng prng = new Prng(1);
        for (int i = 0; i < 10_000; i++) {
            q.schedule(prng.nextLong(100), EventKind.TASK, i, 0, 0, () -> { });
        }
        long lastTime = -1;
        long lastSeq = -1;
        while (!q.isEmpty()) {
            Event e = q.poll();
            assertTrue(e.timeNanos() > lastTime || (e.timeNanos() == lastTime && e.seq() > lastSeq),
                    "out of order at " + e.timeNanos() + "/" + e.seq());
            lastTime = e.timeNanos();
            lastSeq = e.seq();
        }
    }

    @Test
    void sameInstantRunsInSchedulingOrderAndCancelledEventsAreSkipped() {
        EventLoop loop = new EventLoop();
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            loop.at(10, EventKind.TASK, 0, 0, 0, () -> ran.add(n));
        }
        loop.at(5, EventKind.TIMER, 0, 0, 0, () -> ran.add(-1)).cancel();
        while (loop.step() != EventLoop.Step.EMPTY) {
            // drain
        }
        assertEquals(List.of(0, 1, 2, 3, 4), ran);
        assertEquals(5, loop.executed());
        assertEquals(10, loop.nowNanos());
    }

    @Test
    void traceHashDependsOnEveryField() {
        TraceHash a = new TraceHash();
        TraceHash b = new TraceHash();
        a.addEvent(1, EventKind.TIMER, 2, 3);
        b.addEvent(1, EventKind.TIMER, 2, 4);
        assertTrue(a.value() != b.value());
        TraceHash c = new TraceHash();
        c.addEvent(1, EventKind.TIMER, 2, 3);
        assertEquals(a.value(), c.value());
    }
}
