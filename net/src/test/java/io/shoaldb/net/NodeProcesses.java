package io.shoaldb.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Real node processes for tests: each is a fresh JVM on the test classpath, its output in a log file,
 * killed with SIGKILL ({@link Process#destroyForcibly()}) when asked and at the end.
 */
public final class NodeProcesses implements AutoCloseable {

    private final Path logDir;
    private final Map<Integer, Process> running = new TreeMap<>();
    private final Map<Integer, Integer> starts = new TreeMap<>();

    public NodeProcesses(Path logDir) {
        this.logDir = logDir;
    }

    /** Starts {@code mainClass args} as node {@code id}; returns the log file of this incarnation. */
    public Path start(int id, String mainClass, List<String> args) {
        int incarnation = starts.merge(id, 1, Integer::sum);
        Path log = logDir.resolve("node" + id + "-" + incarnation + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss4m",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            running.put(id, p);
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hooks, no flushing; the OS closes the sockets. */
    public void kill(int id) throws InterruptedException {
        Process p = running.remove(id);
        if (p != null) {
            p.destroyForcibly();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("node " + id + " survived SIGKILL for 10 s");
            }
        }
    }

    public boolean isAlive(int id) {
        Process p = running.get(id);
        return p != null && p.isAlive();
    }

    /** Waits until the log of node {@code id}'s current incarnation contains {@code text}. */
    public static void awaitLog(Path log, String text, long timeoutMillis) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("'" + text + "' did not appear in " + log + " within " + timeoutMillis + " ms:\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    @Override
    public void close() throws InterruptedException {
        for (int id : List.copyOf(running.keySet())) {
            kill(id);
        }
    }
}
