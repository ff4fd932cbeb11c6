/**
 * The production runtime: runs a node's logic, written against the ports of {@code io.shoaldb.runtime},
 * on one Netty event loop per node with the system clock, a seeded-from-SecureRandom entropy source,
 * a stderr trace, the TCP transport of {@link io.shoaldb.net.transport} and the file disk of
 * {@link io.shoaldb.net.disk}. {@link io.shoaldb.net.NetNode} is the entry point; a node's data
 * directory layout and its identity checks live in {@link io.shoaldb.net.DataDirectory}.
 */
package io.shoaldb.net;
