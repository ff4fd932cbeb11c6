package io.shoaldb.wal;

import io.shoaldb.image.ImageBytes;
import java.util.Objects;

/**
 * A state-machine image covering the log up to and including {@code index}. The data is opaque to
 * the WAL; the Raft host puts whatever it needs into it (state-machine image, membership in force at
 * {@code index}). The image is immutable and may be larger than one Java array.
 *
 * @param index the last log index the image covers, at least 1
 * @param term  the term of the entry at {@code index}, at least 1
 */
public record WalSnapshot(long index, long term, ImageBytes data) {

    public WalSnapshot {
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("snapshot index and term must be positive: index=" + index + " term=" + term);
        }
        Objects.requireNonNull(data, "data");
    }

    /** A snapshot of a small image given as one array (copied); tests and simple hosts. */
    public WalSnapshot(long index, long term, byte[] data) {
        this(index, term, ImageBytes.of(data));
    }

    @Override
    public String toString() {
        return "WalSnapshot{" + index + "@" + term + " " + data.length() + "B}";
    }
}
