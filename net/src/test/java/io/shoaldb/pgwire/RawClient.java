package io.shoaldb.pgwire;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A byte-level pgwire client for protocol tests: builds frontend messages and reads backend ones. */
final class RawClient implements AutoCloseable {
    record Message(char type, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The SQLSTATE of an ErrorResponse/NoticeResponse. */
        String sqlState() {
            return field('C');
        }

        String field(char code) {
            int i = 0;
            while (i < body.length && body[i] != 0) {
                int end = i + 1;
                while (body[end] != 0) {
                    end++;
                }
                if (body[i] == code) {
                    return new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8);
                }
                i = end + 1;
            }
            return null;
        }
    }

    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        this(port, 0);
    }

    /** @param receiveBufferBytes a small buffer makes the server meet back-pressure; 0 keeps the default */
    RawClient(int port, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects and completes a trust-auth startup, returning the messages up to ReadyForQuery. */
    static RawClient trusted(int port) throws IOException {
        RawClient c = new RawClient(port);
        c.send(startup(Map.of("user", TestServer.USER, "database", "test")));
        List<Message> messages = c.readUntilReady();
        if (messages.getFirst().type() != 'R') {
            throw new IOException("startup failed: " + messages);
        }
        return c;
    }

    void send(byte[]... frames) throws IOException {
        for (byte[] f : frames) {
            out.write(f);
        }
        out.flush();
    }

    Message read() throws IOException {
        char type = (char) in.readUnsignedByte();
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message(type, body);
    }

    List<Message> readUntilReady() throws IOException {
        List<Message> out = new ArrayList<>();
        while (true) {
            Message m = read();
            out.add(m);
            if (m.type() == 'Z') {
                return out;
            }
        }
    }

    int readByte() throws IOException {
        return in.read();
    }

    /** True when the server closed the connection (EOF) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException | java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static String types(List<Message> messages) {
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) {
            sb.append(m.type());
        }
        return sb.toString();
    }

    // ---- frontend message builders

    static byte[] startup(Map<String, String> params) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeInt(body, 196608);
        params.forEach((k, v) -> {
            cstring(body, k);
            cstring(body, v);
        });
        body.write(0);
        return untyped(body.toByteArray());
    }

    static byte[] untyped(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(4 + body.length).put(body).array();
    }

    static byte[] codeOnly(int code) {
        return ByteBuffer.allocate(8).putInt(8).putInt(code).array();
    }

    static byte[] typed(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array();
    }

    static byte[] query(String sql) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        cstring(b, sql);
        return typed('Q', b.toByteArray());
    }

    static byte[] parse(String name, String sql, int... oids) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        cstring(b, name);
        cstring(b, sql);
        writeShort(b, oids.length);
        for (int oid : oids) {
            writeInt(b, oid);
        }
        return typed('P', b.toByteArray());
    }

    /** Bind with text parameters (null = SQL NULL) and one result format for all columns. */
    static byte[] bind(String portal, String statement, short resultFormat, String... params) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        cstring(b, portal);
        cstring(b, statement);
        writeShort(b, 0);
        writeShort(b, params.length);
        for (String p : params) {
            if (p == null) {
                writeInt(b, -1);
            } else {
                byte[] v = p.getBytes(StandardCharsets.UTF_8);
                writeInt(b, v.length);
                b.writeBytes(v);
            }
        }
        writeShort(b, 1);
        writeShort(b, resultFormat);
        return typed('B', b.toByteArray());
    }

    static byte[] describe(char target, String name) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(target);
        cstring(b, name);
        return typed('D', b.toByteArray());
    }

    static byte[] execute(String portal, int maxRows) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        cstring(b, portal);
        writeInt(b, maxRows);
        return typed('E', b.toByteArray());
    }

    static byte[] close(char target, String name) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(target);
        cstring(b, name);
        return typed('C', b.toByteArray());
    }

    static byte[] sync() {
        return typed('S', new byte[0]);
    }

    static byte[] flush() {
        return typed('H', new byte[0]);
    }

    static void cstring(ByteArrayOutputStream b, String s) {
        b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        b.write(0);
    }

    static void writeInt(ByteArrayOutputStream b, int v) {
        b.writeBytes(ByteBuffer.allocate(4).putInt(v).array());
    }

    static void writeShort(ByteArrayOutputStream b, int v) {
        b.writeBytes(ByteBuffer.allocate(2).putShort((short) v).array());
    }
}
