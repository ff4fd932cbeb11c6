package io.shoaldb.sql.catalog;

/**
 * One column of a table.
 *
 * @param defaultSql the DEFAULT expression as SQL text (re-parsed when an INSERT needs it), or null
 * @param precision  declared length or numeric precision, or -1
 * @param scale      declared numeric scale, or -1
 * @param sequence   the sequence behind a SERIAL or identity column, or null
 */
public record ColumnDef(String name, PgType type, int precision, int scale, boolean notNull, String defaultSql,
        String sequence) {
}
