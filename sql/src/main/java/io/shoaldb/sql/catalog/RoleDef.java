package io.shoaldb.sql.catalog;

import java.util.Objects;

/**
 * A role (PostgreSQL's pg_authid row, the parts ShoalDB has): who may log in, who is a superuser, and the
 * password as a SCRAM-SHA-256 verifier in PostgreSQL's rolpassword form
 * ({@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}), never the password itself.
 *
 * @param oid              stable identity (10 for the bootstrap superuser, as in PostgreSQL)
 * @param passwordVerifier the SCRAM verifier, or null for a role without a password (it cannot log in by password)
 */
public record RoleDef(String name, long oid, boolean superuser, boolean login, String passwordVerifier) {
    /** PostgreSQL's oid of the bootstrap superuser, the role initdb creates. */
    public static final long BOOTSTRAP_SUPERUSER_OID = 10;

    public RoleDef {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("role name must not be empty");
        }
        if (passwordVerifier != null && !ScramSecret.isVerifier(passwordVerifier)) {
            throw new IllegalArgumentException("role password must be stored as a SCRAM-SHA-256 verifier");
        }
    }

    public RoleDef withPasswordVerifier(String verifier) {
        return new RoleDef(name, oid, superuser, login, verifier);
    }

    public RoleDef withAttributes(boolean superuser, boolean login) {
        return new RoleDef(name, oid, superuser, login, passwordVerifier);
    }

    /** What pg_roles shows for rolpassword, and what toString prints: never the verifier. */
    @Override
    public String toString() {
        return "RoleDef[name=" + name + ", oid=" + oid + ", superuser=" + superuser + ", login=" + login
                + ", password=" + (passwordVerifier == null ? "none" : "********") + "]";
    }

    /** The read-only view other parts of the catalog (pg_roles, pg_user, pg_authid emulation) list. */
    public record Summary(String name, long oid, boolean superuser, boolean login, boolean hasPassword) {
    }

    public Summary summary() {
        return new Summary(name, oid, superuser, login, passwordVerifier != null);
    }
}
