package io.shoaldb.sql.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shoaldb.sql.error.SqlException;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Result column names as PostgreSQL 15 reports them, duplicates included. Every expected list below was
 * checked by hand against PostgreSQL 15 (psql, unaligned header line) on the same tables.
 */
class OutputNamesTest {
    private final SqlEngine engine = new SqlEngine();
    private final Session s = engine.openSession();

    @BeforeEach
    void tables() {
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, v TEXT)", List.of());
        s.execute("CREATE TABLE u (id INT PRIMARY KEY, w TEXT)", List.of());
        s.execute("INSERT INTO t VALUES (1, 'a')", List.of());
        s.execute("INSERT INTO u VALUES (1, 'b')", List.of());
    }

    private List<String> names(String sql) {
        try {
            return s.execute(sql, List.of()).columns().stream().map(c -> c.name()).toList();
        } catch (SqlException e) {
            throw new SqlException(e.sqlState(), e.getMessage() + " [" + sql + "]");
        }
    }

    @Test
    void duplicateAliasesAndColumnsKeepTheirNames() {
        assertEquals(List.of("a", "a"), names("SELECT 1 AS a, 2 AS a"));
        assertEquals(List.of("id", "id"), names("SELECT t.id, u.id FROM t JOIN u ON t.id = u.id"));
        assertEquals(List.of("?column?", "?column?"), names("SELECT 1, 2"));
        assertEquals(List.of("id", "v", "id", "w"), names("SELECT * FROM t JOIN u ON t.id = u.id"));
        assertEquals(List.of("id", "id", "v", "w"), names("SELECT u.id, t.*, w FROM t JOIN u ON t.id = u.id"));
        assertEquals(List.of("id", "v", "id", "w", "id"), names("SELECT t.*, u.*, t.id FROM t JOIN u ON t.id = u.id"));
    }

    @Test
    void catalogStarKeepsTheOidName() {
        List<String> n = names("SELECT x.oid, x.* FROM pg_class x LIMIT 1");
        assertEquals(List.of("oid", "oid", "relname"), n.subList(0, 3));
    }

    @Test
    void expressionsAreNamedByPostgresRules() {
        assertEquals(List.of("count", "sum", "max"), names("SELECT count(*), sum(id), max(v) FROM t"));
        assertEquals(List.of("int4", "text", "id", "?column?", "int8", "numeric"),
                names("SELECT 1::int, '1'::text, id::text, true, CAST(2 AS bigint), 1.5::numeric FROM t"));
        assertEquals(List.of("varchar", "bpchar", "float8", "array"),
                names("SELECT CAST('y' AS varchar(3)), CAST('z' AS char(2)), 2.5::float8, ARRAY[1]::int[]"));
        assertEquals(List.of("case", "coalesce", "?column?", "upper", "q", "exists", "array", "nullif", "greatest"),
                names("SELECT CASE WHEN id = 1 THEN 1 END, coalesce(v, 'x'), id + 1, upper(v), (SELECT 1 AS q),"
                        + " EXISTS (SELECT 1), ARRAY[1, 2], nullif(1, 2), greatest(1, 2) FROM t"));
        assertEquals(List.of("current_date", "now", "date", "?column?", "?column?", "id", "v"),
                names("SELECT current_date, now(), date '2020-01-01', NULL, 'abc', t.* FROM t"));
        assertEquals(List.of("?column?", "Mixed", "upper"), names("SELECT version() IS NULL, lower('A') AS \"Mixed\", Upper('a')"));
    }

    @Test
    void setOperationsValuesAndReturning() {
        assertEquals(List.of("id", "v"), names("SELECT id, v FROM t UNION SELECT id, w FROM u"));
        assertEquals(List.of("a", "a"), names("SELECT 1 AS a, 2 AS a UNION ALL SELECT 3 AS b, 4 AS c"));
        assertEquals(List.of("column1", "column2"), names("VALUES (1, 2)"));
        assertEquals(List.of("id", "id", "id", "v", "?column?"),
                names("INSERT INTO t VALUES (2, 'z') RETURNING id, id, *, v || 'x'"));
        assertEquals(List.of("v", "v"), names("UPDATE t SET v = 'y' WHERE id = 2 RETURNING v, v"));
        assertEquals(List.of("id", "x"), names("DELETE FROM t WHERE id = 2 RETURNING id, v AS x"));
    }

    @Test
    void derivedTablesAndViews() {
        assertEquals(List.of("count"), names("SELECT * FROM (SELECT count(*) FROM t) s"));
        assertEquals(List.of("count"), names("WITH c AS (SELECT count(*) FROM t) SELECT * FROM c"));
        assertEquals(List.of("a", "a"), names("SELECT * FROM (SELECT 1 AS a, 2 AS a) s"));
        assertEquals(List.of("a", "a", "a0", "?column?"), names("SELECT * FROM (SELECT 1 AS a, 2 AS a, 3 AS a0, 4) s"));
        assertEquals(List.of("id", "id"), names("SELECT s.* FROM (SELECT t.id, u.id FROM t JOIN u ON t.id = u.id) s"));
        assertEquals(List.of("?column?", "?column?"), names("SELECT s.* FROM (SELECT 1, 2) s"));
        assertEquals(List.of("column1", "column2"), names("SELECT * FROM (VALUES (1, 2)) v"));
        assertEquals(List.of("x", "y"), names("SELECT * FROM (VALUES (1, 2)) v(x, y)"));
        SqlException e = assertThrows(SqlException.class, () -> names("SELECT a FROM (SELECT 1 AS a, 2 AS a) s"));
        assertEquals("42702", e.sqlState());
        assertEquals("column reference \"a\" is ambiguous [SELECT a FROM (SELECT 1 AS a, 2 AS a) s]", e.getMessage());
        assertThrows(SqlException.class, () -> names("SELECT s.a FROM (SELECT 1 AS a, 2 AS a) s WHERE true"));
        SqlException dup = assertThrows(SqlException.class, () -> s.execute("CREATE VIEW vv AS SELECT 1 AS a, 2 AS a", List.of()));
        assertEquals("42701", dup.sqlState());
        s.execute("CREATE VIEW vc AS SELECT count(*), 1 FROM t", List.of());
        assertEquals(List.of("count", "?column?"), names("SELECT * FROM vc"));
    }

    private List<List<Integer>> origins(String sql) {
        return s.execute(sql, List.of()).columns().stream()
                .map(c -> List.of(c.tableOid(), c.attributeNumber(), c.typeModifier())).toList();
    }

    @Test
    void columnsStraightFromATableCarryItsOidAndAttnum() {
        s.execute("CREATE TABLE m (k INT PRIMARY KEY, n NUMERIC(10,2), s VARCHAR(5))", List.of());
        int t = s.execute("SELECT 't'::regclass::oid", List.of()).rows().get(0)[0] instanceof Number n ? n.intValue() : -1;
        int m = ((Number) s.execute("SELECT 'm'::regclass::oid", List.of()).rows().get(0)[0]).intValue();
        assertEquals(List.of(List.of(m, 2, (10 << 16 | 2) + 4), List.of(m, 3, 9), List.of(m, 1, -1), List.of(0, 0, -1)),
                origins("SELECT n, x.s, k, k + 1 FROM m x"));
        assertEquals(List.of(List.of(t, 2, -1), List.of(0, 0, -1)), origins("SELECT v, count(*) FROM t GROUP BY v"));
        assertEquals(List.of(List.of(t, 1, -1), List.of(0, 0, -1)),
                origins("SELECT t.id, (SELECT 1) FROM t JOIN (SELECT id FROM u) q ON q.id = t.id"));
        // pgjdbc's ResultSetMetaData query for those OIDs and attnums (pgwire-captures, PgResultSetMetaData);
        // PostgreSQL also answers NULL for "autoincrement" of a column without identity or default
        List<Object[]> rows = s.execute("SELECT c.oid, a.attnum, a.attname, c.relname, n.nspname, a.attnotnull OR (t.typtype = 'd' AND t.typnotnull), a.attidentity != '' OR pg_catalog.pg_get_expr(d.adbin, d.adrelid) LIKE '%nextval(%' FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON (c.relnamespace = n.oid) JOIN pg_catalog.pg_attribute a ON (c.oid = a.attrelid) JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid) LEFT JOIN pg_catalog.pg_attrdef d ON (d.adrelid = a.attrelid AND d.adnum = a.attnum) JOIN (SELECT " + m + " AS oid , 1 AS attnum UNION ALL SELECT " + m + ", 2) vals ON (c.oid = vals.oid AND a.attnum = vals.attnum) where c.oid in (" + m + ")", List.of()).rows();
        assertEquals(List.of("1 k m public true null", "2 n m public false null"), rows.stream()
                .map(r -> r[1] + " " + r[2] + " " + r[3] + " " + r[4] + " " + r[5] + " " + r[6]).sorted().toList());
    }
}
