package io.shoaldb.server;

import io.shoaldb.net.DataDirectoryException;
import io.shoaldb.net.NetNode;
import io.shoaldb.net.NodeConfig;
import io.shoaldb.pgwire.CatalogUserStore;
import io.shoaldb.pgwire.PgServer;
import io.shoaldb.pgwire.PgServerConfig;
import io.shoaldb.pgwire.ShoalSqlEngine;
import io.shoaldb.runtime.Scheduler;
import io.shoaldb.sql.catalog.RoleDef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A single-node ShoalDB: a {@link NetNode} (event loop, data directory, disk, entropy) hosting the SQL engine
 * ({@link SqlHost}), the pgwire listener whose sessions run on that loop, and the bootstrap superuser.
 * The host is {@link SqlHost#durable} in {@code ./shoal run}; {@link SqlHost#inMemory} remains for tests.
 */
public final class ShoalServer implements AutoCloseable {
    /** The single node's id; its data directory records it. */
    public static final int NODE_ID = 1;
    /**
     * The cluster name a single-node server writes into its data directory: a data directory of a
     * {@code kv-node} group (cluster "shoal" by default) is refused instead of being misread.
     */
    public static final String CLUSTER = "shoaldb-sql";
    /** Bound on recovery and on installing the admin role at start. */
    static final long STARTUP_TIMEOUT_SECONDS = 300;

    /**
     * @param pg            the pgwire listener
     * @param dataDir       the node's data directory
     * @param adminUser     the bootstrap superuser's name
     * @param adminPassword the bootstrap superuser's password from the configuration, or null (stored or generated)
     */
    public record Config(PgServerConfig pg, Path dataDir, String adminUser, String adminPassword) {
        public Config {
            Objects.requireNonNull(pg, "pg");
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(adminUser, "adminUser");
        }

        @Override
        public String toString() {
            return "Config[pg=" + pg + ", dataDir=" + dataDir + ", adminUser=" + adminUser + ", adminPassword="
                    + (adminPassword == null ? "none" : "********") + "]";
        }
    }

    private final NetNode node;
    private final PgServer pg;
    private final boolean durable;
    private final String generatedPassword;

    private ShoalServer(NetNode node, PgServer pg, boolean durable, String generatedPassword) {
        this.node = node;
        this.pg = pg;
        this.durable = durable;
        this.generatedPassword = generatedPassword;
    }

    /**
     * Opens the data directory, starts the engine's host, installs the admin role, binds the pgwire port and
     * finally stores the admin credential (so a start that fails to bind has shown and stored nothing).
     *
     * @param onFailure told when node logic failed and the node stopped
     * @throws DataDirectoryException the data directory must not be used (another cluster, a newer format, locked, ...)
     * @throws UncheckedIOException   a port cannot be bound, or the credential cannot be read or written
     * @throws IllegalArgumentException the TLS certificate or key cannot be loaded
     */
    public static ShoalServer start(Config config, SqlHost.Factory hosts, Consumer<Throwable> onFailure)
            throws DataDirectoryException {
        // The group of one still has a transport (the durable host's Raft runs over the node's ports); it
        // listens on an ephemeral loopback port that nothing dials.
        NodeConfig nodeConfig = new NodeConfig(NODE_ID, CLUSTER, new InetSocketAddress("127.0.0.1", 0), new TreeMap<>(),
                config.dataDir());
        AtomicReference<SqlHost> host = new AtomicReference<>();
        AtomicReference<Scheduler> loop = new AtomicReference<>();
        NetNode node = NetNode.start(nodeConfig, runtime -> {
            loop.set(runtime.scheduler());
            SqlHost h = hosts.create(runtime);
            host.set(h);
            return h;
        }, onFailure);
        PgServer pg = null;
        try {
            awaitReady(node, host.get());
            AdminCredential admin = AdminCredential.resolve(config.dataDir(), config.adminPassword(), new SecureRandom());
            installAdmin(node, host.get(), config.adminUser(), admin);
            SqlHost h = host.get();
            // Both read the host's current engine on every use (a durable host replaces it when it restores a
            // snapshot); sessions complete asynchronously when their commit waits for the log.
            pg = PgServer.start(config.pg(), new CatalogUserStore(h::engine), new ShoalSqlEngine(h::openSession), loop.get(),
                    Boolean.parseBoolean(System.getProperty("shoal.pgwire.own-io-threads", "false")) ? null : node.eventLoop());
            admin.persist(config.dataDir());
            boolean durable = node.onLoop(() -> host.get().durable());
            return new ShoalServer(node, pg, durable, admin.password());
        } catch (IOException e) {
            closeQuietly(pg, node);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            closeQuietly(pg, node);
            throw e;
        }
    }

    private static void closeQuietly(PgServer pg, NetNode node) {
        if (pg != null) {
            pg.close();
        }
        node.close();
    }

    /** Waits while a durable host recovers; a host that reports a failure refuses the start. */
    private static void awaitReady(NetNode node, SqlHost host) throws DataDirectoryException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_TIMEOUT_SECONDS);
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the SQL engine did not become ready within " + STARTUP_TIMEOUT_SECONDS
                        + " s (recovering its log?)");
            }
            String failure = node.onLoop(host::failure);
            if (failure != null) {
                throw new DataDirectoryException(failure);
            }
            if (node.onLoop(host::isReady)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the SQL engine recovered", e);
            }
        }
    }

    /**
     * Creates the bootstrap superuser when the catalog has no such role (a fresh durable node, or any start of
     * an in-memory one), through SQL so that a durable node logs it: as the first role of an empty catalog, a
     * superuser that can log in, it gets oid 10. A role the catalog kept is left alone (ALTER ROLE may have
     * changed its password), unless the configuration gives a password, which then replaces the role's. The
     * statements carry only the SCRAM verifier.
     */
    private static void installAdmin(NetNode node, SqlHost host, String name, AdminCredential admin) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        String quoted = "\"" + name.replace("\"", "\"\"") + "\"";
        node.onLoop(() -> {
            RoleDef existing = host.engine().catalog().role(name);
            String sql = existing == null ? "CREATE ROLE " + quoted + " SUPERUSER LOGIN PASSWORD '" + admin.verifier() + "'"
                    : admin.configured() ? "ALTER ROLE " + quoted + " PASSWORD '" + admin.verifier() + "'" : null;
            if (sql == null) {
                done.complete(null);
                return null;
            }
            io.shoaldb.sql.session.Session session = host.openSession();
            session.configure(name, "shoal", true, Map.of());
            session.executeAsync(sql, List.of(), new io.shoaldb.sql.session.Session.Completion() {
                @Override
                public void completed(io.shoaldb.sql.session.StatementResult result) {
                    session.close();
                    done.complete(null);
                }

                @Override
                public void failed(io.shoaldb.sql.error.SqlException error) {
                    session.close();
                    done.completeExceptionally(error);
                }
            });
            return null;
        });
        try {
            done.get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the admin role", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot install the admin role: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the admin role was not installed within " + STARTUP_TIMEOUT_SECONDS + " s");
        }
    }

    /** The password generated on this start (show it once), or null when it came from configuration or storage. */
    public String generatedPassword() {
        return generatedPassword;
    }

    /** Whether committed data survives a restart. */
    public boolean durable() {
        return durable;
    }

    public int pgPort() {
        return pg.port();
    }

    public PgServer pgServer() {
        return pg;
    }

    public boolean isRunning() {
        return node.isRunning();
    }

    @Override
    public void close() {
        pg.close();
        node.close();
    }
}
