package io.shoaldb.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * A measurement, not a test of speed (run on purpose, never in the default suite, as the class name does
 * not end in Test): loads pgbench_accounts through COPY into the real engine and runs pgbench's
 * select-only transaction in prepared mode against the pgwire server, printing pgbench's figures.
 * {@code ./mvnw -B -o test -pl net -am -Dtest=PgbenchRun -Dsurefire.failIfNoSpecifiedTests=false
 * -Dshoal.pgbench.rows=100000 -Dshoal.pgbench.seconds=10 -Dshoal.pgbench.clients=8}
 */
class PgbenchRun {
    @Test
    void selectOnlyPrepared() throws Exception {
        int rows = Integer.getInteger("shoal.pgbench.rows", 100_000);
        int seconds = Integer.getInteger("shoal.pgbench.seconds", 10);
        int clients = Integer.getInteger("shoal.pgbench.clients", 8);
        try (TestServer server = new TestServer(PgServerConfig.defaults("127.0.0.1", 0),
                loop -> new ShoalSqlEngine(new io.shoaldb.sql.session.SqlEngine()))) {
            long loadStart = System.nanoTime();
            try (Connection c = server.connect("assumeMinServerVersion=15"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE pgbench_accounts (aid INT PRIMARY KEY, bid INT, abalance INT, filler CHAR(84))");
                StringBuilder data = new StringBuilder();
                for (int aid = 1; aid <= rows; aid++) {
                    data.append(aid).append("\t1\t0\t\n");
                }
                long copied = ((PGConnection) c).getCopyAPI().copyIn("COPY pgbench_accounts FROM STDIN", new StringReader(data.toString()));
                assertEquals(rows, copied);
            }
            System.out.printf("COPY of %d rows: %.1f s%n", rows, (System.nanoTime() - loadStart) / 1e9);
            Path script = Files.createTempFile("select-only", ".sql");
            Files.writeString(script, "\\set aid random(1, " + rows + ")\nSELECT abalance FROM pgbench_accounts WHERE aid = :aid;\n");
            try {
                ClientProcess.Result r = ClientProcess.run(List.of(ClientProcess.require("pgbench"), "-n", "-M", "prepared",
                        "-c", Integer.toString(clients), "-j", "2", "-T", Integer.toString(seconds), "-f", script.toString()),
                        ClientProcess.libpqEnv(server), seconds + 120);
                System.out.println(r.stdout());
                assertEquals(0, r.exitCode(), r.stderr());
                assertTrue(r.stdout().contains("number of failed transactions: 0"), r.stdout());
            } finally {
                Files.deleteIfExists(script);
            }
        }
    }
}
