package io.shoaldb.sql.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sql.catalog.PgType;
import io.shoaldb.sql.error.SqlException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionTest {
    private final SqlEngine engine = new SqlEngine();
    private final Session s = engine.openSession();

    @Test
    void parametersBindByNumberAndPlansAreCached() {
        s.execute("CREATE TABLE kv (k INT PRIMARY KEY, v TEXT)", List.of());
        for (int i = 0; i < 5; i++) {
            s.execute("INSERT INTO kv VALUES ($1, $2)", List.of(i, "v" + i));
        }
        StatementResult r = s.execute("SELECT v, k FROM kv WHERE k = $1", List.of("3"));
        assertEquals("SELECT 1", r.commandTag());
        assertEquals("v3", r.text(0, 0));
        assertEquals(List.of("v", "k"), r.columns().stream().map(c -> c.name()).toList());
        assertEquals(25, r.columns().get(0).type().oid);
        assertEquals(PgType.INT4, r.columns().get(1).type());
        long hits = engine.planCacheHits();
        s.execute("SELECT v, k FROM kv WHERE k = $1", List.of(4));
        assertEquals(hits + 1, engine.planCacheHits());
        StatementResult twice = s.execute("SELECT k FROM kv WHERE k = $1 OR k = $1 + 1 ORDER BY k", List.of(1));
        assertEquals(List.of(1, 2), twice.rows().stream().map(row -> (Integer) row[0]).toList());
    }

    @Test
    void aThousandRowParameterisedInsertInsertsEveryRow() {
        s.execute("CREATE TABLE many (k INT PRIMARY KEY, v TEXT, n BIGINT)", List.of());
        int rows = 1000;
        StringBuilder sql = new StringBuilder("INSERT INTO many VALUES ");
        List<Object> params = new java.util.ArrayList<>();
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("($").append(3 * i + 1).append(", $").append(3 * i + 2)
                    .append(", $").append(3 * i + 3).append(" * 2)");
            params.add(i);
            params.add(i % 3 == 0 ? null : "v" + i);
            params.add((long) i);
        }
        assertEquals("INSERT 0 1000", s.execute(sql.toString(), params).commandTag());
        StatementResult r = s.execute("SELECT count(*), count(v), sum(k), sum(n), min(v), max(k) FROM many", List.of());
        assertEquals(List.of("1000", "666", "499500", "999000", "v1", "999"),
                java.util.stream.IntStream.range(0, 6).mapToObj(c -> r.text(0, c)).toList());
        assertEquals("v998", s.execute("SELECT v FROM many WHERE k = 998", List.of()).text(0, 0));
        // the cached plan runs again with other parameters: every row is new, none is lost
        params.replaceAll(p -> p instanceof Integer i ? i + rows : p);
        assertEquals("INSERT 0 1000", s.execute(sql.toString(), params).commandTag());
        assertEquals("2000", s.execute("SELECT count(*) FROM many", List.of()).text(0, 0));
        StringBuilder exprs = new StringBuilder("EXPLAIN INSERT INTO many VALUES ");
        for (int i = 0; i < rows; i++) {
            exprs.append(i == 0 ? "" : ", ").append("(").append(i).append(" + 5000, 'v' || 'x', 2 * 3)");
        }
        String plan = explain(exprs.toString());
        assertTrue(plan.contains("Values rows=1000") && !plan.contains("UNION"), plan);
    }

    @Test
    void transactionStatusFollowsTheBlock() {
        s.execute("CREATE TABLE t (k INT PRIMARY KEY)", List.of());
        assertEquals('I', s.transactionStatus());
        s.execute("BEGIN", List.of());
        assertEquals('T', s.transactionStatus());
        SqlException e = assertThrows(SqlException.class, () -> s.execute("INSERT INTO nosuch VALUES (1)", List.of()));
        assertEquals("42P01", e.sqlState());
        assertTrue(e.getMessage().contains("nosuch"), e.getMessage());
        assertEquals('E', s.transactionStatus());
        assertEquals("25P02", assertThrows(SqlException.class, () -> s.execute("SELECT 1", List.of())).sqlState());
        assertEquals("ROLLBACK", s.execute("COMMIT", List.of()).commandTag());
        assertEquals('I', s.transactionStatus());
    }

    @Test
    void explainShowsFragmentsAndTheKeyGetFastPath() {
        s.execute("CREATE TABLE a (id INT PRIMARY KEY, x INT) DISTRIBUTED BY (id)", List.of());
        s.execute("CREATE TABLE b (id INT PRIMARY KEY, y INT)", List.of());
        String point = explain("EXPLAIN SELECT x FROM a WHERE id = 7");
        assertTrue(point.contains("KeyGet a") && !point.contains("Exchange") && !point.contains("Receive"), point);
        String range = explain("EXPLAIN SELECT x FROM a WHERE id > 5 AND id < 9");
        assertTrue(range.contains("IndexSeek a using a_pkey prefix=0 range"), range);
        String join = explain("EXPLAIN SELECT a.x, count(*) FROM a JOIN b ON a.x = b.y GROUP BY a.x");
        assertTrue(join.contains("Fragment 2 (root)") && join.contains("Receive from fragment"), join);
        String colocated = explain("EXPLAIN SELECT a.id FROM a JOIN a AS a2 ON a.id = a2.id");
        // colocated, and ordered by the key on both sides: a merge join in the source fragment
        assertTrue(colocated.contains("MergeJoin INNER") && colocated.contains("Fragment 0 -> fragment 1"), colocated);
    }

    private String explain(String sql) {
        StatementResult r = s.execute(sql, List.of());
        StringBuilder b = new StringBuilder();
        for (Object[] row : r.rows()) {
            b.append(row[0]).append('\n');
        }
        return b.toString();
    }

    @Test
    void scriptsRunStatementByStatement() {
        List<StatementResult> rs = s.executeScript("CREATE TABLE x (k INT PRIMARY KEY); INSERT INTO x VALUES (1), (2); SELECT count(*) FROM x");
        assertEquals(List.of("CREATE TABLE", "INSERT 0 2", "SELECT 1"), rs.stream().map(StatementResult::commandTag).toList());
        assertEquals("2", rs.get(2).text(0, 0));
    }

    @Test
    void oldVersionsAreReclaimedAfterCommits() {
        s.execute("CREATE TABLE c (k INT PRIMARY KEY, n BIGINT)", List.of());
        s.execute("INSERT INTO c VALUES (1, 0)", List.of());
        for (int i = 0; i < 200; i++) {
            s.execute("UPDATE c SET n = n + 1 WHERE k = 1", List.of());
        }
        long versions = engine.catalog().table("c").storage().versionCount();
        assertTrue(versions < SqlEngine.VACUUM_EVERY_COMMITS + 2, "versions retained: " + versions);
        assertEquals("200", s.execute("SELECT n FROM c", List.of()).text(0, 0));
        assertTrue(Arrays.asList('I').contains(s.transactionStatus()));
    }

    @Test
    void aFailingCachedStatementStillFailsTheBlockAndHostileInputIsAnError() {
        s.execute("CREATE TABLE u (k INT PRIMARY KEY)", List.of());
        s.execute("INSERT INTO u VALUES ($1)", List.of(1));
        s.execute("BEGIN", List.of());
        assertEquals("23505", assertThrows(SqlException.class, () -> s.execute("INSERT INTO u VALUES ($1)", List.of(1))).sqlState());
        assertEquals('E', s.transactionStatus());
        s.execute("ROLLBACK", List.of());
        String deep = "SELECT " + "(".repeat(20_000) + "1" + ")".repeat(20_000);
        SqlException e = assertThrows(SqlException.class, () -> s.execute(deep, List.of()));
        assertTrue(e.sqlState().equals("54001") || e.sqlState().equals("42601"), e.sqlState());
        assertEquals('I', s.transactionStatus());
        assertEquals("1", s.execute("SELECT count(*) FROM u", List.of()).text(0, 0));
    }
}
