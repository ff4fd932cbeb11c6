/**
 * The simulated disk: named files per host in memory, with the durability rules of the {@code Disk}
 * port enforced at every crash (unsynced writes lost or torn, unsynced directory operations lost),
 * and disk faults (latency, read/write/fsync errors, bit rot, disk full).
 */
package io.shoaldb.sim.disk;
