/**
 * The history model, Jepsen style: each client operation is an {@code invoke} event followed by its
 * completion ({@code ok}, {@code fail} or {@code info}) on the same process; the position of an event in
 * the history is its real-time order. {@link io.shoaldb.checker.history.History} pairs the events into
 * {@link io.shoaldb.checker.history.Operation}s, and {@link io.shoaldb.checker.history.HistoryJson}
 * reads and writes histories as JSON lines.
 */
package io.shoaldb.checker.history;
