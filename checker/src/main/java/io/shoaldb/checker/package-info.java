/**
 * History checkers: the judge of correctness for every simulated and chaos run. A run records a
 * {@link io.shoaldb.checker.history.History} of client operations; the checkers decide whether a
 * correct system could have produced it and answer with a {@link io.shoaldb.checker.CheckResult}
 * (valid, invalid or unknown, with a printable explanation). This module depends on no other ShoalDB
 * module, so the judge never shares code, and bugs, with what it judges.
 *
 * <p>{@link io.shoaldb.checker.Checkers} is the entry point: pick a {@link io.shoaldb.checker.Workload}
 * and call {@code check}. See docs/checker.md.
 */
package io.shoaldb.checker;
