package io.shoaldb.sql.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shoaldb.runtime.Clock;
import io.shoaldb.runtime.Entropy;
import io.shoaldb.sql.error.SqlException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** statement_timeout: PostgreSQL's units and display, and statements stopped with 57014 when it passes. */
class StatementTimeoutTest {

    /** A clock that moves 1 ms every time it is read, so a long statement meets its deadline by itself. */
    private static final class TickingClock implements Clock {
        long nanos;

        @Override
        public long monotonicNanos() {
            nanos += 1_000_000L;
            return nanos;
        }

        @Override
        public long wallMillis() {
            return 1_700_000_000_000L + nanos / 1_000_000L;
        }
    }

    private static Session session() {
        Entropy entropy = new SqlEngine.FixedSeedEntropy(7);
        return new SqlEngine(new TickingClock(), entropy).openSession();
    }

    @Test
    void valuesTakeUnitsAndShowInTheLargestThatDivides() {
        Session s = session();
        for (String[] c : new String[][] {{"5000", "5s"}, {"1500", "1500ms"}, {"'2min'", "2min"}, {"'90s'", "90s"},
                {"'1h'", "1h"}, {"'2000us'", "2ms"}, {"0", "0"}}) {
            s.execute("SET statement_timeout = " + c[0], List.of());
            assertEquals(c[1], s.execute("SHOW statement_timeout", List.of()).text(0, 0), c[0]);
        }
        assertEquals("22023", assertThrows(SqlException.class,
                () -> s.execute("SET statement_timeout = -1", List.of())).sqlState());
        assertEquals("22023", assertThrows(SqlException.class,
                () -> s.execute("SET statement_timeout = '30d'", List.of())).sqlState());
        s.execute("RESET statement_timeout", List.of());
        assertEquals("0", s.execute("SHOW statement_timeout", List.of()).text(0, 0));
    }

    @Test
    void aStatementPastItsTimeoutIsCanceled() {
        Session s = session();
        s.execute("CREATE TABLE t (id INT PRIMARY KEY)", List.of());
        s.execute("INSERT INTO t SELECT g FROM generate_series(1, 1000) g", List.of());
        s.execute("SET statement_timeout = 100", List.of());
        assertEquals("3", s.execute("SELECT count(*) FROM t WHERE id <= 3", List.of()).text(0, 0),
                "a short statement is not affected");
        SqlException e = assertThrows(SqlException.class,
                () -> s.execute("SELECT count(*) FROM t a, t b, t c", List.of()));
        assertEquals("57014", e.sqlState());
        assertEquals("canceling statement due to statement timeout", e.getMessage());
        // a join that examines millions of pairs and emits none is stopped too
        assertEquals("57014", assertThrows(SqlException.class,
                () -> s.execute("SELECT count(*) FROM t a, t b WHERE a.id + b.id < 0", List.of())).sqlState());

        s.execute("BEGIN", List.of());
        assertThrows(SqlException.class, () -> s.execute("SELECT count(*) FROM t a, t b, t c", List.of()));
        assertEquals("25P02", assertThrows(SqlException.class, () -> s.execute("SELECT 1", List.of())).sqlState());
        s.execute("ROLLBACK", List.of());
        s.execute("SET statement_timeout = 0", List.of());
        assertEquals("1000000", s.execute("SELECT count(*) FROM t a, t b WHERE a.id + b.id > 0", List.of()).text(0, 0));
    }
}
