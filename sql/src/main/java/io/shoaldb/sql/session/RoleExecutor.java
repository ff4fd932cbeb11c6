package io.shoaldb.sql.session;

import io.shoaldb.sql.catalog.Catalog;
import io.shoaldb.sql.catalog.RoleDef;
import io.shoaldb.sql.catalog.ScramSecret;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.parser.PgRoleStatement;
import java.util.random.RandomGenerator;

/**
 * CREATE / ALTER / DROP ROLE against a catalog (the shared one, or a transaction block's private copy, like
 * the other DDL of {@link DdlExecutor}). Passwords become SCRAM-SHA-256 verifiers ({@link #hashPassword},
 * salted from the engine's entropy) before the statement runs, and are never stored or echoed as text. Only superusers manage roles; any role may
 * change its own password, as in PostgreSQL.
 */
final class RoleExecutor {
    private final Catalog catalog;
    private final String currentUser;
    private final boolean currentIsSuperuser;

    RoleExecutor(Catalog catalog, String currentUser, boolean currentIsSuperuser) {
        this.catalog = catalog;
        this.currentUser = currentUser;
        this.currentIsSuperuser = currentIsSuperuser;
    }

    StatementResult execute(PgRoleStatement r) {
        switch (r.kind) {
            case CREATE -> create(r);
            case ALTER -> alter(r);
            case DROP -> drop(r);
        }
        return StatementResult.command(r.commandTag());
    }

    private void create(PgRoleStatement r) {
        requireSuperuser("permission denied to create role");
        String name = r.names.getFirst();
        if (catalog.role(name) != null) {
            throw new SqlException(SqlState.DUPLICATE_OBJECT, "role \"" + name + "\" already exists");
        }
        if (name.startsWith("pg_")) {
            throw new SqlException(SqlState.RESERVED_NAME, "role name \"" + name
                    + "\" is reserved (role names starting with \"pg_\" are reserved)");
        }
        String verifier = r.passwordGiven ? verifier(r) : null;
        boolean superuser = Boolean.TRUE.equals(r.superuser);
        boolean login = Boolean.TRUE.equals(r.login);
        // The first role of an empty catalog, a superuser that can log in, is the bootstrap superuser (as
        // initdb's): oid 10, never dropped or demoted. This is how the server installs it through the log.
        long oid = catalog.roleSummaries().isEmpty() && superuser && login ? RoleDef.BOOTSTRAP_SUPERUSER_OID
                : catalog.allocateRoleOid();
        catalog.putRole(new RoleDef(name, oid, superuser, login, verifier));
    }

    private void alter(PgRoleStatement r) {
        String name = r.names.getFirst();
        RoleDef role = catalog.role(name);
        if (role == null) {
            throw new SqlException(SqlState.UNDEFINED_OBJECT, "role \"" + name + "\" does not exist");
        }
        boolean onlyOwnPassword = name.equals(currentUser) && r.superuser == null && r.login == null;
        if (!currentIsSuperuser && !onlyOwnPassword) {
            throw new SqlException(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied to alter role \"" + name
                    + "\" (only superusers may alter roles other than their own password)");
        }
        if (role.oid() == RoleDef.BOOTSTRAP_SUPERUSER_OID && (Boolean.FALSE.equals(r.superuser) || Boolean.FALSE.equals(r.login))) {
            throw new SqlException(SqlState.INSUFFICIENT_PRIVILEGE, "permission denied to alter role \"" + name
                    + "\" (the bootstrap superuser must remain a superuser that can log in)");
        }
        RoleDef changed = role.withAttributes(r.superuser != null ? r.superuser : role.superuser(),
                r.login != null ? r.login : role.login());
        if (r.passwordGiven) {
            changed = changed.withPasswordVerifier(verifier(r));
        }
        catalog.putRole(changed);
    }

    private void drop(PgRoleStatement r) {
        requireSuperuser("permission denied to drop role");
        // Checked in full before anything is dropped: a statement fails as a whole, as in PostgreSQL.
        for (String name : r.names) {
            RoleDef role = catalog.role(name);
            if (role == null) {
                if (!r.ifExists) {
                    throw new SqlException(SqlState.UNDEFINED_OBJECT, "role \"" + name + "\" does not exist");
                }
                continue;
            }
            if (name.equals(currentUser)) {
                throw new SqlException(SqlState.OBJECT_IN_USE, "current user cannot be dropped");
            }
            if (role.oid() == RoleDef.BOOTSTRAP_SUPERUSER_OID) {
                throw new SqlException(SqlState.DEPENDENT_OBJECTS_STILL_EXIST, "cannot drop role " + name
                        + " because it is required by the database system");
            }
        }
        for (String name : r.names) {
            if (catalog.role(name) != null) {
                catalog.dropRole(name);
            }
        }
    }

    private void requireSuperuser(String message) {
        if (!currentIsSuperuser) {
            throw new SqlException(SqlState.INSUFFICIENT_PRIVILEGE, message + " (only superusers manage roles)");
        }
    }

    /**
     * The statement with its password replaced by a SCRAM verifier (salted from {@code salts}); a verifier
     * given as such (pg_dump writes them) is kept. Done before anything else, so the plaintext goes no further
     * than this call: what executes, and what a durable engine may log ({@link PgRoleStatement#toSql()}),
     * holds only the verifier.
     */
    static PgRoleStatement hashPassword(PgRoleStatement r, RandomGenerator salts) {
        if (!r.passwordGiven || r.password == null) {
            return r;
        }
        String password = r.password;
        if (password.isEmpty()) {
            throw new SqlException(SqlState.INVALID_PARAMETER_VALUE, "empty string is not a valid password");
        }
        if (password.length() > ScramSecret.MAX_PASSWORD_CHARS) {
            throw new SqlException(SqlState.INVALID_PARAMETER_VALUE, "password is longer than "
                    + ScramSecret.MAX_PASSWORD_CHARS + " characters");
        }
        if (ScramSecret.isVerifier(password)) {
            return r;
        }
        if (password.startsWith("md5") && password.length() == 35) {
            throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "md5 password hashes are not supported: ShoalDB "
                    + "stores SCRAM-SHA-256 verifiers only; give the password itself or its SCRAM verifier");
        }
        byte[] salt = new byte[ScramSecret.SALT_BYTES];
        salts.nextBytes(salt);
        return r.withPassword(ScramSecret.verifier(password, salt, ScramSecret.DEFAULT_ITERATIONS));
    }

    /** The statement's verifier (see {@link #hashPassword}), or null for no password / PASSWORD NULL. */
    private static String verifier(PgRoleStatement r) {
        if (r.password != null && !ScramSecret.isVerifier(r.password)) {
            throw new IllegalStateException("role statements execute only after hashPassword");
        }
        return r.password;
    }
}
