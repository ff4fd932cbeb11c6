package io.shoaldb.sql.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.storage.MvccTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SQL over tables whose rows live off the heap in poisoning arenas: a snapshot keeps the versions it can
 * see through updates and vacuums (a freed block read would fail the read), vacuum returns the blocks of
 * reclaimed versions, and DROP returns the table's memory.
 */
class OffHeapTablesTest {
    @Test
    void snapshotsUpdatesVacuumAndDropWorkOffTheHeap() {
        SqlEngine engine = new SqlEngine();
        engine.store().setOffHeapRows(true);
        engine.store().setPoisonFreedRows(true);
        Session a = engine.openSession();
        Session b = engine.openSession();
        a.execute("CREATE TABLE acc (id INT PRIMARY KEY, grp INT, bal BIGINT, note TEXT)", List.of());
        a.execute("CREATE INDEX acc_grp ON acc (grp)", List.of());
        for (int i = 0; i < 500; i++) {
            a.execute("INSERT INTO acc VALUES ($1, $2, $3, $4)", List.of(i, i % 10, (long) i, "n" + i));
        }
        MvccTable t = engine.catalog().table("acc").storage();
        assertTrue(t.offHeap());
        long usedAfterInsert = t.offHeapUsedBytes();
        assertTrue(usedAfterInsert > 0);

        b.execute("BEGIN", List.of());
        assertEquals("124750", b.execute("SELECT sum(bal) FROM acc", List.of()).text(0, 0));
        a.execute("UPDATE acc SET bal = bal + 1, grp = grp + 1", List.of());
        a.execute("DELETE FROM acc WHERE id >= 250", List.of());
        engine.vacuum();
        // b's snapshot still reads the versions before the update and the delete, by primary key,
        // by index and by scan
        assertEquals("124750", b.execute("SELECT sum(bal) FROM acc", List.of()).text(0, 0));
        assertEquals("50", b.execute("SELECT count(*) FROM acc WHERE grp = 3", List.of()).text(0, 0));
        assertEquals("n499", b.execute("SELECT note FROM acc WHERE id = 499", List.of()).text(0, 0));
        b.execute("COMMIT", List.of());

        engine.vacuum();
        assertEquals("31375", a.execute("SELECT sum(bal) FROM acc", List.of()).text(0, 0));
        assertEquals("25", a.execute("SELECT count(*) FROM acc WHERE grp = 3", List.of()).text(0, 0));
        assertEquals(250, t.keyCount());
        assertTrue(t.offHeapUsedBytes() < usedAfterInsert, "vacuum returned the blocks of reclaimed versions");

        a.execute("TRUNCATE acc", List.of());
        engine.vacuum();
        assertEquals("0", a.execute("SELECT count(*) FROM acc", List.of()).text(0, 0));
        a.execute("DROP TABLE acc", List.of());
        assertEquals(0, engine.store().offHeapReservedBytes());
    }
}
