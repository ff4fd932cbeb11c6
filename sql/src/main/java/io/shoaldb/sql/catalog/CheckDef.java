package io.shoaldb.sql.catalog;

/** A CHECK constraint: its name (as PostgreSQL would choose it) and its expression as SQL text. */
public record CheckDef(String name, String sql) {
}
