package io.shoaldb.sql.catalog;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SCRAM-SHA-256 password verifiers (RFC 5802 section 3, RFC 7677) in PostgreSQL's stored form
 * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, base64 fields. The catalog stores
 * only these; pgwire's authenticator checks a client's proof against them. Pure functions: the salt
 * comes from the caller (the node's entropy port), so the simulator stays deterministic.
 */
public final class ScramSecret {
    public static final String PREFIX = "SCRAM-SHA-256$";
    /** PostgreSQL's scram_iterations default. */
    public static final int DEFAULT_ITERATIONS = 4096;
    public static final int MAX_ITERATIONS = 10_000_000;
    /** PostgreSQL's salt length. */
    public static final int SALT_BYTES = 16;
    /** Passwords longer than this are refused: SCRAM hashes them, so a megabyte password costs CPU for nothing. */
    public static final int MAX_PASSWORD_CHARS = 1024;

    private ScramSecret() {
    }

    /** The verifier of {@code password} with the given salt and iteration count. */
    public static String verifier(String password, byte[] salt, int iterations) {
        if (salt.length == 0 || iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("invalid SCRAM parameters");
        }
        byte[] salted = hi(normalize(password), salt, iterations);
        byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + iterations + ":" + b64.encodeToString(salt) + "$" + b64.encodeToString(sha256(clientKey)) + ":"
                + b64.encodeToString(serverKey);
    }

    /** Whether {@code text} is a well-formed verifier (what CREATE ROLE ... PASSWORD accepts pre-hashed, as pg_dump writes). */
    public static boolean isVerifier(String text) {
        if (!text.startsWith(PREFIX)) {
            return false;
        }
        String[] parts = text.split("\\$", -1);
        if (parts.length != 3) {
            return false;
        }
        String[] iterSalt = parts[1].split(":", -1);
        String[] keys = parts[2].split(":", -1);
        if (iterSalt.length != 2 || keys.length != 2) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(iterSalt[0]);
            Base64.Decoder b64 = Base64.getDecoder();
            return iterations >= 1 && iterations <= MAX_ITERATIONS && b64.decode(iterSalt[1]).length > 0
                    && b64.decode(keys[0]).length == 32 && b64.decode(keys[1]).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * SASLprep (RFC 4013) approximated by NFKC, which is what it amounts to for the passwords people type;
     * PostgreSQL, like us, uses the raw bytes when the password is plain ASCII.
     */
    public static byte[] normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC).getBytes(StandardCharsets.UTF_8);
    }

    /** Hi() of RFC 5802: PBKDF2 with HMAC-SHA-256 and one output block. */
    public static byte[] hi(byte[] password, byte[] salt, int iterations) {
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

    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
