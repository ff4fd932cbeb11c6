/**
 * PostgreSQL's system catalogs over ShoalDB's own catalog: pg_catalog and information_schema relations whose
 * rows are computed from the {@link io.shoaldb.sql.catalog.Catalog} and the session each time a statement
 * scans them, the functions and casts metadata clients call (format_type, pg_get_indexdef, 'name'::regclass,
 * generate_series, ...), and the few syntax forms of theirs Calcite's grammar lacks. Clients (psql's \d
 * commands, pgjdbc's DatabaseMetaData, DBeaver, SQLAlchemy, pgbench) run their own SQL against these
 * relations; nothing here recognises particular queries.
 */
package io.shoaldb.sql.pgcatalog;
