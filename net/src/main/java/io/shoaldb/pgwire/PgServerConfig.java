package io.shoaldb.pgwire;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of the pgwire listener.
 *
 * @param host              address to bind ("127.0.0.1", "0.0.0.0", ...)
 * @param port              TCP port (0 picks a free one; 4327 is ShoalDB's default)
 * @param authMethod        how users authenticate
 * @param tlsCertificate    PEM certificate chain, or null for no TLS (SSLRequest is then answered 'N')
 * @param tlsPrivateKey     PEM PKCS#8 private key; set exactly when the certificate is
 * @param requireTls        refuse plaintext sessions (needs a certificate)
 * @param maxConnections    connections beyond this get FATAL 53300 at startup
 * @param maxMessageBytes   larger messages are refused (FATAL 54000) and the connection closed
 * @param maxPendingMessages received but unprocessed messages per session before reading pauses
 * @param authenticationTimeoutMillis a connection that has not finished startup and authentication by
 *                          then is closed (PostgreSQL's authentication_timeout), so idle sockets
 *                          cannot hold connection slots
 */
public record PgServerConfig(String host, int port, AuthMethod authMethod, Path tlsCertificate, Path tlsPrivateKey,
                             boolean requireTls, int maxConnections, int maxMessageBytes, int maxPendingMessages,
                             long authenticationTimeoutMillis) {
    public static final int DEFAULT_PORT = 4327;
    public static final int DEFAULT_MAX_CONNECTIONS = 100;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    public static final int DEFAULT_MAX_PENDING_MESSAGES = 4096;
    public static final long DEFAULT_AUTHENTICATION_TIMEOUT_MILLIS = 60_000;

    public PgServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(authMethod, "authMethod");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
        }
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a private key");
        }
        if (requireTls && tlsCertificate == null) {
            throw new IllegalArgumentException("requireTls needs a TLS certificate and key");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024: " + maxMessageBytes);
        }
        if (maxPendingMessages < 16) {
            throw new IllegalArgumentException("maxPendingMessages must be at least 16: " + maxPendingMessages);
        }
        if (authenticationTimeoutMillis < 1 || authenticationTimeoutMillis > 600_000) {
            throw new IllegalArgumentException("authenticationTimeoutMillis must be in [1, 600000]: " + authenticationTimeoutMillis);
        }
    }

    public static PgServerConfig defaults(String host, int port) {
        return new PgServerConfig(host, port, AuthMethod.SCRAM_SHA_256, null, null, false, DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_PENDING_MESSAGES, DEFAULT_AUTHENTICATION_TIMEOUT_MILLIS);
    }

    public PgServerConfig withAuthMethod(AuthMethod method) {
        return new PgServerConfig(host, port, method, tlsCertificate, tlsPrivateKey, requireTls, maxConnections,
                maxMessageBytes, maxPendingMessages, authenticationTimeoutMillis);
    }

    public PgServerConfig withTls(Path certificate, Path privateKey, boolean require) {
        return new PgServerConfig(host, port, authMethod, certificate, privateKey, require, maxConnections,
                maxMessageBytes, maxPendingMessages, authenticationTimeoutMillis);
    }

    public PgServerConfig withLimits(int connections, int messageBytes) {
        return new PgServerConfig(host, port, authMethod, tlsCertificate, tlsPrivateKey, requireTls, connections,
                messageBytes, maxPendingMessages, authenticationTimeoutMillis);
    }

    public PgServerConfig withAuthenticationTimeout(long millis) {
        return new PgServerConfig(host, port, authMethod, tlsCertificate, tlsPrivateKey, requireTls, maxConnections,
                maxMessageBytes, maxPendingMessages, millis);
    }
}
