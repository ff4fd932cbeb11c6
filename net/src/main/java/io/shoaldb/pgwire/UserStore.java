package io.shoaldb.pgwire;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where authentication finds roles. Users will live in the catalog; until then {@link #of} holds a
 * fixed set (the configured admin user). Lookups happen on the node's loop and must not block.
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
