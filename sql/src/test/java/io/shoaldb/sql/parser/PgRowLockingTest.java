package io.shoaldb.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.session.SqlEngine;
import io.shoaldb.sql.session.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The locking-clause finder and PostgreSQL 15's messages for the clause's restrictions. */
class PgRowLockingTest {
    @Test
    void findsTheClauseAtDepthZeroOnly() {
        PgRowLocking.Extracted e = PgRowLocking.extract("select * from t where x = 'for update' /* for share */ "
                + "-- for update\n and y = $$ for update $$ and z = E'\\' for update' for no key update of t, \"U\" nowait limit 3");
        assertEquals(List.of(new PgRowLocking.Clause(PgRowLocking.Strength.NO_KEY_UPDATE, List.of("t", "U"),
                PgRowLocking.WaitPolicy.NOWAIT)), e.clauses());
        assertEquals("limit 3", e.sql().substring(e.sql().length() - 7));
        assertEquals(e.sql().length(), ("select * from t where x = 'for update' /* for share */ -- for update\n and y = $$ for update $$"
                + " and z = E'\\' for update' for no key update of t, \"U\" nowait limit 3").length(), "positions kept");
        assertNull(PgRowLocking.extract("select substring(a from 1 for 2) from t"));
        assertNull(PgRowLocking.extract("select * from (select * from t for update) s"), "a subquery's clause is Calcite's to refuse");
        assertNull(PgRowLocking.extract("update t set a = 1 where b = 'for update'"));
        PgRowLocking.Extracted two = PgRowLocking.extract("select 1 from a, b for key share of a for share of b skip locked");
        assertEquals(2, two.clauses().size());
        assertEquals(PgRowLocking.WaitPolicy.SKIP_LOCKED, two.clauses().get(1).waitPolicy());
        assertEquals("42601", assertThrows(SqlException.class,
                () -> PgRowLocking.extract("select * from t for update of")).sqlState());
        assertEquals("42601", assertThrows(SqlException.class,
                () -> PgRowLocking.extract("select * from t for update where a = 1")).sqlState());
    }

    @Test
    void restrictionsCarryPostgresMessages() {
        Session s = new SqlEngine().openSession();
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)", List.of());
        s.execute("CREATE TABLE u (id INT PRIMARY KEY, tid INT)", List.of());
        assertError(s, "select v from t group by v for share", "0A000", "FOR SHARE is not allowed with GROUP BY clause");
        assertError(s, "select distinct v from t for update", "0A000", "FOR UPDATE is not allowed with DISTINCT clause");
        assertError(s, "select sum(v) from t for key share", "0A000", "FOR KEY SHARE is not allowed with aggregate functions");
        assertError(s, "select rank() over (order by v) from t for no key update", "0A000",
                "FOR NO KEY UPDATE is not allowed with window functions");
        assertError(s, "select id from t intersect select id from u for update", "0A000",
                "FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT");
        assertError(s, "select * from t x for update of t", "42P01",
                "relation \"t\" in FOR UPDATE clause not found in FROM clause");
        assertError(s, "select * from t right join u on u.tid = t.id for update of t", "0A000",
                "FOR UPDATE cannot be applied to the nullable side of an outer join");
        assertError(s, "select * from t for update of public.t", "42601", "FOR UPDATE must specify unqualified relation names");
        SqlException p = assertThrows(SqlException.class,
                () -> s.execute("select * from t limit $1 for update skip locked", List.of(1)));
        assertEquals("0A000: SKIP LOCKED with a LIMIT other than an integer constant is not supported",
                p.sqlState() + ": " + p.getMessage());
        s.execute("BEGIN READ ONLY", List.of());
        assertError(s, "select * from t for share", "25006", "cannot execute SELECT FOR SHARE in a read-only transaction");
    }

    private static void assertError(Session s, String sql, String state, String message) {
        SqlException e = assertThrows(SqlException.class, () -> s.execute(sql, List.of()), sql);
        assertEquals(state + ": " + message, e.sqlState() + ": " + e.getMessage(), sql);
    }
}
