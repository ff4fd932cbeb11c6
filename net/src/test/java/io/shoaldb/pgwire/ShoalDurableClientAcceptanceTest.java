package io.shoaldb.pgwire;

import io.shoaldb.net.DataDirectoryException;
import io.shoaldb.server.ShoalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@link ClientAcceptanceSuite} (and with it {@link ClientAcceptanceCore}) against the server {@code ./shoal run}
 * starts: the durable single node, a Raft group of one on a WAL in a temporary data directory, fsync on,
 * the test's user as its admin. pgbench loads scale {@value ClientAcceptanceSuite#PGBENCH_SCALE} with its
 * default init steps and runs every mode.
 */
class ShoalDurableClientAcceptanceTest extends ClientAcceptanceSuite {
    @Override
    protected Target start(String user, String password) {
        Path dir;
        ShoalServer server;
        try {
            dir = Files.createTempDirectory("shoal-acceptance");
            server = ShoalServer.start(new ShoalServer.Config(PgServerConfig.defaults("127.0.0.1", 0), dir.resolve("data"),
                    user, password), io.shoaldb.server.SqlHost::durable, cause -> { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (DataDirectoryException e) {
            throw new IllegalStateException(e);
        }
        return new Target() {
            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return server.pgPort();
            }

            @Override
            public void close() {
                server.close();
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
