package io.shoaldb.sim.entropy;

import io.shoaldb.runtime.Entropy;

/**
 * xoshiro256** seeded through SplitMix64. Written here rather than borrowed from the JDK so that a
 * seed produces the same stream on every JDK version, which is what makes a failing seed replayable
 * long after it was found.
 */
public final class Prng implements Entropy {

    private long s0;
    private long s1;
    private long s2;
    private long s3;

    public Prng(long seed) {
        long x = seed;
        s0 = mix64(x += 0x9E3779B97F4A7C15L);
        s1 = mix64(x += 0x9E3779B97F4A7C15L);
        s2 = mix64(x += 0x9E3779B97F4A7C15L);
        s3 = mix64(x + 0x9E3779B97F4A7C15L);
        if ((s0 | s1 | s2 | s3) == 0) {
            s0 = 1; // the all-zero state is a fixed point of xoshiro
        }
    }

    /**
     * A stream derived from a root seed and a path of labels, e.g. (seed, NODE, nodeId, incarnation).
     * Streams with different paths are independent, so adding draws to one concern never shifts another.
     */
    public static Prng derive(long seed, long... path) {
        long h = mix64(seed ^ 0x5EED5EED5EED5EEDL);
        for (long p : path) {
            h = mix64(h ^ mix64(p + 0x632BE59BD9B4E019L));
        }
        return new Prng(h);
    }

    /** The SplitMix64 finalizer: a bijective, well-mixed 64-bit hash. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    // The derived draws are defined here too, not inherited from RandomGenerator's defaults, so that a
    // JDK changing those algorithms cannot change what a seed means.

    @Override
    public int nextInt() {
        return (int) (nextLong() >>> 32);
    }

    @Override
    public boolean nextBoolean() {
        return nextLong() < 0;
    }

    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** A uniform value in [0, bound), without modulo bias. */
    @Override
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long m = bound - 1;
        if ((bound & m) == 0) {
            return nextLong() & m;
        }
        long u = nextLong() >>> 1;
        long r = u % bound;
        while (u - r + m < 0) { // u fell in the incomplete last block: draw again
            u = nextLong() >>> 1;
            r = u % bound;
        }
        return r;
    }

    @Override
    public long nextLong(long origin, long bound) {
        if (origin >= bound) {
            throw new IllegalArgumentException("empty range [" + origin + ", " + bound + ")");
        }
        long span = bound - origin;
        return span > 0 ? origin + nextLong(span) : nextLongOutsideRange(origin, bound);
    }

    private long nextLongOutsideRange(long origin, long bound) {
        long r = nextLong();
        while (r < origin || r >= bound) {
            r = nextLong();
        }
        return r;
    }

    @Override
    public int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    @Override
    public int nextInt(int origin, int bound) {
        return (int) nextLong(origin, bound);
    }

    /** True with probability {@code p}; never draws when {@code p} is 0, so a disabled fault costs nothing. */
    public boolean chance(double p) {
        if (p <= 0) {
            return false;
        }
        return p >= 1 || nextDouble() < p;
    }

    /** A uniform value in [lo, hi] (inclusive); {@code lo} when the range is empty. */
    public long between(long lo, long hi) {
        if (hi <= lo) {
            return lo;
        }
        return lo + nextLong(hi - lo + 1);
    }

    /** Flips one uniformly chosen bit of {@code bytes} in place (corruption faults); a no-op when empty. */
    public void flipRandomBit(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        long bit = nextLong((long) bytes.length * 8);
        bytes[(int) (bit >>> 3)] ^= (byte) (1 << (bit & 7));
    }

    /** An exponentially distributed value with the given mean, capped at 20 means to keep runs bounded. */
    public long exponential(long mean) {
        if (mean <= 0) {
            return 0;
        }
        double u = nextDouble();
        // StrictMath: Math.log1p may differ by an ulp between interpreter and JIT, which would break replay.
        double v = -StrictMath.log1p(-u) * mean;
        return (long) Math.min(v, 20.0 * mean);
    }
}
