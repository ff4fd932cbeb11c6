package io.shoaldb.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.Future;
import io.shoaldb.runtime.Scheduler;
import io.shoaldb.sql.catalog.RoleDef;
import io.shoaldb.sql.catalog.ScramSecret;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Authentication against roles in the SQL engine's catalog, through pgjdbc: roles created, altered and dropped
 * by SQL take effect for the next login, under SCRAM-SHA-256, md5 (which falls back to SCRAM, as the catalog
 * keeps SCRAM verifiers only) and trust.
 */
class CatalogAuthenticationTest {
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final Scheduler scheduler = new Scheduler() {
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
    private final io.shoaldb.sql.session.SqlEngine engine = new io.shoaldb.sql.session.SqlEngine();
    private PgServer server;

    private void start(AuthMethod method) throws Exception {
        loop.submit(() -> engine.catalog().putRole(new RoleDef("admin", RoleDef.BOOTSTRAP_SUPERUSER_OID, true, true,
                ScramSecret.verifier("admin-pw", "0123456789abcdef".getBytes(), 4096)))).get();
        server = PgServer.start(PgServerConfig.defaults("127.0.0.1", 0).withAuthMethod(method), new CatalogUserStore(engine),
                new ShoalSqlEngine(engine), scheduler);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Connection connect(String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/shoal?sslmode=disable"
                + "&connectTimeout=10&socketTimeout=30", props);
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = connect("admin", "admin-pw"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private String loginFails(String user, String password) {
        return assertThrows(SQLException.class, () -> connect(user, password).close(), user + " must not log in").getSQLState();
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    @Test
    void rolesManagedBySqlDecideWhoLogsIn() throws Exception {
        start(AuthMethod.SCRAM_SHA_256);
        assertEquals("28P01", loginFails("app", "pw"));
        admin("CREATE USER app PASSWORD 'pw'");
        try (Connection c = connect("app", "pw")) {
            assertEquals("app", one(c, "SELECT current_user"));
            assertEquals("off", one(c, "SHOW is_superuser"));
            SQLException denied = assertThrows(SQLException.class, () -> c.createStatement().execute("CREATE ROLE x"));
            assertEquals("42501", denied.getSQLState());
            c.createStatement().execute("ALTER ROLE app PASSWORD 'pw2'");
        }
        assertEquals("28P01", loginFails("app", "pw"));
        try (Connection c = connect("app", "pw2")) {
            assertEquals("app", one(c, "SELECT current_user"));
        }
        try (Connection c = connect("admin", "admin-pw")) {
            assertEquals("on", one(c, "SHOW is_superuser"));
        }
        admin("ALTER ROLE app NOLOGIN");
        assertEquals("28P01", loginFails("app", "pw2"));
        admin("ALTER ROLE app LOGIN");
        connect("app", "pw2").close();
        admin("DROP ROLE app");
        assertEquals("28P01", loginFails("app", "pw2"));
        admin("CREATE ROLE nopw LOGIN");
        assertEquals("28P01", loginFails("nopw", "anything"));
    }

    @Test
    void roleCreatedInARolledBackBlockNeverLogsIn() throws Exception {
        start(AuthMethod.SCRAM_SHA_256);
        try (Connection c = connect("admin", "admin-pw"); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("CREATE USER ghost PASSWORD 'boo'");
            assertEquals("28P01", loginFails("ghost", "boo"));
            c.rollback();
        }
        assertEquals("28P01", loginFails("ghost", "boo"));
    }

    @Test
    void md5ConfigurationFallsBackToScramForCatalogRoles() throws Exception {
        start(AuthMethod.MD5);
        admin("CREATE USER m PASSWORD 'mpw'");
        try (Connection c = connect("m", "mpw")) {
            assertEquals("m", one(c, "SELECT current_user"));
        }
        assertEquals("28P01", loginFails("m", "wrong"));
    }

    @Test
    void trustAdmitsExistingLoginRolesOnly() throws Exception {
        start(AuthMethod.TRUST);
        admin("CREATE USER t");
        try (Connection c = connect("t", null)) {
            assertEquals("t", one(c, "SELECT current_user"));
        }
        assertEquals("28000", loginFails("nobody", null));
        admin("CREATE ROLE cannot");
        assertEquals("28000", loginFails("cannot", null));
    }
}
