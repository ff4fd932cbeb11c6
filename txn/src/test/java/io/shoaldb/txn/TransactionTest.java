package io.shoaldb.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shoaldb.storage.ColumnType;
import io.shoaldb.storage.KeyCodec;
import io.shoaldb.storage.KeyRange;
import io.shoaldb.storage.MvccTable;
import io.shoaldb.storage.TableSchema;
import io.shoaldb.storage.TableStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionTest {
    private final TableStore store = new TableStore();
    private final TransactionManager tm = new TransactionManager(store);
    private final MvccTable t = store.create(new TableSchema(List.of(ColumnType.INT4, ColumnType.INT8), new int[] {0}));

    private byte[] key(int k) {
        return KeyCodec.encode(new ColumnType[] {ColumnType.INT4}, new Object[] {k});
    }

    private byte[] row(int k, long v) {
        return t.codec().encode(new Object[] {k, v});
    }

    private long value(Transaction tx, int k) {
        return (Long) t.codec().decode(tx.get(t, key(k)))[1];
    }

    @Test
    void writeSkewIsRefusedWithASerializationFailure() {
        Transaction init = tm.begin();
        init.put(t, key(1), row(1, 50));
        init.put(t, key(2), row(2, 50));
        init.commit();
        Transaction a = tm.begin();
        Transaction b = tm.begin();
        long sumA = value(a, 1) + value(a, 2);
        long sumB = value(b, 1) + value(b, 2);
        a.put(t, key(1), row(1, 50 - sumA));
        b.put(t, key(2), row(2, 50 - sumB));
        a.commit();
        assertThrows(SerializationFailure.class, b::commit);
        assertEquals(Transaction.State.ROLLED_BACK, b.state());
        assertEquals(1, tm.aborts());
    }

    @Test
    void aScanConflictsWithAConcurrentInsertIntoItsRange() {
        Transaction a = tm.begin();
        Transaction b = tm.begin();
        var it = a.scan(t, KeyRange.ALL);
        assertEquals(false, it.hasNext());
        b.put(t, key(7), row(7, 1));
        b.commit();
        a.put(t, key(100), row(100, 0));
        assertThrows(SerializationFailure.class, a::commit);
    }

    @Test
    void readOnlySnapshotsNeverAbortAndDisjointWritersBothCommit() {
        Transaction a = tm.begin();
        Transaction b = tm.begin();
        a.put(t, key(1), row(1, 1));
        b.put(t, key(2), row(2, 2));
        a.commit();
        b.commit();
        Transaction r = tm.begin();
        Transaction w = tm.begin();
        w.put(t, key(1), row(1, 9));
        w.commit();
        assertEquals(1, value(r, 1), "the reader keeps its snapshot");
        r.commit();
        assertEquals(3, tm.commits(), "commits() counts transactions that wrote");
    }

    @Test
    void savepointsUndoLaterWritesOnly() {
        Transaction a = tm.begin();
        a.put(t, key(1), row(1, 1));
        a.savepoint("s");
        a.put(t, key(1), row(1, 2));
        a.put(t, key(2), row(2, 2));
        a.rollbackTo("s");
        assertEquals(1, value(a, 1));
        assertNull(a.get(t, key(2)));
        a.commit();
        Transaction r = tm.begin();
        assertEquals(1, value(r, 1));
    }

    @Test
    void ownWritesAreVisibleInScansAndDeletesHideRows() {
        Transaction init = tm.begin();
        init.put(t, key(1), row(1, 1));
        init.put(t, key(3), row(3, 3));
        init.commit();
        Transaction a = tm.begin();
        a.put(t, key(2), row(2, 2));
        a.put(t, key(3), null);
        var it = a.scan(t, KeyRange.ALL);
        int n = 0;
        int last = 0;
        while (it.hasNext()) {
            int k = (Integer) t.codec().decode(it.next().row())[0];
            n++;
            last = k;
        }
        assertEquals(2, n);
        assertEquals(2, last);
    }

    @Test
    void vacuumReclaimsOnlyVersionsNoOpenSnapshotNeeds() {
        Transaction w1 = tm.begin();
        w1.put(t, key(1), row(1, 1));
        w1.commit();
        Transaction reader = tm.begin();
        Transaction w2 = tm.begin();
        w2.put(t, key(1), row(1, 2));
        w2.commit();
        tm.vacuum();
        assertEquals(1, value(reader, 1));
        reader.commit();
        tm.vacuum();
        assertEquals(1, t.versionCount());
    }
}
