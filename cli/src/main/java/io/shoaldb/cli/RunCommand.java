package io.shoaldb.cli;

import io.shoaldb.net.DataDirectoryException;
import io.shoaldb.server.ShoalServer;
import io.shoaldb.server.SqlHost;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shoal run}: a single-node ShoalDB serving SQL over the PostgreSQL protocol, ready for
 * {@code psql -h localhost -p 4327 -U admin}. Settings come from defaults, {@code --config FILE} (YAML), the
 * environment and the flags, in rising precedence.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Starts a single-node ShoalDB serving SQL over the PostgreSQL wire protocol (default 127.0.0.1:4327,",
            "data in ./shoal-data). On first start it creates the superuser 'admin' and prints its password once",
            "(or takes it from admin-password in the config file or from " + ServerSettings.ENV_ADMIN_PASSWORD + ").",
            "Then: psql -h localhost -p 4327 -U admin",
            "Config file keys (YAML map): pg-listen, data-dir, auth-method (scram-sha-256 | md5 | trust), tls-cert,",
            "tls-key, require-tls, max-connections, max-message-bytes, authentication-timeout-ms, admin-password,",
            "memory-limit-mb (the tables' memory limit; writes beyond it fail with 53200; default 3/4 of the heap).",
            "The replicated key-value node of the Raft layer is 'shoal kv-node'.",
            "Exit status: 64 bad flags, 78 bad configuration, 65 unusable data directory, 69 cannot listen, 70 failure."
        })
public final class RunCommand implements Callable<Integer> {
    static final int EXIT_USAGE = 64;
    static final int EXIT_DATA_DIRECTORY = 65;
    static final int EXIT_UNAVAILABLE = 69;
    static final int EXIT_FAILED = 70;
    static final int EXIT_CONFIG = 78;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--pg-listen", paramLabel = "HOST:PORT", description = "Where to accept PostgreSQL clients (default "
            + ServerSettings.DEFAULT_PG_LISTEN + ").")
    String pgListen;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The data directory, created on first start (default ./"
            + ServerSettings.DEFAULT_DATA_DIR + ").")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML file of settings (see above); flags override it.")
    Path configFile;

    /** The key-value group's flags, kept only to point whoever types them at {@code kv-node}. */
    @Option(names = {"--node-id", "--listen", "--peer", "--cluster"}, hidden = true, paramLabel = "VALUE")
    List<String> kvFlags;

    /** The process environment; tests replace it. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws InterruptedException, java.net.UnknownHostException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (kvFlags != null && !kvFlags.isEmpty()) {
            err.println("shoal run: --node-id, --listen, --peer and --cluster belong to the replicated key-value node, "
                    + "now 'shoal kv-node'; 'shoal run' serves SQL (see 'shoal run --help')");
            return EXIT_USAGE;
        }
        ShoalServer.Config config;
        ServerSettings settings;
        try {
            settings = settings();
            config = settings.toServerConfig();
        } catch (ServerSettings.ConfigException e) {
            err.println("shoal run: " + e.getMessage());
            return EXIT_CONFIG;
        } catch (IllegalArgumentException e) {
            err.println("shoal run: configuration: " + e.getMessage());
            return EXIT_CONFIG;
        }
        // The engine's table store reads its limit when it is created, below.
        System.setProperty(io.shoaldb.storage.TableStore.MEMORY_LIMIT_PROPERTY, String.valueOf(settings.memoryLimitBytes()));
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ShoalServer server;
        try {
            server = ShoalServer.start(config, SqlHost::durable, cause -> {
                failure.set(cause);
                stopped.countDown();
            });
        } catch (DataDirectoryException e) {
            err.println("shoal run: " + e.getMessage());
            return EXIT_DATA_DIRECTORY;
        } catch (UncheckedIOException e) {
            err.println("shoal run: " + e.getCause().getMessage());
            return EXIT_UNAVAILABLE;
        } catch (IllegalArgumentException e) {
            err.println("shoal run: configuration: " + e.getMessage());
            return EXIT_CONFIG;
        } catch (IllegalStateException e) {
            err.println("shoal run: cannot start: " + e.getMessage());
            return EXIT_FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shoal-shutdown"));
        if (!server.durable()) {
            err.println("shoal run: WARNING: this build keeps SQL data in memory only. Tables, rows and roles created "
                    + "through SQL are lost when the server stops; only the data directory's identity and the admin "
                    + "credential are on disk.");
            err.flush();
        }
        if (config.pg().authMethod() == io.shoaldb.pgwire.AuthMethod.TRUST
                && !java.net.InetAddress.getByName(config.pg().host()).isLoopbackAddress()) {
            err.println("shoal run: WARNING: auth-method trust on " + config.pg().host() + ": anyone who can reach the port "
                    + "logs in as any role, superusers included, without a password.");
            err.flush();
        }
        if (server.generatedPassword() != null) {
            out.println("shoal run: created superuser '" + ServerSettings.ADMIN_USER + "' with password: "
                    + server.generatedPassword());
            out.println("shoal run: the password is shown only this once; it is stored as a SCRAM-SHA-256 verifier in "
                    + config.dataDir().resolve(io.shoaldb.server.AdminCredential.FILE));
        }
        String host = config.pg().host();
        out.println("shoal run: serving PostgreSQL clients on " + host + ":" + server.pgPort() + " (data in "
                + config.dataDir() + ", auth " + config.pg().authMethod().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + "); connect with: psql -h " + (host.equals("127.0.0.1") ? "localhost" : host) + " -p " + server.pgPort()
                + " -U " + ServerSettings.ADMIN_USER);
        out.println("shoal run: tables may hold up to " + (settings.memoryLimitBytes() >> 20) + " MiB (memory-limit-mb); "
                + "socket transport " + io.shoaldb.net.NetTransports.name());
        out.flush();
        stopped.await();
        if (failure.get() != null) {
            err.println("shoal run: the node stopped after a failure: " + failure.get());
            return EXIT_FAILED;
        }
        return 0;
    }

    /** Defaults, then the config file, then the environment, then the flags. */
    ServerSettings settings() throws ServerSettings.ConfigException {
        ServerSettings s = new ServerSettings();
        if (configFile != null) {
            s.readFile(configFile);
        }
        s.readEnvironment(environment);
        if (pgListen != null) {
            try {
                s.pgListen = Addresses.hostPort(pgListen);
            } catch (CommandLine.TypeConversionException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--pg-listen: " + e.getMessage(), e);
            }
        }
        if (dataDir != null) {
            s.dataDir = dataDir;
        }
        return s;
    }
}
