package io.shoaldb.runtime;

import java.util.random.RandomGenerator;

/**
 * The only source of randomness for node logic (election timeouts, jitter, ids). In simulation it is
 * derived from the run's seed and the node's id, so a run is reproduced exactly by its seed.
 */
public interface Entropy extends RandomGenerator {
}
