package io.shoaldb.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.runtime.Scheduler;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Client acceptance with the real clients (issue 6, deliverable 3) beyond {@link ClientAcceptanceCore}:
 * pgbench init (scale 10, default steps) and runs in all three query modes, psycopg 3 with timestamptz,
 * SQLAlchemy Core/ORM/reflection, pgjdbc DatabaseMetaData over every type and with foreign keys. Runs against
 * the durable server {@code ./shoal run} starts ({@link ShoalDurableClientAcceptanceTest}) and against
 * PostgreSQL 15 ({@link PostgresReferenceRun}), which shows the expectations are PostgreSQL's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClientAcceptanceSuite extends ClientAcceptanceCore {
    /** pgbench's scale: 10 (1,000,000 accounts loaded in one transaction) unless -Dshoal.pgbench.scale says otherwise. */
    static final int PGBENCH_SCALE = Integer.getInteger("shoal.pgbench.scale", 10);

    @Test
    void pgbenchInitAndRunsInEveryMode() throws Exception {
        String pgbench = ClientProcess.require("pgbench");
        ClientProcess.Result init = ClientProcess.run(List.of(pgbench, "-i", "-s", Integer.toString(PGBENCH_SCALE)), env(), 600);
        assertEquals(0, init.exitCode(), init.stderr());
        Pattern processed = Pattern.compile("number of transactions actually processed: (\\d+)");
        for (String mode : List.of("simple", "extended", "prepared")) {
            for (List<String> script : List.of(List.<String>of(), List.of("-S"))) {
                // --max-tries: a serializable engine may abort a transaction with 40001 under contention (ShoalDB
                // validates optimistically, PostgreSQL's SERIALIZABLE does too); pgbench retries it, as a client should.
                List<String> command = new ArrayList<>(List.of(pgbench, "-M", mode, "-c", "4", "-j", "2", "-T", Integer.toString(PGBENCH_SECONDS),
                        "--max-tries", "100"));
                command.addAll(script);
                ClientProcess.Result r = ClientProcess.run(command, env(), PGBENCH_SECONDS + 120);
                assertEquals(0, r.exitCode(), mode + " " + script + ": " + r.stderr());
                Matcher m = processed.matcher(r.stdout());
                assertTrue(m.find() && Long.parseLong(m.group(1)) > 0, r.stdout());
                assertTrue(r.stdout().contains("number of failed transactions: 0 (0.000%)"), r.stdout());
            }
        }
    }

    @Test
    void psycopg3WithTimestamptz() throws Exception {
        String script3 = """
                import psycopg
                with psycopg.connect("") as c:
                    c.execute("CREATE TABLE accept_py3 (id bigint PRIMARY KEY, t timestamptz, b bytea)")
                    c.commit()
                    with c.cursor() as cur:
                        cur.executemany("INSERT INTO accept_py3 VALUES (%s, now(), %s)", [(i, bytes([i])) for i in range(5)])
                    c.commit()
                    print(c.cursor(binary=True).execute("SELECT count(*), sum(id) FROM accept_py3").fetchone())
                """;
        ClientProcess.Result r3 = ClientProcess.run(List.of(ClientProcess.requirePython("psycopg"), "-c", script3),
                env(), 120);
        assertEquals(0, r3.exitCode(), r3.stderr());
        assertEquals("(5, Decimal('10'))\n", r3.stdout());
    }

    @Test
    void pgjdbcMetadataAndEveryType() throws Exception {
        try (Connection c = connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE accept_jdbc (id int PRIMARY KEY, b bool, i2 smallint, i8 bigint, f4 real, f8 double precision,"
                        + " n numeric(12,3), t text, v varchar(10), bin bytea, d date, tm time, ts timestamp, tz timestamptz,"
                        + " iv interval, u uuid, j json, jb jsonb, ai int[], atxt text[])");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO accept_jdbc (id, b, t) VALUES (?, ?, ?)")) {
                for (int i = 0; i < 10; i++) {
                    ps.setInt(1, i);
                    ps.setBoolean(2, i % 2 == 0);
                    ps.setString(3, "t" + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getTables(null, "public", "accept_jdbc", new String[] {"TABLE"})) {
                assertTrue(rs.next());
            }
            try (ResultSet rs = md.getColumns(null, "public", "accept_jdbc", null)) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertEquals(20, n);
            }
            try (ResultSet rs = md.getPrimaryKeys(null, "public", "accept_jdbc")) {
                assertTrue(rs.next());
                assertEquals("id", rs.getString("COLUMN_NAME"));
            }
        }
    }

    @Test
    void pgjdbcImportedKeysIndexInfoAndTypeInfo() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accept_parent (id int PRIMARY KEY, name text UNIQUE)");
            s.execute("CREATE TABLE accept_child (id bigint PRIMARY KEY, parent int REFERENCES accept_parent (id), qty numeric(10,2))");
            s.execute("CREATE INDEX accept_child_qty ON accept_child (qty)");
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getImportedKeys(null, "public", "accept_child")) {
                assertTrue(rs.next());
                assertEquals("accept_parent", rs.getString("PKTABLE_NAME"));
                assertEquals("parent", rs.getString("FKCOLUMN_NAME"));
            }
            try (ResultSet rs = md.getIndexInfo(null, "public", "accept_child", false, false)) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString("INDEX_NAME"));
                }
                assertTrue(names.contains("accept_child_qty") && names.contains("accept_child_pkey"), names.toString());
            }
            try (ResultSet rs = md.getTypeInfo()) {
                List<String> types = new ArrayList<>();
                while (rs.next()) {
                    types.add(rs.getString("TYPE_NAME"));
                }
                assertTrue(types.containsAll(List.of("int4", "text", "numeric", "timestamptz", "bytea", "uuid", "jsonb")), types.toString());
            }
        }
    }
}
