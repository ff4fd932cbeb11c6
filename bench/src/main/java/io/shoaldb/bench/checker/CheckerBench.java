package io.shoaldb.bench.checker;

import io.shoaldb.checker.CheckResult;
import io.shoaldb.checker.Verdict;
import io.shoaldb.checker.Workload;
import io.shoaldb.checker.elle.ElleOptions;
import io.shoaldb.checker.elle.ListAppendChecker;
import io.shoaldb.checker.elle.RwRegisterChecker;
import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.HistoryJson;
import io.shoaldb.checker.linear.LinearizabilityChecker;
import io.shoaldb.checker.synth.SyntheticHistories;
import io.shoaldb.checker.whitebox.CommitOrderChecker;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Prints checker timings on generated valid histories (each verdict must be VALID, or the run fails).
 *
 * <pre>
 *   bench/run io.shoaldb.bench.checker.CheckerBench            all 10k figures
 *   BENCH_JAVA_OPTS=-Xmx8g bench/run io.shoaldb.bench.checker.CheckerBench list-append-1m
 *   bench/run io.shoaldb.bench.checker.CheckerBench write DIR  writes the 10k histories as JSON lines
 * </pre>
 *
 * "cold" is the first check in a fresh JVM (what {@code shoal check} pays, minus reading the file);
 * "warm" is the median of the following runs.
 */
public final class CheckerBench {
    private static final long SEED = 20261122L;

    private CheckerBench() {
    }

    public static void main(String[] args) throws IOException {
        String what = args.length == 0 ? "all" : args[0];
        switch (what) {
            case "all" -> {
                register10k();
                registerOneKey();
                listAppend10k();
                rwRegister10k();
                commitOrder10k();
            }
            case "register" -> register10k();
            case "register-1key" -> registerOneKey();
            case "list-append" -> listAppend10k();
            case "rw-register" -> rwRegister10k();
            case "commit-order" -> commitOrder10k();
            case "list-append-1m" -> listAppend1m();
            case "write" -> {
                if (args.length != 2) {
                    usage();
                }
                write(Path.of(args[1]));
            }
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: CheckerBench [all|register|register-1key|list-append|rw-register|commit-order|list-append-1m|write DIR]");
        System.exit(64);
    }

    private static History kv10k() {
        return SyntheticHistories.registers(SyntheticHistories.Config.of(SEED, 10_000, 10, 100));
    }

    private static History listAppend(int txns) {
        return SyntheticHistories.listAppend(SyntheticHistories.Config.of(SEED, txns, 10, 100));
    }

    private static void register10k() {
        History h = kv10k();
        measure("kv linearizability, 10,000 ops, 10 processes, 100 keys", h,
                LinearizabilityChecker.keyValue()::check, 10);
    }

    /** No partitioning to help: one register, 10 clients, 10,000 operations. */
    private static void registerOneKey() {
        History h = SyntheticHistories.registers(SyntheticHistories.Config.of(SEED, 10_000, 10, 0));
        measure("register linearizability, 10,000 ops, 10 processes, 1 register", h,
                LinearizabilityChecker.register()::check, 5);
    }

    private static void listAppend10k() {
        History h = listAppend(10_000);
        measure("list-append strict serializability (Elle), 10,000 txns, 10 processes", h,
                new ListAppendChecker(ElleOptions.DEFAULT)::check, 10);
    }

    private static void rwRegister10k() {
        History h = SyntheticHistories.rwRegister(SyntheticHistories.Config.of(SEED, 10_000, 10, 100));
        measure("rw-register strict serializability (Elle), 10,000 txns, 10 processes", h,
                new RwRegisterChecker(ElleOptions.DEFAULT)::check, 10);
    }

    private static void commitOrder10k() {
        History h = listAppend(10_000);
        measure("list-append white-box commit order, strict, 10,000 txns", h,
                new CommitOrderChecker(Workload.LIST_APPEND, true)::check, 10);
    }

    private static void listAppend1m() {
        long t0 = System.nanoTime();
        History h = listAppend(1_000_000);
        System.out.printf("generated 1,000,000 list-append txns in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        measure("list-append strict serializability (Elle), 1,000,000 txns, 10 processes", h,
                new ListAppendChecker(ElleOptions.DEFAULT)::check, 2);
        measure("list-append white-box commit order, strict, 1,000,000 txns", h,
                new CommitOrderChecker(Workload.LIST_APPEND, true)::check, 2);
        Runtime rt = Runtime.getRuntime();
        System.out.printf("max heap %d MB%n", rt.maxMemory() >> 20);
    }

    private static void measure(String name, History h, Function<History, CheckResult> check, int runs) {
        long[] nanos = new long[runs];
        CheckResult last = null;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            last = check.apply(h);
            nanos[i] = System.nanoTime() - t;
            if (last.verdict() != Verdict.VALID) {
                throw new IllegalStateException(name + ": a generated valid history was judged " + last.verdict()
                        + ":\n" + last.explanation());
            }
        }
        long cold = nanos[0];
        long[] warm = Arrays.copyOfRange(nanos, 1, runs);
        Arrays.sort(warm);
        System.out.printf("%-75s cold %8.1f ms   warm median %8.1f ms   (%d events)%n", name, cold / 1e6,
                warm.length == 0 ? Double.NaN : warm[warm.length / 2] / 1e6, h.size());
        System.out.println("    " + last.explanation());
    }

    private static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeOne(dir.resolve("kv-10k.jsonl"), kv10k());
        writeOne(dir.resolve("list-append-10k.jsonl"), listAppend(10_000));
        writeOne(dir.resolve("rw-register-10k.jsonl"),
                SyntheticHistories.rwRegister(SyntheticHistories.Config.of(SEED, 10_000, 10, 100)));
    }

    private static void writeOne(Path file, History h) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            HistoryJson.write(h, w);
        }
        System.out.println("wrote " + file + " (" + h.size() + " events)");
    }
}
