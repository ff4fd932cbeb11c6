package io.shoaldb.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void bucketsAreContiguousAndEachValueLiesWithinItsBucket() {
        for (int b = 1; b < 480; b++) {
            assertEquals(LatencyHistogram.upperBound(b - 1) + 1, lowerBound(b), "bucket " + b);
        }
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long v = rnd.nextLong(1L << rnd.nextInt(1, 60));
            int b = LatencyHistogram.bucket(v);
            assertTrue(lowerBound(b) <= v && v <= LatencyHistogram.upperBound(b), v + " in bucket " + b);
        }
    }

    private static long lowerBound(int b) {
        return b == 0 ? 0 : LatencyHistogram.upperBound(b - 1) + 1;
    }

    @Test
    void percentilesAreWithinAnEighthOfTheExactOnes() {
        LatencyHistogram h = new LatencyHistogram();
        SplittableRandom rnd = new SplittableRandom(11);
        long[] values = new long[5_001];
        for (int i = 0; i < values.length; i++) {
            values[i] = rnd.nextLong(100_000, 50_000_000);
            h.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {50, 99, 99.9}) {
            long exact = values[(int) Math.ceil(values.length * p / 100) - 1];
            long got = h.percentileNanos(p);
            assertTrue(got >= exact && got <= exact + exact / 8 + 1, "p" + p + ": " + got + " vs " + exact);
        }
        assertEquals(values[values.length - 1], h.maxNanos());
        assertEquals(values.length, h.count());
        h.reset();
        assertEquals(0, h.percentileNanos(50));
    }
}
