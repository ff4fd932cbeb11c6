package io.shoaldb.net;

import io.shoaldb.runtime.Entropy;
import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * The {@link Entropy} port in production: a fast generator seeded once from {@link SecureRandom}. The
 * seed is logged at start, so a surprising sequence of election timeouts can be replayed.
 */
final class SeededEntropy implements Entropy {

    private final long seed;
    private final SplittableRandom random;

    SeededEntropy(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    static SeededEntropy fromSecureRandom() {
        return new SeededEntropy(new SecureRandom().nextLong());
    }

    long seed() {
        return seed;
    }

    @Override
    public long nextLong() {
        return random.nextLong();
    }
}
