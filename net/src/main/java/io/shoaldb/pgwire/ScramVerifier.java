package io.shoaldb.pgwire;

import io.shoaldb.sql.catalog.ScramSecret;
import java.util.Base64;

/**
 * A SCRAM-SHA-256 password verifier (RFC 5802 section 3), stored the way PostgreSQL stores it:
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>} (base64). Holding it lets the
 * server check a client's proof without ever knowing the password.
 */
public record ScramVerifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    public static final int DEFAULT_ITERATIONS = 4096;
    private static final int MAX_ITERATIONS = 10_000_000;

    public ScramVerifier {
        if (salt.length == 0 || iterations < 1 || iterations > MAX_ITERATIONS || storedKey.length != 32 || serverKey.length != 32) {
            throw new IllegalArgumentException("invalid SCRAM verifier");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    public static ScramVerifier fromPassword(String password, byte[] salt, int iterations) {
        return parse(ScramSecret.verifier(password, salt, iterations));
    }

    /** Parses PostgreSQL's rolpassword form; throws IllegalArgumentException when it is not one. */
    public static ScramVerifier parse(String text) {
        String[] parts = text.split("\\$");
        if (parts.length != 3 || !parts[0].equals("SCRAM-SHA-256")) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier");
        }
        String[] iterSalt = parts[1].split(":");
        String[] keys = parts[2].split(":");
        if (iterSalt.length != 2 || keys.length != 2) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        return new ScramVerifier(b64.decode(iterSalt[1]), Integer.parseInt(iterSalt[0]), b64.decode(keys[0]), b64.decode(keys[1]));
    }

    @Override
    public String toString() {
        Base64.Encoder b64 = Base64.getEncoder();
        return "SCRAM-SHA-256$" + iterations + ":" + b64.encodeToString(salt) + "$" + b64.encodeToString(storedKey) + ":"
                + b64.encodeToString(serverKey);
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramVerifier v && v.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** Hi() of RFC 5802; the one implementation lives with the catalog that stores verifiers. */
    static byte[] hi(byte[] password, byte[] salt, int iterations) {
        return ScramSecret.hi(password, salt, iterations);
    }

    static byte[] hmac(byte[] key, byte[] data) {
        return ScramSecret.hmac(key, data);
    }

    static byte[] sha256(byte[] data) {
        return ScramSecret.sha256(data);
    }
}
