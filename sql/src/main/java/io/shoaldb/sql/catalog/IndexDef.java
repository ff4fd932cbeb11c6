package io.shoaldb.sql.catalog;

import java.util.List;

/** A secondary index (or the unique index behind a UNIQUE constraint) over column ordinals. */
public record IndexDef(String name, List<Integer> columns, boolean unique) {
    public IndexDef {
        columns = List.copyOf(columns);
    }
}
