/**
 * The PostgreSQL wire protocol (v3.0) server: how psql, pgjdbc, psycopg, SQLAlchemy and pgbench talk to
 * ShoalDB. One concern per class: {@link io.shoaldb.pgwire.FrontendDecoder} frames and decodes client
 * bytes into {@link io.shoaldb.pgwire.FrontendMessage} records, {@link io.shoaldb.pgwire.BackendWriter}
 * frames replies, {@link io.shoaldb.pgwire.PgSession} is the per-connection state machine (startup,
 * authentication, simple and extended query, COPY), {@link io.shoaldb.pgwire.ScramAuthenticator} and
 * {@link io.shoaldb.pgwire.Md5Authenticator} authenticate, {@link io.shoaldb.pgwire.TextCodec} and
 * {@link io.shoaldb.pgwire.BinaryCodec} encode values, and {@link io.shoaldb.pgwire.PgServer} binds it
 * all to Netty. The SQL engine is reached only through {@link io.shoaldb.pgwire.SqlEngine}; it never
 * sees bytes, and every session runs on the node's event loop.
 */
package io.shoaldb.pgwire;
