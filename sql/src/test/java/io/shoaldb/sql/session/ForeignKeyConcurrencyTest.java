package io.shoaldb.sql.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shoaldb.sql.error.SqlException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Foreign keys under concurrency: the checks read through the transaction, so serializable validation
 * keeps the constraint true across concurrent transactions (PostgreSQL takes KEY SHARE row locks and makes
 * the second writer wait; here the loser aborts with 40001). Never an orphan row.
 */
class ForeignKeyConcurrencyTest {
    private final SqlEngine engine = new SqlEngine();
    private final Session a = engine.openSession();
    private final Session b = engine.openSession();

    private void run(Session s, String sql) {
        s.execute(sql, List.of());
    }

    private String error(Session s, String sql) {
        return assertThrows(SqlException.class, () -> s.execute(sql, List.of())).sqlState();
    }

    private long count(String sql) {
        return ((Number) engine.openSession().execute(sql, List.of()).rows().get(0)[0]).longValue();
    }

    @Test
    void insertingAChildWhileItsParentIsDeletedLeavesNoOrphan() {
        run(a, "CREATE TABLE p (id INT PRIMARY KEY)");
        run(a, "CREATE TABLE c (id INT PRIMARY KEY, pid INT REFERENCES p ON DELETE CASCADE)");
        run(a, "INSERT INTO p VALUES (1), (2)");
        run(a, "BEGIN");
        run(a, "INSERT INTO c VALUES (1, 1)");
        run(b, "DELETE FROM p WHERE id = 1"); // sees no child yet: commits
        assertEquals("40001", error(a, "COMMIT"), "the parent it read is gone");
        assertEquals(0, count("SELECT count(*) FROM c"));
        // the other order: the child commits first, the delete that began before it fails
        run(a, "BEGIN");
        run(a, "DELETE FROM p WHERE id = 2");
        run(b, "INSERT INTO c VALUES (2, 2)");
        assertEquals("40001", error(a, "COMMIT"), "a child of the deleted row committed meanwhile");
        assertEquals(1, count("SELECT count(*) FROM c WHERE pid = 2"));
        assertEquals(0, count("SELECT count(*) FROM c LEFT JOIN p ON p.id = c.pid WHERE p.id IS NULL"));
    }
}
