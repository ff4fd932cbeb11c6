package io.shoaldb.sql.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.image.ImageBytes;
import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A SQL engine's image spread over many small chunks (as the simulator and large images have them):
 * restore streams it back whatever the chunk size, and a cut or damaged image is refused.
 */
class MultiChunkImageTest {

    private static final CommitLog NO_APPENDS = (rec, done) -> {
        throw new AssertionError("nothing is appended during the check");
    };

    private static SqlEngine filled() {
        DurableEngineTest.HeldLog log = new DurableEngineTest.HeldLog();
        SqlEngine e = SqlEngine.durable(log);
        log.engine = e;
        Session s = e.openSession();
        s.executeAsync("CREATE TABLE t (k INT PRIMARY KEY, v TEXT, w TEXT)", List.of(), new DurableEngineTest.Outcome());
        log.applyAll();
        s.executeAsync("CREATE INDEX t_v ON t (v)", List.of(), new DurableEngineTest.Outcome());
        log.applyAll();
        // rows of 100 KiB too: single fields larger than the streaming reader's window
        s.executeAsync("INSERT INTO t SELECT x, 'value-' || x, CASE WHEN x % 500 = 0 THEN repeat('w', 100000) ELSE 'w' END"
                + " FROM generate_series(1, 3000) AS g(x)", List.of(), new DurableEngineTest.Outcome());
        log.applyAll();
        return e;
    }

    @Test
    void anImageOfManyChunksRestoresTheSameState() {
        SqlEngine e = filled();
        Session live = e.openSession();
        assertEquals("3000", live.execute("SELECT count(*) FROM t", List.of()).text(0, 0));
        for (int chunk : new int[] {64, 4096, ImageBytes.DEFAULT_CHUNK_BYTES}) {
            ImageBytes image = e.snapshot(chunk);
            assertTrue(image.length() > 600_000, image.toString());
            if (chunk == 64) {
                assertTrue(image.chunkCount() > 9000, image.toString());
            }
            SqlEngine r = SqlEngine.restore(image, NO_APPENDS);
            assertEquals(e.appliedIndex(), r.appliedIndex());
            Session q = r.openSession();
            assertEquals("3000", q.execute("SELECT count(*) FROM t", List.of()).text(0, 0));
            assertEquals("1500", q.execute("SELECT k FROM t WHERE v = 'value-1500'", List.of()).text(0, 0));
            assertEquals("100000", q.execute("SELECT length(w) FROM t WHERE k = 2500", List.of()).text(0, 0));
            assertEquals(image, r.snapshot(977), "the restored engine writes the same image");
        }
    }

    @Test
    void aCutImageIsRefusedAsMalformed() {
        ImageBytes image = filled().snapshot(64);
        for (long keep : new long[] {0, 1, 100, image.length() / 2, image.length() - 1}) {
            IllegalStateException x = assertThrows(IllegalStateException.class,
                    () -> SqlEngine.restore(image.slice(0, keep), NO_APPENDS));
            assertTrue(x.getMessage().contains("malformed"), x.getMessage());
        }
        ImageBytes longer = ImageBytes.concat(image, ImageBytes.of(new byte[] {0}));
        IllegalStateException x = assertThrows(IllegalStateException.class, () -> SqlEngine.restore(longer, NO_APPENDS));
        assertTrue(x.getMessage().contains("trailing"), x.getMessage());
    }
}
