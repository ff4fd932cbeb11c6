package io.shoaldb.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real libpq clients (psql, psycopg2, psycopg 3) against the pgwire server with the protocol-test engine:
 * SSLRequest answered 'N', SCRAM through libpq, simple and extended query, text and binary values, COPY.
 * SQL-level client acceptance (psql meta-commands, SQLAlchemy reflection, pgbench) needs the real engine;
 * see {@link ClientAcceptanceSuite}.
 */
class PsqlProtocolTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.scram();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ClientProcess.Result psql(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(ClientProcess.require("psql"), "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1"));
        command.addAll(List.of(args));
        return ClientProcess.run(command, ClientProcess.libpqEnv(server), 60);
    }

    @Test
    void psqlConnectsWithScramAndPrintsEveryType() throws Exception {
        ClientProcess.Result r = psql("-c", "SELECT 1", "-c", "SELECT sample");
        assertEquals(0, r.exitCode(), r.stderr());
        String[] lines = r.stdout().split("\n");
        assertEquals("1", lines[0]);
        assertEquals("t|-2|42|9000000000|1.5|0.1|-12345.6789|text é|varchar|bpchar|\\x0001ff|2024-02-29|13:14:15.123456|"
                + "1999-12-31 23:59:59.5|2024-01-02 03:04:05+00|1 year 2 mons 3 days 00:00:04|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11|"
                + "{\"a\": [1, 2]}|{\"b\": null}|{1,NULL,3}|{x,\"y z\",\"\"}", lines[1]);
    }

    @Test
    void psqlReportsErrorsWithSqlState() throws Exception {
        ClientProcess.Result r = psql("-v", "VERBOSITY=verbose", "-c", "SELECT error");
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("ERROR:  42601: syntax error at or near \"error\""), r.stderr());
        assertTrue(r.stderr().contains("HINT:  this is a hint"), r.stderr());
        ClientProcess.Result wrong = ClientProcess.run(List.of(ClientProcess.require("psql"), "-X", "-c", "SELECT 1"),
                new java.util.HashMap<>(ClientProcess.libpqEnv(server)) {{
                    put("PGPASSWORD", "wrong");
                }}, 60);
        assertEquals(2, wrong.exitCode());
        assertTrue(wrong.stderr().contains("password authentication failed for user \"alice\""), wrong.stderr());
    }

    @Test
    void psqlCopyInAndOut() throws Exception {
        ClientProcess.Result r = psql("-c", "CREATE TABLE pcopy (id int, name text)",
                "-c", "\\copy pcopy from program 'printf \"1\\tone\\n2\\t\\\\\\\\N\\n\"'",
                "-c", "\\copy pcopy to stdout with csv");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("CREATE TABLE\nCOPY 2\n1,one\n2,\n", r.stdout().replace("\r", ""));
    }

    @Test
    void psycopg2SimpleQueryAndCopy() throws Exception {
        String python = ClientProcess.requirePython("psycopg2");
        String script = """
                import io, psycopg2
                c = psycopg2.connect("")
                cur = c.cursor()
                cur.execute("SELECT * FROM series(%s)", (2,))
                print(cur.fetchall())
                c.commit()
                cur.execute("CREATE TABLE py2 (id int, name text)")
                cur.copy_expert("COPY py2 FROM STDIN", io.StringIO("1\\ta\\n2\\tb\\n"))
                out = io.StringIO()
                cur.copy_expert("COPY py2 TO STDOUT WITH CSV", out)
                print(out.getvalue().strip().replace("\\n", "|"))
                try:
                    cur.execute("SELECT error")
                except psycopg2.Error as e:
                    print(e.pgcode)
                c.rollback()
                """;
        ClientProcess.Result r = ClientProcess.run(List.of(python, "-c", script), ClientProcess.libpqEnv(server), 60);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("[(1,), (2,)]\n1,a|2,b\n42601\n", r.stdout());
    }

    @Test
    void psycopg3ExtendedProtocolTextAndBinary() throws Exception {
        String python = ClientProcess.requirePython("psycopg");
        String script = """
                import psycopg
                with psycopg.connect("", autocommit=True) as c:
                    print(c.execute("SELECT %s, %s", (7, "x")).fetchone())
                    print(c.cursor(binary=True).execute("SELECT %s, %s", (2**40, "y")).fetchone())
                    cur = c.cursor()
                    cur.executemany("SELECT %s", [(i,) for i in range(10)])
                    print(c.execute("SELECT * FROM series(3)").fetchall())
                """;
        ClientProcess.Result r = ClientProcess.run(List.of(python, "-c", script), ClientProcess.libpqEnv(server), 60);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("(7, 'x')\n(1099511627776, 'y')\n[(1,), (2,), (3,)]\n", r.stdout());
    }
}
