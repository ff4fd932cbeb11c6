/**
 * Virtual time: the event queue that orders every happening of a simulated run by (time, sequence
 * number), and the rolling trace hash that fingerprints the path a run took.
 */
package io.shoaldb.sim.event;
