package io.shoaldb.runtime;

/**
 * One incarnation of a node's logic. A runtime creates it through a {@link NodeFactory}, calls
 * {@link #start()} once, then delivers messages; timers and disk completions arrive through the
 * callbacks the process registered. A crash simply stops all deliveries: the object is dropped with
 * all its volatile state, and a restart creates a fresh incarnation over the same disk.
 */
public interface NodeProcess {

    /** Called once on the event loop before any other event of this incarnation. */
    void start();

    /**
     * Delivers a message from node {@code from}. The payload passed the network checksum but is
     * otherwise untrusted: a malformed payload must be dropped and counted, never crash the node.
     */
    void onMessage(int from, byte[] payload);
}
