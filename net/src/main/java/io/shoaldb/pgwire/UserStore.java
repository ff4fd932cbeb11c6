package io.shoaldb.pgwire;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where authentication finds roles: the SQL engine's catalog in the server ({@link CatalogUserStore}), or a
 * fixed set ({@link #of}) for tests of the protocol against other engines. Lookups happen on the node's loop
 * and must not block.
 */
public interface UserStore {

    Optional<PgUser> lookup(String name);

    static UserStore of(PgUser... users) {
        Map<String, PgUser> byName = new TreeMap<>();
        for (PgUser u : users) {
            if (byName.put(u.name(), u) != null) {
                throw new IllegalArgumentException("duplicate user " + u.name());
            }
        }
        Map<String, PgUser> frozen = Map.copyOf(byName);
        return name -> Optional.ofNullable(frozen.get(name));
    }
}
