package io.shoaldb.replica;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.image.ImageWriter;

/**
 * What a {@link Replica} hosts: a deterministic function of the log. Every replica applies the same
 * entries in the same order and must reach the same state and the same results.
 *
 * @param <R> what applying one entry returns to its proposer
 */
public interface StateMachine<R> {

    /** Index of the last entry applied or skipped. */
    long appliedIndex();

    /** Applies the normal entry at {@code index} (the next one) carrying {@code data}. */
    R apply(long index, byte[] data);

    /** Notes that the entry at {@code index} (the next one) carries nothing for the state machine. */
    void skip(long index);

    /**
     * Writes a self-contained image of the state at {@link #appliedIndex()} into {@code out}. The image
     * may be larger than one array; it is streamed into chunks and never gathered whole.
     */
    void snapshot(ImageWriter out);

    /** Makes state machines: empty ones, and ones rebuilt from a {@link #snapshot} image. */
    interface Factory<S> {
        S fresh();

        /**
         * Rebuilds a state machine by reading {@code image} (through {@link ImageBytes#reader()}).
         *
         * @throws IllegalStateException if the image is malformed (the node then stops)
         */
        S restore(ImageBytes image);
    }
}
