package io.shoaldb.pgwire;

import java.util.Objects;

/**
 * A result column as RowDescription describes it.
 *
 * @param tableOid        OID of the source table, 0 if none (pgjdbc then skips its nullability query)
 * @param attributeNumber column number in that table, 0 if none
 * @param typeModifier    pg_attribute.atttypmod: varchar(n) is n+4, numeric(p,s) is ((p<<16)|s)+4, -1 none
 */
public record Column(String name, PgType type, int tableOid, short attributeNumber, int typeModifier) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public static Column of(String name, PgType type) {
        return new Column(name, type, 0, (short) 0, -1);
    }
}
