/**
 * Scenario files: the plain {@code key: value} text that, together with a seed, defines a simulated
 * run (workload, cluster size, duration, fault rates). Parsed by our own code with errors that name
 * the file and line.
 */
package io.shoaldb.sim.scenario;
