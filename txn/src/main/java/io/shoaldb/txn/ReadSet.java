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
    /**
     * While a statement that may be restarted runs: what it added, so that {@link #undoJournal} can take it
     * back (null when not journaling). {@code journalBroken}: a table fell back to "all read" or an index
     * list was collapsed meanwhile, which cannot be undone (its reads then stay: conservative).
     */
    private List<Object> journal;
    private boolean journalBroken;

    private record KeyAdded(long tableId, byte[] key) {
    }

    private record RangeAdded(long tableId) {
    }

    private record IndexRangeAdded(String indexId) {
    }

    /** Starts recording additions (a new statement). */
    void startJournal() {
        if (journal == null) {
            journal = new ArrayList<>();
        } else {
            journal.clear();
        }
        journalBroken = false;
    }

    /** Stops recording; additions are kept. */
    void stopJournal() {
        journal = null;
    }

    /** Takes back what was added since {@link #startJournal} (unless that cannot be done), and starts again. */
    void undoJournal() {
        if (journal == null) {
            return;
        }
        if (!journalBroken) {
            for (int i = journal.size() - 1; i >= 0; i--) {
                switch (journal.get(i)) {
                    case KeyAdded k -> tables.get(k.tableId()).keys.remove(k.key());
                    case RangeAdded r -> {
                        List<KeyRange> l = tables.get(r.tableId()).ranges;
                        l.remove(l.size() - 1);
                    }
                    case IndexRangeAdded r -> {
                        List<KeyRange> l = indexRanges.get(r.indexId());
                        l.remove(l.size() - 1);
                    }
                    default -> throw new IllegalStateException("journal entry " + journal.get(i));
                }
            }
        }
        journal.clear();
        journalBroken = false;
    }

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
            journalBroken = true;
            return;
        }
        if (r.keys.add(key) && journal != null) {
            journal.add(new KeyAdded(tableId, key));
        }
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
            journalBroken = true;
            return;
        }
        r.ranges.add(range);
        if (journal != null) {
            journal.add(new RangeAdded(tableId));
        }
    }

    void addIndexRange(String indexId, KeyRange range) {
        List<KeyRange> list = indexRanges.computeIfAbsent(indexId, k -> new ArrayList<>());
        if (list.size() >= MAX_RANGES) {
            list.clear();
            list.add(KeyRange.ALL);
            journalBroken = true;
        } else if (!list.contains(KeyRange.ALL)) {
            list.add(range);
            if (journal != null) {
                journal.add(new IndexRangeAdded(indexId));
            }
        }
    }

    public boolean isEmpty() {
        return tables.isEmpty() && indexRanges.isEmpty();
    }

    /**
     * This read set with its tables renamed by {@code map} (table id to new id; null drops the table's reads
     * and its index ranges): a durable transaction block that ran DDL read tables its session created under
     * ids of its own (see {@code CommitRequest#mapTables}).
     */
    ReadSet mapTables(java.util.function.LongFunction<Long> map) {
        ReadSet out = new ReadSet();
        for (Map.Entry<Long, TableReads> e : tables.entrySet()) {
            Long to = map.apply(e.getKey());
            if (to != null) {
                out.tables.put(to, e.getValue());
            }
        }
        for (Map.Entry<String, List<KeyRange>> e : indexRanges.entrySet()) {
            int slash = e.getKey().indexOf('/');
            Long to = map.apply(Long.parseLong(e.getKey().substring(0, slash)));
            if (to != null) {
                out.indexRanges.put(to + e.getKey().substring(slash), e.getValue());
            }
        }
        return out;
    }

    /** Writes this read set for a commit log record; {@link #decode} reads it back equal. */
    void encode(ByteWriter w) {
        w.i32(tables.size());
        for (Map.Entry<Long, TableReads> e : tables.entrySet()) {
            TableReads r = e.getValue();
            w.i64(e.getKey()).bool(r.all);
            w.i32(r.keys.size());
            for (byte[] k : r.keys) {
                w.bytes(k);
            }
            w.i32(r.ranges.size());
            for (KeyRange range : r.ranges) {
                encodeRange(w, range);
            }
        }
        w.i32(indexRanges.size());
        for (Map.Entry<String, List<KeyRange>> e : indexRanges.entrySet()) {
            w.string(e.getKey()).i32(e.getValue().size());
            for (KeyRange range : e.getValue()) {
                encodeRange(w, range);
            }
        }
    }

    static ReadSet decode(ByteReader r) {
        ReadSet s = new ReadSet();
        int tables = r.count(Integer.MAX_VALUE);
        for (int i = 0; i < tables; i++) {
            TableReads t = new TableReads();
            long id = r.i64();
            t.all = r.bool();
            int keys = r.count(MAX_POINT_KEYS);
            for (int j = 0; j < keys; j++) {
                t.keys.add(nonNull(r.bytes()));
            }
            int ranges = r.count(MAX_RANGES);
            for (int j = 0; j < ranges; j++) {
                t.ranges.add(decodeRange(r));
            }
            s.tables.put(id, t);
        }
        int indexes = r.count(Integer.MAX_VALUE);
        for (int i = 0; i < indexes; i++) {
            String id = r.string();
            int n = r.count(MAX_RANGES);
            List<KeyRange> list = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                list.add(decodeRange(r));
            }
            s.indexRanges.put(id, list);
        }
        return s;
    }

    private static byte[] nonNull(byte[] b) {
        if (b == null) {
            throw new ByteReader.Malformed("null key in a read set");
        }
        return b;
    }

    private static void encodeRange(ByteWriter w, KeyRange range) {
        w.bytes(range.low()).bool(range.lowInclusive()).bytes(range.high()).bool(range.highInclusive());
    }

    private static KeyRange decodeRange(ByteReader r) {
        byte[] low = r.bytes();
        boolean lowInclusive = r.bool();
        byte[] high = r.bytes();
        boolean highInclusive = r.bool();
        if (low == null && high == null) {
            return KeyRange.ALL;
        }
        return new KeyRange(low, lowInclusive, high, highInclusive);
    }
}
