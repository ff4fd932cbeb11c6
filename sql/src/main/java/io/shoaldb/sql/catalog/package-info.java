/**
 * The catalog: tables, columns, indexes, constraints, sequences, recorded distribution and roles (with
 * SCRAM-SHA-256 password verifiers, {@link io.shoaldb.sql.catalog.ScramSecret}), versioned so
 * cached plans of an older version are never reused; exposed to Calcite as a schema
 * ({@link io.shoaldb.sql.catalog.CalciteCatalogSchema}) with PostgreSQL types mapped to Calcite's.
 */
package io.shoaldb.sql.catalog;
