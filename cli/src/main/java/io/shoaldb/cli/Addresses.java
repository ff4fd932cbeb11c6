package io.shoaldb.cli;

import io.shoaldb.net.client.NetClient;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parsing of the address flags shared by {@code run} and {@code kv}: {@code HOST:PORT} and {@code ID=HOST:PORT}. */
final class Addresses {

    private Addresses() {
    }

    /** A cluster member as given on the command line. */
    record Peer(int id, InetSocketAddress address) {
    }

    /** {@code HOST:PORT}, {@code [IPv6]:PORT}; the host must resolve and the port be 1..65535. */
    static InetSocketAddress hostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new TypeConversionException("'" + text + "' is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new TypeConversionException("'" + text + "': write an IPv6 address in brackets, as [::1]:7001");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "': the port is not a number");
        }
        if (port < 1 || port > 65_535) {
            throw new TypeConversionException("'" + text + "': the port must be between 1 and 65535");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new TypeConversionException("'" + text + "': unknown host '" + host + "'");
        }
        return address;
    }

    /** {@code ID=HOST:PORT} with a node id of 0 or more, below the client id range. */
    static Peer peer(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new TypeConversionException("'" + text + "' is not ID=HOST:PORT");
        }
        int id;
        try {
            id = Integer.parseInt(text.substring(0, eq));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "': the node id is not a number");
        }
        checkNodeId(id, "'" + text + "'");
        return new Peer(id, hostPort(text.substring(eq + 1)));
    }

    static void checkNodeId(int id, String where) {
        if (id < 0 || id >= NetClient.FIRST_CLIENT_ID) {
            throw new TypeConversionException(where + ": node ids are 0.." + (NetClient.FIRST_CLIENT_ID - 1));
        }
    }

    /** The peers by id; a repeated id is an error. */
    static SortedMap<Integer, InetSocketAddress> byId(Iterable<Peer> peers) {
        SortedMap<Integer, InetSocketAddress> result = new TreeMap<>();
        for (Peer p : peers) {
            InetSocketAddress previous = result.put(p.id(), p.address());
            if (previous != null) {
                throw new TypeConversionException("node " + p.id() + " is given twice (--peer " + p.id() + "=...)");
            }
        }
        return result;
    }

    static String format(Map.Entry<Integer, InetSocketAddress> peer) {
        return peer.getKey() + "=" + peer.getValue().getHostString() + ":" + peer.getValue().getPort();
    }

    static final class HostPortConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            return hostPort(value);
        }
    }

    static final class PeerConverter implements ITypeConverter<Peer> {
        @Override
        public Peer convert(String value) {
            return peer(value);
        }
    }
}
