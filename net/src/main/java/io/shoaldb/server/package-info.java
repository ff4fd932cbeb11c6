/**
 * The ShoalDB server as {@code ./shoal run} starts it: one node on the production runtime hosting the SQL
 * engine, the pgwire listener in front of it, and the bootstrap superuser whose credential lives in the data
 * directory. {@link io.shoaldb.server.ShoalServer} assembles the parts; the engine's host process is behind
 * {@link io.shoaldb.server.SqlHost}, so the in-memory engine and a durable one are interchangeable.
 */
package io.shoaldb.server;
