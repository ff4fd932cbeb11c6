package io.shoaldb.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.shoaldb.pgwire.AuthMethod;
import io.shoaldb.pgwire.PgServerConfig;
import io.shoaldb.server.ShoalServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of {@code shoal run}, from defaults, a YAML configuration file, the environment and flags, in
 * rising precedence. The file is a flat map of the keys in {@link #KEYS}; an unknown key or a bad value is a
 * {@link ConfigException} that names the key, never silently ignored.
 */
final class ServerSettings {
    static final String DEFAULT_PG_LISTEN = "127.0.0.1:" + PgServerConfig.DEFAULT_PORT;
    static final String DEFAULT_DATA_DIR = "shoal-data";
    static final String ADMIN_USER = "admin";
    /** The environment variable that sets the admin password (like the configuration's admin-password). */
    static final String ENV_ADMIN_PASSWORD = "SHOAL_ADMIN_PASSWORD";
    static final int MAX_CONNECTIONS_LIMIT = 100_000;
    static final long MAX_CONFIG_BYTES = 1 << 20;

    static final List<String> KEYS = List.of("pg-listen", "data-dir", "auth-method", "tls-cert", "tls-key", "require-tls",
            "max-connections", "max-message-bytes", "authentication-timeout-ms", "admin-password", "memory-limit-mb");
    /** Largest memory-limit-mb: 1 TiB. */
    static final long MAX_MEMORY_LIMIT_MB = 1L << 20;

    /** A bad configuration value: exit 78 (EX_CONFIG) with this message. */
    static final class ConfigException extends Exception {
        ConfigException(String message) {
            super(message);
        }
    }

    InetSocketAddress pgListen = Addresses.hostPort(DEFAULT_PG_LISTEN);
    Path dataDir = Path.of(DEFAULT_DATA_DIR);
    AuthMethod authMethod = AuthMethod.SCRAM_SHA_256;
    Path tlsCert;
    Path tlsKey;
    boolean requireTls;
    int maxConnections = PgServerConfig.DEFAULT_MAX_CONNECTIONS;
    int maxMessageBytes = PgServerConfig.DEFAULT_MAX_MESSAGE_BYTES;
    long authenticationTimeoutMillis = PgServerConfig.DEFAULT_AUTHENTICATION_TIMEOUT_MILLIS;
    String adminPassword;
    /** Memory limit of the tables in MiB; 0: three quarters of the JVM's maximum heap. */
    long memoryLimitMb;

    /** The tables' memory limit in bytes: configured, or three quarters of the JVM's maximum heap. */
    long memoryLimitBytes() {
        return memoryLimitMb > 0 ? memoryLimitMb << 20 : Runtime.getRuntime().maxMemory() / 4 * 3;
    }

    /** Reads {@code file} (YAML) over the defaults. */
    void readFile(Path file) throws ConfigException {
        String where = "config " + file;
        String text;
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new ConfigException(where + ": larger than " + MAX_CONFIG_BYTES + " bytes");
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(where + ": cannot read: " + e.getMessage());
        }
        readYaml(text, where);
    }

    void readYaml(String text, String where) throws ConfigException {
        JsonNode root;
        try {
            // A key given twice is an error, not "the last one wins".
            root = new ObjectMapper(new YAMLFactory().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
                    .readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(where + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new ConfigException(where + ": cannot read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || (root.isNull())) {
            return; // an empty file: all defaults
        }
        if (!root.isObject()) {
            throw new ConfigException(where + ": expected a map of settings (key: value), found " + kind(root));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            apply(where, e.getKey(), e.getValue());
        }
    }

    private void apply(String where, String key, JsonNode v) throws ConfigException {
        String at = where + ": key '" + key + "'";
        switch (key) {
            case "pg-listen" -> pgListen = hostPort(at, scalar(at, v));
            case "data-dir" -> dataDir = path(at, scalar(at, v));
            case "auth-method" -> authMethod = authMethod(at, scalar(at, v));
            case "tls-cert" -> tlsCert = v.isNull() ? null : path(at, scalar(at, v));
            case "tls-key" -> tlsKey = v.isNull() ? null : path(at, scalar(at, v));
            case "require-tls" -> requireTls = bool(at, v);
            case "max-connections" -> maxConnections = (int) integer(at, v, 1, MAX_CONNECTIONS_LIMIT);
            case "max-message-bytes" -> maxMessageBytes = (int) integer(at, v, 1024, Integer.MAX_VALUE);
            case "authentication-timeout-ms" -> authenticationTimeoutMillis = integer(at, v, 1, 600_000);
            case "memory-limit-mb" -> memoryLimitMb = integer(at, v, 16, MAX_MEMORY_LIMIT_MB);
            case "admin-password" -> {
                // YAML reads yes, on, 0123 and 1e3 as other things than the text typed: insist on a string.
                if (v == null || !v.isTextual()) {
                    throw new ConfigException(at + ": expected a string (quote the password), found " + describe(v));
                }
                adminPassword = password(at, v.textValue());
            }
            default -> throw new ConfigException(where + ": unknown key '" + key + "' (known keys: " + String.join(", ", KEYS) + ")");
        }
    }

    /** The environment over the file: {@value #ENV_ADMIN_PASSWORD}. */
    void readEnvironment(Map<String, String> env) throws ConfigException {
        String pw = env.get(ENV_ADMIN_PASSWORD);
        if (pw != null) {
            adminPassword = password("environment variable " + ENV_ADMIN_PASSWORD, pw);
        }
    }

    /** The assembled server configuration; inconsistent combinations are configuration errors. */
    ShoalServer.Config toServerConfig() throws ConfigException {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ConfigException("keys 'tls-cert' and 'tls-key' go together: set both or neither");
        }
        if (requireTls && tlsCert == null) {
            throw new ConfigException("key 'require-tls' is true but no 'tls-cert' and 'tls-key' are set");
        }
        for (Path p : new Path[] {tlsCert, tlsKey}) {
            if (p != null && !Files.isReadable(p)) {
                throw new ConfigException("key '" + (p == tlsCert ? "tls-cert" : "tls-key") + "': cannot read " + p);
            }
        }
        PgServerConfig pg = new PgServerConfig(pgListen.getHostString(), pgListen.getPort(), authMethod, tlsCert, tlsKey,
                requireTls, maxConnections, maxMessageBytes, PgServerConfig.DEFAULT_MAX_PENDING_MESSAGES,
                authenticationTimeoutMillis);
        return new ShoalServer.Config(pg, dataDir, ADMIN_USER, adminPassword);
    }

    static InetSocketAddress hostPort(String at, String text) throws ConfigException {
        try {
            return Addresses.hostPort(text);
        } catch (picocli.CommandLine.TypeConversionException e) {
            throw new ConfigException(at + ": " + e.getMessage());
        }
    }

    private static String scalar(String at, JsonNode v) throws ConfigException {
        if (v == null || !v.isValueNode() || v.isNull()) {
            throw new ConfigException(at + ": expected a value, found " + kind(v));
        }
        return v.asText();
    }

    private static Path path(String at, String text) throws ConfigException {
        if (text.isBlank()) {
            throw new ConfigException(at + ": must not be empty");
        }
        try {
            return Path.of(text);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException(at + ": not a valid path: " + e.getMessage());
        }
    }

    private static AuthMethod authMethod(String at, String text) throws ConfigException {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "scram-sha-256" -> AuthMethod.SCRAM_SHA_256;
            case "md5" -> AuthMethod.MD5;
            case "trust" -> AuthMethod.TRUST;
            default -> throw new ConfigException(at + ": expected scram-sha-256, md5 or trust, got '" + text + "'");
        };
    }

    private static boolean bool(String at, JsonNode v) throws ConfigException {
        if (v != null && v.isBoolean()) {
            return v.booleanValue();
        }
        throw new ConfigException(at + ": expected true or false, found " + describe(v));
    }

    private static long integer(String at, JsonNode v, long min, long max) throws ConfigException {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new ConfigException(at + ": expected an integer in [" + min + ", " + max + "], found " + describe(v));
        }
        long n = v.longValue();
        if (n < min || n > max) {
            throw new ConfigException(at + ": " + n + " is out of range [" + min + ", " + max + "]");
        }
        return n;
    }

    private static String password(String at, String text) throws ConfigException {
        if (text.isEmpty()) {
            throw new ConfigException(at + ": the admin password must not be empty");
        }
        if (text.length() > io.shoaldb.sql.catalog.ScramSecret.MAX_PASSWORD_CHARS) {
            throw new ConfigException(at + ": the admin password is longer than "
                    + io.shoaldb.sql.catalog.ScramSecret.MAX_PASSWORD_CHARS + " characters");
        }
        return text;
    }

    private static String describe(JsonNode v) {
        return v == null || v.isNull() ? "nothing" : v.isValueNode() ? "'" + v.asText() + "'" : kind(v);
    }

    private static String kind(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "nothing";
        }
        return v.isObject() ? "a map" : v.isArray() ? "a list" : "'" + v.asText() + "'";
    }
}
