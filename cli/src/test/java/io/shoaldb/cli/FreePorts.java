package io.shoaldb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Loopback addresses with ports that were free a moment ago (bound to port 0, then released). */
public final class FreePorts {
    private FreePorts() {
    }

    public static List<InetSocketAddress> loopback(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                s.setReuseAddress(true);
                sockets.add(s);
            }
            List<InetSocketAddress> result = new ArrayList<>();
            for (ServerSocket s : sockets) {
                result.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort()));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // Closing a listening test socket cannot lose anything.
                }
            }
        }
    }
}
