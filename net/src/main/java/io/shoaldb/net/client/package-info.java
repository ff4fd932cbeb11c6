/**
 * Clients of a ShoalDB cluster that speak the node transport: {@link io.shoaldb.net.client.NetClient}
 * carries bytes to and from nodes; protocol-specific clients build on it.
 */
package io.shoaldb.net.client;
