/**
 * Synthetic histories that are correct by construction: a sequential model (registers, lists) run by
 * random concurrent clients, each operation taking effect at a random moment between its invocation
 * and its completion, with failures and indeterminate outcomes. The checkers' property tests and
 * benchmarks use them; a valid generated history must always pass.
 */
package io.shoaldb.checker.synth;
