/**
 * Linearizability of registers and key-value maps: the Wing–Gong–Lowe search with Porcupine's
 * memoisation of (linearized set, model state), run per key (P-compositionality), with a deterministic
 * step budget whose exhaustion gives UNKNOWN, never a wrong VALID.
 */
package io.shoaldb.checker.linear;
