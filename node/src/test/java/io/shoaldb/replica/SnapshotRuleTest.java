package io.shoaldb.replica;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the SQL host re-images its state: once the log is half the last image, or past the memory bound. */
class SnapshotRuleTest {

    @Test
    void aLargeImageWaitsForLogHalfItsSize() {
        assertTrue(Replica.logWorthAnImage(0, 0), "no image yet: the entry count alone decides");
        assertTrue(Replica.logWorthAnImage(4_000, 6_000));
        long image = 120L << 20; // pgbench at scale 10
        assertFalse(Replica.logWorthAnImage(35L << 20, image), "100,000 TPC-B-like records do not pay for a 120 MB image");
        assertTrue(Replica.logWorthAnImage(60L << 20, image));
        assertTrue(Replica.logWorthAnImage(Replica.MAX_LOG_BYTES_BEFORE_SNAPSHOT, 100L << 30),
                "the log held in memory is bounded whatever the image");
    }
}
