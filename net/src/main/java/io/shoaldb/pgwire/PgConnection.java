package io.shoaldb.pgwire;

import io.netty.buffer.ByteBuf;

/**
 * The session's view of its network connection. Implemented over a Netty channel by
 * {@link PgChannelHandler}; every method may be called from the node's loop.
 */
interface PgConnection {
    ByteBuf allocate();

    /** Queues {@code bytes} (ownership passes to the connection) and flushes the socket. */
    void send(ByteBuf bytes);

    /** Flushes queued output, then closes. */
    void close();

    /** Stops or resumes reading from the socket (back-pressure on a client that outruns the session). */
    void setReading(boolean reading);

    boolean isTls();

    /** Whether the socket's outbound buffer is below its high-water mark. */
    boolean isWritable();

    /** Runs {@code task} on the node's loop once the socket is writable (at once if it already is). */
    void whenWritable(Runnable task);

    String remoteAddress();
}
