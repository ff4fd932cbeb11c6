package io.shoaldb.sql.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sql.catalog.RoleDef;
import io.shoaldb.sql.catalog.ScramSecret;
import io.shoaldb.sql.error.SqlException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CREATE / ALTER / DROP ROLE and USER: catalog effects, SCRAM verifiers, privileges and SQLSTATEs. */
class RoleDdlTest {
    private SqlEngine engine;
    private Session admin;

    @BeforeEach
    void setUp() {
        engine = new SqlEngine();
        engine.catalog().putRole(new RoleDef("admin", RoleDef.BOOTSTRAP_SUPERUSER_OID, true, true, null));
        admin = session("admin", true);
    }

    private Session session(String user, boolean superuser) {
        Session s = engine.openSession();
        s.configure(user, "shoal", superuser, Map.of());
        return s;
    }

    private static String run(Session s, String sql) {
        return s.execute(sql, List.of()).commandTag();
    }

    private static String sqlState(Session s, String sql) {
        return assertThrows(SqlException.class, () -> s.execute(sql, List.of()), sql).sqlState();
    }

    @Test
    void createUserStoresAScramVerifierNeverThePassword() {
        assertEquals("CREATE ROLE", run(admin, "CREATE USER alice WITH PASSWORD 'wonder land'"));
        RoleDef alice = engine.catalog().role("alice");
        assertTrue(alice.login(), "CREATE USER implies LOGIN");
        assertFalse(alice.superuser());
        assertTrue(alice.oid() >= 16384, "user roles get normal oids: " + alice.oid());
        assertTrue(ScramSecret.isVerifier(alice.passwordVerifier()), alice.passwordVerifier());
        assertFalse(alice.passwordVerifier().contains("wonder"));
        assertFalse(alice.toString().contains(alice.passwordVerifier()), "toString hides the verifier");
        // The verifier is the one PostgreSQL would compute from the same salt.
        String[] parts = alice.passwordVerifier().split("\\$");
        byte[] salt = java.util.Base64.getDecoder().decode(parts[1].split(":")[1]);
        assertEquals(ScramSecret.verifier("wonder land", salt, 4096), alice.passwordVerifier());
    }

    @Test
    void createRoleDefaultsToNologinAndTakesAttributes() {
        run(admin, "CREATE ROLE reader");
        assertFalse(engine.catalog().role("reader").login());
        assertNull(engine.catalog().role("reader").passwordVerifier());
        run(admin, "create role \"Boss\" with superuser login encrypted password 'x1'");
        RoleDef boss = engine.catalog().role("Boss");
        assertTrue(boss.superuser() && boss.login());
        assertNull(engine.catalog().role("boss"), "quoted names keep their case");
        run(admin, "CREATE ROLE noisy NOCREATEDB NOCREATEROLE INHERIT NOREPLICATION NOBYPASSRLS");
        assertEquals(List.of("Boss", "admin", "noisy", "reader"),
                engine.catalog().roleSummaries().stream().map(RoleDef.Summary::name).toList());
    }

    @Test
    void errorsCarryPostgresSqlStates() {
        run(admin, "CREATE ROLE bob LOGIN");
        assertEquals("42710", sqlState(admin, "CREATE ROLE bob"));
        assertEquals("42710", sqlState(admin, "CREATE USER admin"));
        assertEquals("42704", sqlState(admin, "ALTER ROLE nobody PASSWORD 'x'"));
        assertEquals("42704", sqlState(admin, "DROP ROLE nobody"));
        assertEquals("DROP ROLE", run(admin, "DROP ROLE IF EXISTS nobody"));
        assertEquals("42601", sqlState(admin, "CREATE ROLE x LOGIN NOLOGIN"));
        assertEquals("42601", sqlState(admin, "CREATE ROLE x WITH FROBNICATE"));
        assertEquals("42601", sqlState(admin, "CREATE ROLE x PASSWORD"));
        assertEquals("0A000", sqlState(admin, "CREATE ROLE x CREATEDB"));
        assertEquals("0A000", sqlState(admin, "CREATE ROLE x CONNECTION LIMIT 3"));
        assertEquals("0A000", sqlState(admin, "ALTER ROLE bob RENAME TO robert"));
        assertEquals("0A000", sqlState(admin, "ALTER ROLE bob SET search_path = x"));
        assertEquals("0A000", sqlState(admin, "CREATE ROLE x PASSWORD 'md5" + "0".repeat(32) + "'"));
        assertEquals("42939", sqlState(admin, "CREATE ROLE pg_monitor"));
        assertEquals("42939", sqlState(admin, "CREATE ROLE public"));
        assertEquals("22023", sqlState(admin, "CREATE ROLE x PASSWORD ''"));
        assertNull(engine.catalog().role("x"), "a failed CREATE ROLE creates nothing");
    }

