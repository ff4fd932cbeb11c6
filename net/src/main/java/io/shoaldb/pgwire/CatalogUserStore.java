package io.shoaldb.pgwire;

import io.shoaldb.sql.catalog.RoleDef;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Authentication's view of the SQL engine's catalog, the source of truth for roles: CREATE ROLE, ALTER ROLE
 * ... PASSWORD and DROP ROLE take effect for the next login. A role without LOGIN is not found (PostgreSQL
 * refuses it too); a role without a password can log in only under trust authentication. Called on the
 * node's loop, like the engine.
 */
public final class CatalogUserStore implements UserStore {
    private final Supplier<io.shoaldb.sql.session.SqlEngine> engine;

    public CatalogUserStore(io.shoaldb.sql.session.SqlEngine engine) {
        this(() -> engine);
    }

    /** Over the current engine of a node whose engine may be replaced (a durable node restoring a snapshot). */
    public CatalogUserStore(Supplier<io.shoaldb.sql.session.SqlEngine> engine) {
        this.engine = engine;
    }

    @Override
    public Optional<PgUser> lookup(String name) {
        RoleDef role = engine.get().catalog().role(name);
        if (role == null || !role.login()) {
            return Optional.empty();
        }
        ScramVerifier scram = role.passwordVerifier() == null ? null : ScramVerifier.parse(role.passwordVerifier());
        // No md5 hash: the catalog keeps SCRAM verifiers only, so md5 configuration falls back to SCRAM.
        return Optional.of(new PgUser(role.name(), scram, null, role.superuser()));
    }
}
