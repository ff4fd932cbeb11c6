package io.shoaldb.net;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;

/**
 * Points Netty's own logging at java.util.logging. Without this Netty picks up the SLF4J API that
 * Calcite brings along, finds no binding, and prints SLF4J's warning into every node's log.
 */
public final class NettyLogging {

    static {
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    }

    private NettyLogging() {
    }

    /** Call before the first Netty class is used; idempotent. */
    public static void init() {
        // The static initializer did the work.
    }
}
