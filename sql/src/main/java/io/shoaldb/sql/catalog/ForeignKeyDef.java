package io.shoaldb.sql.catalog;

import java.util.List;

/**
 * A FOREIGN KEY constraint: {@code columns} of {@code table} reference {@code refColumns} of {@code refTable}
 * (its primary key or a unique index, in that column order). Columns are named, not numbered, so column
 * positions may change under it; renames rewrite the names. Actions are pg_constraint's letters:
 * 'a' NO ACTION, 'r' RESTRICT, 'c' CASCADE, 'n' SET NULL. MATCH SIMPLE: a row with a NULL in its key columns
 * references nothing.
 */
public record ForeignKeyDef(String name, String table, List<String> columns, String refTable, List<String> refColumns,
        char onDelete, char onUpdate) {
    public ForeignKeyDef {
        columns = List.copyOf(columns);
        refColumns = List.copyOf(refColumns);
        if (columns.size() != refColumns.size() || columns.isEmpty()) {
            throw new IllegalArgumentException("foreign key " + name + " pairs " + columns + " with " + refColumns);
        }
    }

    /** The catalog's key: constraint names are unique per table. */
    public String key() {
        return table + "." + name;
    }
}
