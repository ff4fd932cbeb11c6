package io.shoaldb.pgwire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
        byte[] salted = hi(normalize(password), salt, iterations);
        byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        return new ScramVerifier(salt, iterations, sha256(clientKey), serverKey);
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

    /**
     * SASLprep (RFC 4013) approximated by NFKC, which is what it amounts to for the passwords people
     * type; PostgreSQL, like us, uses the raw bytes when the password is plain ASCII.
     */
    private static byte[] normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8);
    }

    /** Hi() of RFC 5802: PBKDF2 with HMAC-SHA-256 and one output block. */
    static byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // An empty HMAC key is legal but refused by SecretKeySpec; one zero byte pads to the same key.
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
