package io.shoaldb.txn;

import io.shoaldb.storage.KeyCodec;
import io.shoaldb.storage.KeyRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a transaction read, for validation at commit: point keys and primary-key ranges per table, and
 * ranges of index-column prefixes per index. Bounded: past {@link #MAX_POINT_KEYS} point reads of one
 * table the table is recorded as fully scanned, which is conservative (more aborts, never fewer).
 */
public final class ReadSet {
    public static final int MAX_POINT_KEYS = 100_000;
    public static final int MAX_RANGES = 10_000;

    private final Map<Long, TableReads> tables = new TreeMap<>();
    private final Map<String, List<KeyRange>> indexRanges = new TreeMap<>();

    /** Reads of one table. */
    static final class TableReads {
        final NavigableSet<byte[]> keys = new TreeSet<>(KeyCodec::compare);
        final List<KeyRange> ranges = new ArrayList<>();
        boolean all;

        boolean coversKey(byte[] key) {
            if (all || keys.contains(key)) {
                return true;
            }
            for (KeyRange r : ranges) {
                if (r.contains(key)) {
                    return true;
                }
            }
            return false;
        }
    }

    TableReads table(long tableId) {
        return tables.get(tableId);
    }

    List<KeyRange> indexRanges(String indexId) {
        return indexRanges.get(indexId);
    }

    void addKey(long tableId, byte[] key) {
        TableReads r = tables.computeIfAbsent(tableId, k -> new TableReads());
        if (r.all) {
            return;
        }
        if (r.keys.size() >= MAX_POINT_KEYS) {
            r.all = true;
            r.keys.clear();
            return;
        }
        r.keys.add(key);
    }

    void addRange(long tableId, KeyRange range) {
        TableReads r = tables.computeIfAbsent(tableId, k -> new TableReads());
        if (r.all) {
            return;
        }
        if (range.low() == null && range.high() == null || r.ranges.size() >= MAX_RANGES) {
            r.all = true;
            r.ranges.clear();
            r.keys.clear();
            return;
        }
        r.ranges.add(range);
    }

    void addIndexRange(String indexId, KeyRange range) {
        List<KeyRange> list = indexRanges.computeIfAbsent(indexId, k -> new ArrayList<>());
        if (list.size() >= MAX_RANGES) {
            list.clear();
            list.add(KeyRange.ALL);
        } else if (!list.contains(KeyRange.ALL)) {
            list.add(range);
        }
    }

    public boolean isEmpty() {
        return tables.isEmpty() && indexRanges.isEmpty();
    }
}
