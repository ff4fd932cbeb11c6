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
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A single-node ShoalDB: a {@link NetNode} (event loop, data directory, disk, entropy) hosting the SQL engine
 * ({@link SqlHost}), the pgwire listener whose sessions run on that loop, and the bootstrap superuser.
 * Swapping the in-memory engine for a durable one is a matter of the {@link SqlHost.Factory} passed in.
 */
public final class ShoalServer implements AutoCloseable {
    /** The single node's id; its data directory records it. */
    public static final int NODE_ID = 1;
    /**
     * The cluster name a single-node server writes into its data directory: a data directory of a
     * {@code kv-node} group (cluster "shoal" by default) is refused instead of being misread.
     */
    public static final String CLUSTER = "shoaldb-sql";

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
            node.onLoop(() -> {
                installAdmin(host.get(), config.adminUser(), admin.verifier(), admin.configured());
                return null;
            });
            SqlHost h = host.get();
            // Both read the host's current engine on every use (a durable host may replace it when it restores
            // a snapshot). ShoalSqlEngine takes the memory engine itself; a durable host's sessions complete
            // asynchronously and need ShoalSqlEngine's session-source constructor (h::openSession).
            io.shoaldb.sql.session.SqlEngine engine = node.onLoop(h::engine);
            pg = PgServer.start(config.pg(), new CatalogUserStore(h::engine), new ShoalSqlEngine(engine), loop.get());
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
        while (true) {
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
     * Creates the bootstrap superuser (oid 10) when the catalog has no such role (always, for an in-memory
     * engine). A role a durable catalog kept is left alone (its password may have been changed by ALTER ROLE),
     * unless the configuration gives a password, which then replaces the role's.
     */
    private static void installAdmin(SqlHost host, String name, String verifier, boolean configured) {
        var catalog = host.engine().catalog();
        RoleDef existing = catalog.role(name);
        if (existing == null) {
            catalog.putRole(new RoleDef(name, RoleDef.BOOTSTRAP_SUPERUSER_OID, true, true, verifier));
        } else if (configured) {
            catalog.putRole(existing.withPasswordVerifier(verifier));
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
