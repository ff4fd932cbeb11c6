package io.shoaldb.sql.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sql.error.SqlException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * WITH RECURSIVE that would never end stops with a clear 54000 (PostgreSQL would run until something
 * overflows), and the session stays usable. Kept out of the sqllogictest files, which are checked
 * against PostgreSQL.
 */
class RecursiveQueryTest {
    private final Session s = new SqlEngine().openSession();

    @Test
    void aRunawayRecursionStopsAfterTheRoundBound() {
        SqlException e = assertThrows(SqlException.class, () -> s.execute(
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r", List.of()));
        assertEquals("54000", e.sqlState());
        assertTrue(e.getMessage().contains("\"r\""), e.getMessage());
        assertTrue(e.getMessage().contains("iterations"), e.getMessage());
        assertEquals(3L, s.execute("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3)"
                + " SELECT count(*) FROM r", List.of()).rows().get(0)[0]);
    }

    @Test
    void explainShowsTheRecursiveUnionAndItsWorkTable() {
        StatementResult r = s.execute("EXPLAIN WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT n + 1 FROM r WHERE n < 3)"
                + " SELECT n FROM r", List.of());
        StringBuilder b = new StringBuilder();
        for (Object[] row : r.rows()) {
            b.append(row[0]).append('\n');
        }
        assertTrue(b.toString().contains("RecursiveUnion r"), b.toString());
        assertTrue(b.toString().contains("WorkTableScan r"), b.toString());
    }
}
