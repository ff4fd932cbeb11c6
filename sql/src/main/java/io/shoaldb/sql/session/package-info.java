/**
 * The Java session API the pgwire server calls: {@link io.shoaldb.sql.session.SqlEngine} owns a node's
 * catalog, tables, transaction manager and plan cache; {@link io.shoaldb.sql.session.Session} runs
 * statements with parameters, tracks the transaction state (I/T/E), keeps the session's settings
 * (SET/SHOW/RESET) and a transaction block's private catalog for transactional DDL, and reports errors as
 * {@link io.shoaldb.sql.error.SqlException} with PostgreSQL SQLSTATEs.
 */
package io.shoaldb.sql.session;
