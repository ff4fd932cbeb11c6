package io.shoaldb.cli;

import io.shoaldb.checker.CheckResult;
import io.shoaldb.checker.Workload;
import io.shoaldb.checker.elle.ElleOptions;
import io.shoaldb.checker.elle.ListAppendChecker;
import io.shoaldb.checker.elle.RwRegisterChecker;
import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.HistoryJson;
import io.shoaldb.checker.history.MalformedHistoryException;
import io.shoaldb.checker.linear.LinearizabilityChecker;
import io.shoaldb.checker.whitebox.CommitOrderChecker;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shoal check}: reads a JSON-lines history and prints the checker's verdict and explanation.
 * Exit codes: 0 valid, 1 invalid, 2 unknown (search budget exhausted), 64 usage, 65 malformed history,
 * 66 file not found or unreadable.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a recorded history (JSON lines, one event per line; see docs/checker.md).",
            "register, kv: linearizability (WGL search, per key).",
            "list-append, rw-register: strict serializability (Elle-style dependency cycles),",
            "  or with --commit-order against the commit positions recorded in the file.",
            "Exit status: 0 valid, 1 invalid, 2 unknown, 64 usage, 65 malformed history,",
            "  66 unreadable file.",
            ""
        })
public final class CheckCommand implements Callable<Integer> {
    static final int EXIT_MALFORMED = 65;
    static final int EXIT_NO_INPUT = 66;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "register, kv, list-append or rw-register")
    String model;

    @Parameters(index = "0", paramLabel = "FILE", description = "the history; - reads standard input")
    String file;

    @Option(names = "--consistency", paramLabel = "LEVEL", defaultValue = "strict-serializable",
            description = "list-append/rw-register only: strict-serializable (default) or serializable")
    String consistency;

    @Option(names = "--commit-order",
            description = "list-append/rw-register only: white-box check against the 'commit' positions in the file")
    boolean commitOrder;

    @Option(names = "--max-steps", paramLabel = "N",
            description = "register/kv only: search steps per key before giving up with UNKNOWN (default ${DEFAULT-VALUE})",
            defaultValue = "20000000")
    long maxSteps;

    @Option(names = "--max-memo", paramLabel = "N",
            description = "register/kv only: memo entries per key before giving up with UNKNOWN (default ${DEFAULT-VALUE})",
            defaultValue = "4000000")
    int maxMemo;

    @Option(names = "--max-anomalies", paramLabel = "N", defaultValue = "8",
            description = "list-append/rw-register only: anomalies shown per type (default ${DEFAULT-VALUE})")
    int maxAnomalies;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Workload workload;
        try {
            workload = Workload.fromCliName(model);
        } catch (IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }
        boolean strict;
        switch (consistency) {
            case "strict-serializable" -> strict = true;
            case "serializable" -> strict = false;
            default -> {
                return usage(err, "unknown --consistency '" + consistency + "' (strict-serializable or serializable)");
            }
        }
        boolean consistencyGiven = spec.commandLine().getParseResult().hasMatchedOption("--consistency");
        boolean budgetGiven = spec.commandLine().getParseResult().hasMatchedOption("--max-steps")
                || spec.commandLine().getParseResult().hasMatchedOption("--max-memo");
        boolean anomaliesGiven = spec.commandLine().getParseResult().hasMatchedOption("--max-anomalies");
        if (!workload.isTransactional() && (consistencyGiven || commitOrder || anomaliesGiven)) {
            return usage(err, "--consistency, --commit-order and --max-anomalies apply to list-append and rw-register only");
        }
        if (workload.isTransactional() && budgetGiven) {
            return usage(err, "--max-steps and --max-memo apply to register and kv only");
        }
        if (maxSteps <= 0 || maxMemo <= 0 || maxAnomalies <= 0) {
            return usage(err, "--max-steps, --max-memo and --max-anomalies must be positive");
        }

        History history;
        long startNanos = System.nanoTime();
        try (Reader in = open()) {
            history = HistoryJson.read(in, workload);
        } catch (NoSuchFileException e) {
            err.println("shoal check: " + file + ": no such file");
            return EXIT_NO_INPUT;
        } catch (MalformedHistoryException e) {
            err.println("shoal check: " + file + ": malformed history: " + e.getMessage());
            return EXIT_MALFORMED;
        } catch (CharacterCodingException e) {
            err.println("shoal check: " + file + ": not UTF-8 text");
            return EXIT_MALFORMED;
        } catch (IOException e) {
            err.println("shoal check: " + file + ": cannot read: " + e.getMessage());
            return EXIT_NO_INPUT;
        }
        long readNanos = System.nanoTime() - startNanos;

        CheckResult result;
        try {
            ElleOptions elle = new ElleOptions(strict, maxAnomalies, ElleOptions.DEFAULT.cycleSearchBudget());
            result = switch (workload) {
                case REGISTER -> LinearizabilityChecker.register().withBudget(maxSteps, maxMemo).check(history);
                case KV -> LinearizabilityChecker.keyValue().withBudget(maxSteps, maxMemo).check(history);
                case LIST_APPEND -> commitOrder ? new CommitOrderChecker(workload, strict).check(history)
                        : new ListAppendChecker(elle).check(history);
                case RW_REGISTER -> commitOrder ? new CommitOrderChecker(workload, strict).check(history)
                        : new RwRegisterChecker(elle).check(history);
            };
        } catch (IllegalArgumentException e) {
            // The file parsed, but breaks a rule of the workload (e.g. an append of the same value twice).
            err.println("shoal check: " + file + ": malformed history: " + e.getMessage());
            return EXIT_MALFORMED;
        }
        long checkNanos = System.nanoTime() - startNanos - readNanos;
        out.println(result.verdict() + ": " + result.explanation());
        out.flush();
        err.printf("shoal check: %d events, %d operations; read in %d ms, checked in %d ms%n", history.size(),
                history.operations().size(), readNanos / 1_000_000, checkNanos / 1_000_000);
        return result.verdict().exitCode();
    }

    private Reader open() throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        if (file.equals("-")) {
            return new InputStreamReader(System.in, decoder);
        }
        return new InputStreamReader(Files.newInputStream(Path.of(file)), decoder);
    }

    private int usage(PrintWriter err, String message) {
        err.println("shoal check: " + message);
        err.println("Try 'shoal check --help'.");
        return 64;
    }
}