    @Test
    void onlySuperusersManageRolesButAnyoneChangesTheirOwnPassword() {
        run(admin, "CREATE USER bob PASSWORD 'one'");
        run(admin, "CREATE USER carol PASSWORD 'two'");
        Session bob = session("bob", false);
        assertEquals("42501", sqlState(bob, "CREATE ROLE eve"));
        assertEquals("42501", sqlState(bob, "DROP ROLE carol"));
        assertEquals("42501", sqlState(bob, "ALTER ROLE carol PASSWORD 'mine'"));
        assertEquals("42501", sqlState(bob, "ALTER ROLE bob SUPERUSER"));
        String before = engine.catalog().role("bob").passwordVerifier();
        assertEquals("ALTER ROLE", run(bob, "ALTER USER bob WITH PASSWORD 'three'"));
        assertNotEquals(before, engine.catalog().role("bob").passwordVerifier());
        // Promotion takes effect at once, for sessions already open.
        run(admin, "ALTER ROLE bob SUPERUSER");
        assertEquals("CREATE ROLE", run(bob, "CREATE ROLE eve"));
        run(admin, "ALTER ROLE bob NOSUPERUSER NOLOGIN");
        assertFalse(engine.catalog().role("bob").login());
        assertEquals("42501", sqlState(bob, "DROP ROLE eve"));
    }

    @Test
    void dropRoleProtectsTheCurrentUserAndTheBootstrapSuperuser() {
        run(admin, "CREATE USER root2 SUPERUSER PASSWORD 'p'");
        Session root2 = session("root2", true);
        assertEquals("55006", sqlState(root2, "DROP ROLE root2"));
        assertEquals("2BP01", sqlState(root2, "DROP ROLE admin"));
        assertEquals("42501", sqlState(root2, "ALTER ROLE admin NOSUPERUSER"));
        run(admin, "CREATE ROLE a1");
        run(admin, "CREATE ROLE a2");
        assertEquals("42704", sqlState(admin, "DROP ROLE a1, ghost, a2"));
        assertNotNull(engine.catalog().role("a1"), "DROP ROLE fails as a whole");
        assertEquals("DROP ROLE", run(admin, "DROP ROLE IF EXISTS a1, ghost, a2"));
        assertNull(engine.catalog().role("a1"));
        assertNull(engine.catalog().role("a2"));
    }

    @Test
    void roleDdlIsTransactional() {
        run(admin, "BEGIN");
        run(admin, "CREATE ROLE temp LOGIN PASSWORD 'x'");
        assertNull(engine.catalog().role("temp"), "not visible to authentication before COMMIT");
        run(admin, "ROLLBACK");
        assertNull(engine.catalog().role("temp"));
        run(admin, "BEGIN");
        run(admin, "CREATE ROLE kept");
        run(admin, "COMMIT");
        assertNotNull(engine.catalog().role("kept"));
        run(admin, "BEGIN READ ONLY");
        assertEquals("25006", sqlState(admin, "CREATE ROLE ro"));
        run(admin, "ROLLBACK");
    }

    @Test
    void roleStatementsMixWithOthersInAScript() {
        List<StatementResult> results = admin.executeScript("CREATE ROLE s1; SELECT 1; DROP ROLE s1;");
        assertEquals(List.of("CREATE ROLE", "SELECT 1", "DROP ROLE"), results.stream().map(StatementResult::commandTag).toList());
    }

    @Test
    void aPreHashedVerifierIsKeptAsGiven() {
        String verifier = ScramSecret.verifier("dumped", new byte[16], 4096);
        run(admin, "CREATE ROLE restored LOGIN PASSWORD '" + verifier + "'");
        assertEquals(verifier, engine.catalog().role("restored").passwordVerifier());
    }

    @Test
    void hashedStatementsRenderAsSqlThatParsesBackWithoutThePlaintext() {
        for (String sql : List.of("CREATE USER \"Mixed\"\"Case\" WITH PASSWORD 'it''s'", "CREATE ROLE r SUPERUSER NOLOGIN",
                "ALTER ROLE r PASSWORD NULL", "ALTER USER r NOSUPERUSER LOGIN PASSWORD 'p'", "DROP ROLE IF EXISTS a, \"B\"",
                "DROP USER c")) {
            var parsed = (io.shoaldb.sql.parser.PgRoleStatement) io.shoaldb.sql.parser.PgParser.parseStatement(sql);
            var hashed = RoleExecutor.hashPassword(parsed, new java.util.SplittableRandom(1));
            String text = hashed.toSql();
            assertFalse(text.contains("it's") || text.contains("'p'"), text);
            var again = (io.shoaldb.sql.parser.PgRoleStatement) io.shoaldb.sql.parser.PgParser.parseStatement(text);
            assertEquals(text, again.toSql(), "round trip of " + sql);
            assertEquals(hashed.names, again.names);
            assertEquals(hashed.password, again.password);
            assertEquals(hashed.login, again.login);
            assertEquals(hashed.superuser, again.superuser);
        }
    }
}
