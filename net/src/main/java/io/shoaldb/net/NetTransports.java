package io.shoaldb.net;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The socket transport every Netty loop and channel of a process uses: Netty's native epoll on Linux
 * when its library loads, the JDK's NIO otherwise or when {@code -Dshoaldb.net.nio=true} asks for it.
 * Loops and channels must match (an epoll channel only registers on an epoll loop), so everything that
 * makes either asks here. Epoll saves a system call per readiness event and the selector's per-event
 * garbage; on the 3-node benchmark that is CPU and collector time on every node's event loop.
 */
public final class NetTransports {

    private static final boolean EPOLL = !Boolean.getBoolean("shoaldb.net.nio") && Epoll.isAvailable();

    private NetTransports() {
    }

    /** "epoll" or "nio", for start-up logs. */
    public static String name() {
        return EPOLL ? "epoll" : "nio";
    }

    public static IoHandlerFactory ioHandlerFactory() {
        return EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public static Class<? extends ServerChannel> serverChannel() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> socketChannel() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
