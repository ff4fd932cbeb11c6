package io.shoaldb.sql.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sql.error.SqlException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tables' memory limit: writes that would pass it fail with 53200 and change nothing; deletes always run. */
class MemoryLimitTest {

    @Test
    void writesBeyondTheLimitFailWithOutOfMemoryAndLoseNothing() {
        SqlEngine engine = new SqlEngine();
        Session s = engine.openSession();
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, v TEXT)", List.of());
        s.execute("INSERT INTO t SELECT g, repeat('x', 100) FROM generate_series(1, 1000) g", List.of());
        long used = engine.store().memoryUsedBytes();
        assertTrue(used > 1000 * 100, "estimate covers the row bytes: " + used);
        engine.store().setMemoryLimitBytes(used + 50_000);

        SqlException e = assertThrows(SqlException.class, () -> s.execute(
                "INSERT INTO t SELECT g, repeat('y', 100) FROM generate_series(1001, 3000) g", List.of()));
        assertEquals("53200", e.sqlState());
        assertTrue(e.getMessage().contains("memory limit"), e.getMessage());
        assertEquals("1000", s.execute("SELECT count(*) FROM t", List.of()).text(0, 0), "the failed statement changed nothing");

        s.execute("BEGIN", List.of());
        s.execute("INSERT INTO t VALUES (5000, 'small')", List.of());
        assertThrows(SqlException.class, () -> s.execute("UPDATE t SET v = repeat('z', 400)", List.of()));
        SqlException aborted = assertThrows(SqlException.class, () -> s.execute("SELECT 1", List.of()));
        assertEquals("25P02", aborted.sqlState());
        s.execute("ROLLBACK", List.of());

        s.execute("DELETE FROM t WHERE id > 500", List.of());
        engine.vacuum();
        assertTrue(engine.store().memoryUsedBytes() < used, "deleting and vacuuming frees room");
        s.execute("INSERT INTO t SELECT g, repeat('y', 100) FROM generate_series(1001, 1200) g", List.of());
        assertEquals("700", s.execute("SELECT count(*) FROM t", List.of()).text(0, 0));
    }
}
