package io.shoaldb.pgwire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * PostgreSQL's md5 challenge: the client answers {@code "md5" + md5hex(md5hex(password + user) + salt)}.
 * Kept for old clients; SCRAM is the default.
 */
final class Md5Authenticator {
    private Md5Authenticator() {
    }

    /** The stored form: {@code "md5" + md5hex(password + user)}. */
    static String hash(String password, String user) {
        return "md5" + md5Hex((password + user).getBytes(StandardCharsets.UTF_8));
    }

    /** The answer a client holding the password would give for {@code salt}. */
    static String expectedResponse(String storedHash, byte[] salt) {
        byte[] inner = storedHash.substring(3).getBytes(StandardCharsets.US_ASCII);
        byte[] salted = new byte[inner.length + salt.length];
        System.arraycopy(inner, 0, salted, 0, inner.length);
        System.arraycopy(salt, 0, salted, inner.length, salt.length);
        return "md5" + md5Hex(salted);
    }

    /** Constant-time check of the client's PasswordMessage (without its NUL terminator). */
    static boolean verify(String storedHash, byte[] salt, byte[] response) {
        return MessageDigest.isEqual(expectedResponse(storedHash, salt).getBytes(StandardCharsets.US_ASCII), response);
    }

    private static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
    }
}
