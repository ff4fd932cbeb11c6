package io.shoaldb.wal;

import static io.shoaldb.wal.WalHarness.entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.MemoryDisk;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The order of a group commit's disk operations: the data fsync goes out right behind the append
 * (one round trip), but the state copy naming the batch is written only after both completed.
 */
class WalIoOrderTest {

    private final WalHarness h = new WalHarness(new MemoryDisk());

    /** The state copies' bytes, so a test can see whether any was written. */
    private Map<String, String> stateCopies() {
        Map<String, String> copies = new TreeMap<>();
        for (String name : h.disk.names()) {
            if (name.contains("wal-state-")) {
                copies.put(name, HexFormat.of().formatHex(h.disk.contents(name)));
            }
        }
        return copies;
    }

    @Test
    void theStateCopyIsWrittenOnlyAfterTheDataFsyncCompleted() {
        Wal wal = h.opened(WalHarness.config()).wal();
        assertEquals(SaveResult.DURABLE, h.saveNow(wal, null, entries(1, 1, 1), null));
        Map<String, String> before = stateCopies();
        h.disk.holdFsyncs(true);
        List<SaveResult> results = new ArrayList<>();
        wal.save(null, entries(2, 3, 1), null, results::add);
        h.disk.runUntilIdle();
        assertEquals(1, h.disk.heldFsyncCount(), "the data fsync is issued right behind the append");
        assertEquals(before, stateCopies(), "no state copy may name the batch before its data fsync completed");
        h.disk.releaseFsyncs();
        h.disk.runUntilIdle();
        assertTrue(results.isEmpty());
        assertNotEquals(before, stateCopies(), "the state copy is written once the data is durable");
        h.disk.releaseFsyncs();
        h.disk.runUntilIdle();
        assertEquals(List.of(SaveResult.DURABLE), results);
    }

    @Test
    void aFailedAppendStopsTheWalEvenThoughTheFsyncBehindItSucceeds() {
        Wal wal = h.opened(WalHarness.config()).wal();
        assertEquals(SaveResult.DURABLE, h.saveNow(wal, null, entries(1, 1, 1), null));
        Map<String, String> before = stateCopies();
        h.disk.failNext(MemoryDisk.Op.APPEND, IoError.IO_ERROR);
        assertInstanceOf(SaveResult.Failed.class, h.saveNow(wal, null, entries(2, 3, 1), null));
        assertEquals(before, stateCopies(), "nothing names a batch whose append failed");
        assertInstanceOf(SaveResult.Failed.class, h.saveNow(wal, null, entries(2, 3, 1), null));
    }

}
