/** Speed figures of the deterministic simulator: scheduler throughput and time compression. */
package io.shoaldb.bench.sim;
