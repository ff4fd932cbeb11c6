/**
 * Bench commands for the production runtime (run with {@code bench/run <class>}): raw transport and
 * file-disk figures, and a replicated key-value group of three real processes on loopback.
 */
package io.shoaldb.bench.net;
