package io.shoaldb.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MvccTableTest {
    /** The table under test; {@link OffHeapMvccTableTest} runs every test again with rows off the heap. */
    MvccTable newTable(long id, TableSchema schema) {
        return new MvccTable(id, schema);
    }

    private final MvccTable table = newTable(1, new TableSchema(List.of(ColumnType.INT4, ColumnType.TEXT), new int[] {0}));

    private byte[] key(int k) {
        return KeyCodec.encode(new ColumnType[] {ColumnType.INT4}, new Object[] {k});
    }

    private byte[] row(int k, String v) {
        return table.codec().encode(new Object[] {k, v});
    }

    private String valueAt(int k, long ts) {
        byte[] r = table.read(key(k), ts);
        return r == null ? null : (String) table.codec().decode(r)[1];
    }

    @Test
    void rowIdKeysOrderByIdAndAppliedWritesRestoreTheCounter() {
        MvccTable noKey = newTable(2, new TableSchema(List.of(ColumnType.TEXT), new int[0]));
        assertEquals(true, noKey.schema().keyedByRowId());
        long a = noKey.allocateRowId();
        long b = noKey.allocateRowId();
        assertEquals(a + 1, b);
        assertEquals(b, TableSchema.rowIdOf(TableSchema.rowIdKey(b)));
        assertEquals(-1, Integer.signum(KeyCodec.compare(TableSchema.rowIdKey(a), TableSchema.rowIdKey(b))));
        // a table rebuilt from a log of applied writes hands out ids above every applied one
        MvccTable replayed = newTable(3, new TableSchema(List.of(ColumnType.TEXT), new int[0]));
        replayed.apply(1, TableSchema.rowIdKey(41), replayed.codec().encode(new Object[] {"x"}));
        assertEquals(42, replayed.allocateRowId());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> noKey.schema().primaryKeyOf(new Object[] {"x"}));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, table::allocateRowId);
    }

    @Test
    void snapshotsSeeTheVersionCommittedAtOrBeforeThem() {
        table.apply(1, key(1), row(1, "a"));
        table.apply(3, key(1), row(1, "b"));
        table.apply(5, key(1), null);
        assertNull(valueAt(1, 0));
        assertEquals("a", valueAt(1, 2));
        assertEquals("b", valueAt(1, 4));
        assertNull(valueAt(1, 5));
    }

    @Test
    void vacuumKeepsWhatTheOldestSnapshotSeesAndDropsDeletedKeys() {
        table.apply(1, key(1), row(1, "a"));
        table.apply(2, key(1), row(1, "b"));
        table.apply(3, key(2), row(2, "x"));
        table.apply(4, key(2), null);
        assertEquals(4, table.versionCount());
        assertEquals(1, table.vacuum(2)); // "a" is invisible to snapshots >= 2; key 2's versions are young
        assertEquals("b", valueAt(1, 2));
        assertEquals("x", valueAt(2, 3));
        table.vacuum(10);
        assertEquals(1, table.keyCount(), "the deleted key is gone");
        assertEquals(1, table.versionCount());
        assertEquals("b", valueAt(1, 10));
    }

    @Test
    void secondaryIndexFindsRowsAndLosesEntriesOfReclaimedVersions() {
        SecondaryIndex idx = table.addIndex("t_v_idx", new int[] {1}, false);
        table.apply(1, key(1), row(1, "a"));
        table.apply(2, key(1), row(1, "b"));
        table.apply(2 + 1, key(2), row(2, "b"));
        assertEquals(3, idx.size(), "old and new values of key 1 are both indexed while snapshots may see them");
        table.vacuum(10);
        assertEquals(2, idx.size());
        byte[] b = KeyCodec.encode(new ColumnType[] {ColumnType.TEXT}, new Object[] {"b"});
        List<byte[]> pks = new ArrayList<>();
        for (Iterator<Map.Entry<byte[], byte[]>> it = idx.scan(KeyRange.prefix(b)); it.hasNext(); ) {
            pks.add(it.next().getValue());
        }
        assertEquals(2, pks.size());
        assertNotNull(table.read(pks.get(0), 10));
    }

    @Test
    void rangeScanReturnsVisibleRowsInKeyOrder() {
        for (int k = 10; k >= 1; k--) {
            table.apply(11 - k, key(k), row(k, "v" + k));
        }
        List<Integer> seen = new ArrayList<>();
        Iterator<MvccTable.Entry> it = table.scan(new KeyRange(key(3), true, key(6), false), 100);
        while (it.hasNext()) {
            seen.add((Integer) table.codec().decode(it.next().row())[0]);
        }
        assertEquals(List.of(3, 4, 5), seen);
    }
}
