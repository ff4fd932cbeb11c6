package io.shoaldb.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every {@link MvccTableTest} again with rows in a poisoning {@link RowArena}, plus the arena's own duties. */
class OffHeapMvccTableTest extends MvccTableTest {
    @Override
    MvccTable newTable(long id, TableSchema schema) {
        return new MvccTable(id, schema, new RowArena(true));
    }

    private static final TableSchema KV = new TableSchema(List.of(ColumnType.INT4, ColumnType.TEXT), new int[] {0});

    private static byte[] k(int i) {
        return KeyCodec.encode(new ColumnType[] {ColumnType.INT4}, new Object[] {i});
    }

    @Test
    void reclaimedVersionsArePoisonedAndTheirBlocksReused() {
        RowArena arena = new RowArena(true);
        MvccTable t = new MvccTable(9, KV, arena);
        byte[] v1 = t.codec().encode(new Object[] {1, "first"});
        t.apply(1, k(1), v1);
        long used = arena.usedBytes();
        t.apply(2, k(1), t.codec().encode(new Object[] {1, "secnd"}));
        assertEquals(2 * used, arena.usedBytes());
        assertEquals(1, t.vacuum(2)); // the version of ts 1 is invisible to every snapshot at or after 2
        assertEquals(used, arena.usedBytes());
        // the freed block is the first one handed out: address 0 of slab 0, poisoned in full
        assertTrue(arena.isFreed(0));
        for (int i = 0; i < v1.length; i++) {
            assertEquals(RowArena.POISON, arena.rawByte(0, i));
        }
        assertThrows(IllegalStateException.class, () -> arena.load(0, v1.length));
        assertThrows(IllegalStateException.class, () -> arena.free(0, v1.length));
        // the next row of that size class takes the freed block again
        t.apply(3, k(2), t.codec().encode(new Object[] {2, "third"}));
        assertEquals(false, arena.isFreed(0));
        assertEquals("third", t.codec().decode(t.read(k(2), 3))[1]);
        assertEquals("secnd", t.codec().decode(t.read(k(1), 3))[1]);
    }

    @Test
    void deletingAndVacuumingEveryRowReturnsEveryBlock() {
        RowArena arena = new RowArena(true);
        MvccTable t = new MvccTable(9, KV, arena);
        t.addIndex("by_v", new int[] {1}, false);
        for (int i = 0; i < 5000; i++) {
            t.apply(i + 1, k(i), t.codec().encode(new Object[] {i, "v" + "x".repeat(i % 700)}));
        }
        assertTrue(arena.usedBytes() > 0);
        long ts = 5001;
        for (int i = 0; i < 5000; i++) {
            t.apply(ts++, k(i), null);
        }
        while (t.vacuum(ts) > 0) {
            // a vacuum call works through a bounded batch of keys
        }
        assertEquals(0, t.keyCount());
        assertEquals(0, arena.usedBytes());
        assertEquals(0, t.rowBytes());
        assertEquals(0, t.index("by_v").size());
    }

    @Test
    void rowsLargerThanASlabGetTheirOwnSegmentFreedAtOnce() {
        RowArena arena = new RowArena(true);
        MvccTable t = new MvccTable(9, KV, arena);
        String big = "y".repeat(RowArena.SLAB_BYTES + 10);
        t.apply(1, k(1), t.codec().encode(new Object[] {1, big}));
        assertEquals(big, t.codec().decode(t.readLatest(k(1)))[1]);
        long reserved = arena.reservedBytes();
        assertTrue(reserved > RowArena.SLAB_BYTES);
        t.apply(2, k(1), null);
        t.vacuum(2);
        assertEquals(0, arena.reservedBytes());
        assertEquals(0, t.keyCount());
    }

    @Test
    void droppedAndTruncatedTablesReturnTheirMemory() {
        TableStore store = new TableStore();
        store.setOffHeapRows(true);
        MvccTable t = store.create(KV);
        assertTrue(t.offHeap());
        t.apply(1, k(1), t.codec().encode(new Object[] {1, "a"}));
        assertEquals(RowArena.SLAB_BYTES, store.offHeapReservedBytes());
        t.clear();
        assertEquals(0, t.offHeapReservedBytes());
        t.apply(2, k(1), t.codec().encode(new Object[] {1, "b"}));
        assertEquals("b", t.codec().decode(t.readLatest(k(1)))[1]);
        store.drop(t.id());
        assertEquals(0, t.offHeapReservedBytes());
        assertThrows(IllegalStateException.class, () -> t.apply(3, k(2), t.codec().encode(new Object[] {2, "c"})));
    }

    @Test
    void sizeClassesCoverEveryLengthUpToASlab() {
        for (int len : new int[] {0, 1, 16, 17, 512, 513, 1024, 1025, 4096, RowArena.SLAB_BYTES}) {
            int c = RowArena.sizeClass(len);
            assertTrue(RowArena.classBytes(c) >= len, "class of " + len);
            assertTrue(c == 0 || RowArena.classBytes(c - 1) < len, "tightest class of " + len);
        }
        assertEquals(-1, RowArena.sizeClass(RowArena.SLAB_BYTES + 1));
    }
}
