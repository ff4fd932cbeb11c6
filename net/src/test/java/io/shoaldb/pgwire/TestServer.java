package io.shoaldb.pgwire;

import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.Future;
import io.shoaldb.runtime.Scheduler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A real pgwire server on loopback with a single-threaded "node loop", for tests. */
final class TestServer implements AutoCloseable {
    static final String USER = "alice";
    static final String PASSWORD = "s3cret-pässword";

    final DefaultEventLoop loop = new DefaultEventLoop();
    final Scheduler scheduler = new Scheduler() {
        @Override
        public Cancellable schedule(long delayNanos, Runnable task) {
            Future<?> f = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        }

        @Override
        public void execute(Runnable task) {
            loop.execute(task);
        }
    };
    final PgServer server;

    TestServer(PgServerConfig config) {
        this(config, TestEngine::new);
    }

    TestServer(PgServerConfig config, Function<Scheduler, SqlEngine> engine) {
        PgUser alice = PgUser.withPassword(USER, PASSWORD, "0123456789abcdef".getBytes(StandardCharsets.US_ASCII), true);
        PgUser bob = new PgUser("bob", ScramVerifier.fromPassword("bobpw", "saltsaltsaltsalt".getBytes(StandardCharsets.US_ASCII), 4096),
                null, false);
        server = PgServer.start(config, UserStore.of(alice, bob), engine.apply(scheduler), scheduler);
    }

    static TestServer scram() {
        return new TestServer(PgServerConfig.defaults("127.0.0.1", 0));
    }

    int port() {
        return server.port();
    }

    String url(String extra) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/test?sslmode=disable&connectTimeout=10&socketTimeout=30"
                + (extra.isEmpty() ? "" : "&" + extra);
    }

    java.sql.Connection connect(String extra) throws java.sql.SQLException {
        return connect(extra, USER, PASSWORD);
    }

    java.sql.Connection connect(String extra, String user, String password) throws java.sql.SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return java.sql.DriverManager.getConnection(url(extra), props);
    }

    @Override
    public void close() {
        server.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
