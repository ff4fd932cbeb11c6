package io.shoaldb.pgwire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a real PostgreSQL client (psql, pgbench, python3 with psycopg2 / psycopg / SQLAlchemy) as a
 * process against a test server. A missing client aborts the test visibly (reported as skipped, with the
 * reason); under CI (environment variable CI set) a missing client fails instead, because
 * ci/install-deps.sh installs them all.
 */
final class ClientProcess {
    record Result(int exitCode, String stdout, String stderr) {
    }

    private ClientProcess() {
    }

    /** The executable's path, or aborts/fails the test when it is not installed. */
    static String require(String executable) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, executable);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        missing(executable + " is not installed");
        return executable;
    }

    /** A Debian python3 that can import {@code module}, or aborts/fails the test. */
    static String requirePython(String module) {
        for (String python : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Result r = run(List.of(python, "-c", "import " + module), Map.of(), 60);
                if (r.exitCode() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // Try the next interpreter.
            }
        }
        missing("python3 module " + module + " is not installed (Debian package python3-" + module + ")");
        return "python3";
    }

    private static void missing(String what) {
        String message = what + "; run ci/install-deps.sh";
        if (System.getenv("CI") != null) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    static Result run(List<String> command, Map<String, String> env, int timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command));
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Path out = Files.createTempFile("client", ".out");
        Path err = Files.createTempFile("client", ".err");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                Assertions.fail(command.getFirst() + " did not finish within " + timeoutSeconds + " s: " + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** libpq environment for connecting to {@code server} as the test user. */
    static Map<String, String> libpqEnv(TestServer server) {
        return Map.of("PGHOST", "127.0.0.1", "PGPORT", Integer.toString(server.port()), "PGUSER", TestServer.USER,
                "PGPASSWORD", TestServer.PASSWORD, "PGDATABASE", "test", "PGCONNECT_TIMEOUT", "10", "PGSSLMODE", "prefer");
    }
}
