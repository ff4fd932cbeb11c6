package io.shoaldb.pgwire;

import java.util.Objects;

/**
 * A role that may log in, as authentication needs it: never the password itself, only its SCRAM
 * verifier (null for a role without a password, which only trust authentication admits) and
 * (optionally) PostgreSQL's md5 hash {@code "md5" + md5hex(password + name)}.
 */
public record PgUser(String name, ScramVerifier scram, String md5Hash, boolean superuser) {

    public PgUser {
        Objects.requireNonNull(name, "name");
        if (md5Hash != null && (md5Hash.length() != 35 || !md5Hash.startsWith("md5"))) {
            throw new IllegalArgumentException("md5 hash must be \"md5\" + 32 hex digits");
        }
    }

    /** Derives both verifiers from a password; {@code salt} must be random (16 bytes is PostgreSQL's choice). */
    public static PgUser withPassword(String name, String password, byte[] salt, boolean superuser) {
        return new PgUser(name, ScramVerifier.fromPassword(password, salt, ScramVerifier.DEFAULT_ITERATIONS),
                Md5Authenticator.hash(password, name), superuser);
    }
}
