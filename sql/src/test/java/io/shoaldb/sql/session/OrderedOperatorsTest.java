package io.shoaldb.sql.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The planner picks merge join and sort aggregation when the inputs already arrive ordered by the keys
 * (EXPLAIN shows them), and they give the rows the hash operators give for the same data.
 */
class OrderedOperatorsTest {
    private final SqlEngine engine = new SqlEngine();
    private final Session s = engine.openSession();

    private String explain(String sql) {
        StringBuilder b = new StringBuilder();
        for (Object[] row : s.execute("EXPLAIN " + sql, List.of()).rows()) {
            b.append(row[0]).append('\n');
        }
        return b.toString();
    }

    private List<String> rows(String sql) {
        List<String> out = new ArrayList<>();
        StatementResult r = s.execute(sql, List.of());
        for (int i = 0; i < r.rows().size(); i++) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < r.columns().size(); c++) {
                b.append(c == 0 ? "" : " ").append(r.text(i, c));
            }
            out.add(b.toString());
        }
        return out;
    }

    OrderedOperatorsTest() {
        s.execute("CREATE TABLE a (id INT PRIMARY KEY, v INT)", List.of());
        s.execute("CREATE TABLE b (id INT PRIMARY KEY, w INT)", List.of());
        // the same rows in tables without a key: no order, so hash operators
        s.execute("CREATE TABLE ha (id INT, v INT)", List.of());
        s.execute("CREATE TABLE hb (id INT, w INT)", List.of());
        for (int i = 0; i < 300; i++) {
            if (i % 3 != 0) {
                s.execute("INSERT INTO a VALUES ($1, $2)", List.of(i, i % 7));
                s.execute("INSERT INTO ha VALUES ($1, $2)", List.of(i, i % 7));
            }
            if (i % 5 != 0) {
                s.execute("INSERT INTO b VALUES ($1, $2)", List.of(i, i % 11));
                s.execute("INSERT INTO hb VALUES ($1, $2)", List.of(i, i % 11));
            }
        }
        s.execute("CREATE TABLE g (k INT, j INT, n INT, PRIMARY KEY (k, j)) DISTRIBUTED BY (k)", List.of());
        s.execute("CREATE TABLE hg (k INT, j INT, n INT)", List.of());
        for (int i = 0; i < 200; i++) {
            s.execute("INSERT INTO g VALUES ($1, $2, $3)", List.of(i % 13, i, i * 3));
            s.execute("INSERT INTO hg VALUES ($1, $2, $3)", List.of(i % 13, i, i * 3));
        }
    }

    @Test
    void primaryKeyJoinsMergeAndMatchTheHashJoin() {
        String merge = "SELECT a.id, v, w FROM a JOIN b ON a.id = b.id WHERE w > 2 ORDER BY a.id";
        assertTrue(explain(merge).contains("MergeJoin INNER"), explain(merge));
        String hash = "SELECT ha.id, v, w FROM ha JOIN hb ON ha.id = hb.id WHERE w > 2 ORDER BY ha.id";
        assertTrue(explain(hash).contains("HashJoin INNER"), explain(hash));
        assertEquals(rows(hash), rows(merge));
        assertFalse(rows(merge).isEmpty());

        String left = "SELECT a.id, v, w FROM a LEFT JOIN b ON a.id = b.id AND v < w ORDER BY a.id";
        assertTrue(explain(left).contains("MergeJoin LEFT"), explain(left));
        assertEquals(rows("SELECT ha.id, v, w FROM ha LEFT JOIN hb ON ha.id = hb.id AND v < w ORDER BY ha.id"),
                rows(left));
        // a join on non-key columns is not ordered: hash join
        assertTrue(explain("SELECT * FROM a JOIN b ON a.v = b.w").contains("HashJoin"));
    }

    @Test
    void groupingByTheLeadingKeyColumnsAggregatesBySort() {
        String sorted = "SELECT k, count(*), sum(n), min(j), max(j) FROM g GROUP BY k ORDER BY k";
        assertTrue(explain(sorted).contains("SortAggregate"), explain(sorted));
        String hashed = "SELECT k, count(*), sum(n), min(j), max(j) FROM hg GROUP BY k ORDER BY k";
        assertTrue(explain(hashed).contains("HashAggregate"), explain(hashed));
        assertEquals(rows(hashed), rows(sorted));
        assertEquals(13, rows(sorted).size());
        String both = "SELECT j, k, count(*) FROM g GROUP BY j, k ORDER BY k, j";
        assertTrue(explain(both).contains("SortAggregate"), explain(both));
        assertEquals(rows("SELECT j, k, count(*) FROM hg GROUP BY j, k ORDER BY k, j"), rows(both));
        assertTrue(explain("SELECT j, count(*) FROM g GROUP BY j").contains("HashAggregate"));
        // a self-join on the whole key merges, colocated
        String self = "SELECT x.k, x.j, y.n FROM g x JOIN g y ON x.k = y.k AND x.j = y.j WHERE x.n > 500 ORDER BY 1, 2";
        assertTrue(explain(self).contains("MergeJoin"), explain(self));
        assertEquals(rows("SELECT x.k, x.j, y.n FROM hg x JOIN hg y ON x.k = y.k AND x.j = y.j WHERE x.n > 500 ORDER BY 1, 2"),
                rows(self));
    }
}
