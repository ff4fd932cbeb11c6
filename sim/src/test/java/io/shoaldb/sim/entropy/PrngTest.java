package io.shoaldb.sim.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrngTest {

    @Test
    void aSeedMeansTheSameStreamForever() {
        // Pinned values: if these change, every recorded failing seed would replay differently.
        Prng p = new Prng(42);
        assertEquals(1546998764402558742L, p.nextLong());
        assertEquals(1, new Prng(42).nextLong(10));
        assertEquals(Prng.derive(1, 2, 3).nextLong(), Prng.derive(1, 2, 3).nextLong());
        assertNotEquals(Prng.derive(1, 2, 3).nextLong(), Prng.derive(1, 3, 2).nextLong());
    }

    @Test
    void boundedDrawsStayInRangeAndCoverIt() {
        Prng p = new Prng(7);
        int[] seen = new int[7];
        for (int i = 0; i < 70_000; i++) {
            long v = p.nextLong(7);
            assertTrue(v >= 0 && v < 7);
            seen[(int) v]++;
        }
        for (int c : seen) {
            assertTrue(c > 9_000 && c < 11_000, "skewed: " + java.util.Arrays.toString(seen));
        }
        for (int i = 0; i < 1000; i++) {
            long v = p.between(-5, 5);
            assertTrue(v >= -5 && v <= 5);
            long w = p.nextLong(Long.MIN_VALUE + 1, Long.MAX_VALUE);
            assertTrue(w > Long.MIN_VALUE);
            double d = p.nextDouble();
            assertTrue(d >= 0 && d < 1);
        }
        assertEquals(0, p.exponential(0));
        assertTrue(p.exponential(1000) <= 20_000);
    }
}
