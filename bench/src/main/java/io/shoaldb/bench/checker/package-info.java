/**
 * Benchmarks of the history checkers: bench commands that generate valid histories of a given size and
 * print how long each checker takes. Run with {@code bench/run io.shoaldb.bench.checker.CheckerBench}.
 */
package io.shoaldb.bench.checker;
