/** Client-visible SQL errors: {@link io.shoaldb.sql.error.SqlException} carrying a PostgreSQL SQLSTATE. */
package io.shoaldb.sql.error;
