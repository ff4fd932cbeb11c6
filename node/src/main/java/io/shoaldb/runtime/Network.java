package io.shoaldb.runtime;

/**
 * An unreliable message network between nodes. A sent message may be lost, delayed, duplicated or
 * reordered, and may arrive from a node that has since restarted; node logic must tolerate all of it.
 * Messages that arrive are delivered to {@link NodeProcess#onMessage(int, byte[])} on the receiver's
 * event loop. A message whose checksum fails is dropped and counted by the runtime, never delivered.
 */
public interface Network {

    /** Largest payload a node may send; larger sends are programmer errors. */
    int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /**
     * Sends {@code payload} to node {@code to}, best effort. Never blocks and never throws for
     * network failures; the runtime owns the array after the call, so the caller must not modify it.
     */
    void send(int to, byte[] payload);
}
