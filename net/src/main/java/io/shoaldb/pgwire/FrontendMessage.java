package io.shoaldb.pgwire;

import java.util.List;
import java.util.Map;

/**
 * A message from the client, decoded and bounds-checked by {@link FrontendDecoder}. Byte payloads are
 * copies owned by the record, so a message may cross from the network thread to the node's loop.
 */
public sealed interface FrontendMessage {

    /** The first packet of a plain connection; {@code minorVersion} may exceed 0 (we answer 3.0). */
    record Startup(int minorVersion, Map<String, String> parameters) implements FrontendMessage {
    }

    record SslRequest() implements FrontendMessage {
    }

    record GssEncRequest() implements FrontendMessage {
    }

    record CancelRequest(int processId, int secretKey) implements FrontendMessage {
    }

    /** 'p': its meaning (password, SASLInitialResponse, SASLResponse) depends on the auth exchange. */
    record PasswordMessage(byte[] payload) implements FrontendMessage {
    }

    record Query(String sql) implements FrontendMessage {
    }

    record Parse(String statementName, String sql, List<Integer> parameterTypeOids) implements FrontendMessage {
    }

    /**
     * @param parameterFormats 0, 1 or one per parameter (0 text, 1 binary)
     * @param parameterValues  null entries are SQL NULL
     * @param resultFormats    0, 1 or one per result column
     */
    record Bind(String portalName, String statementName, List<Short> parameterFormats, List<byte[]> parameterValues,
                List<Short> resultFormats) implements FrontendMessage {
    }

    /** @param target 'S' statement or 'P' portal */
    record Describe(byte target, String name) implements FrontendMessage {
    }

    record Execute(String portalName, int maxRows) implements FrontendMessage {
    }

    /** @param target 'S' statement or 'P' portal */
    record Close(byte target, String name) implements FrontendMessage {
    }

    record Sync() implements FrontendMessage {
    }

    record Flush() implements FrontendMessage {
    }

    record Terminate() implements FrontendMessage {
    }

    record CopyData(byte[] data) implements FrontendMessage {
    }

    record CopyDone() implements FrontendMessage {
    }

    record CopyFail(String reason) implements FrontendMessage {
    }

    /** A well-framed message whose content could not be decoded; answered with an ErrorResponse. */
    record Malformed(char type, ErrorFields error) implements FrontendMessage {
    }

    /**
     * The byte stream itself is broken (impossible length, oversized message, data after SSLRequest):
     * nothing after this point can be trusted, so the connection gets a FATAL error and is closed.
     */
    record BrokenFraming(ErrorFields error) implements FrontendMessage {
    }
}
