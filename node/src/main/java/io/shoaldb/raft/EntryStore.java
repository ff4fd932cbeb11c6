package io.shoaldb.raft;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * The entries of a {@link RaftLog} after its snapshot, kept so that the garbage collector has almost
 * nothing to trace or copy: terms, types, lengths and payload addresses in primitive arrays, payload
 * bytes packed into large slabs. A log holds up to a snapshot interval of entries (100,000 by default)
 * for lagging followers; as one {@link Entry} object and one array per entry they were three quarters of
 * a busy node's live heap, and every young collection copied them (measured: 10-30 ms pauses at 55,000
 * writes/s). A slab of {@link #SLAB_BYTES} is large enough that G1 allocates it outside the young
 * generation on heaps up to 2 GiB and only copies it as one block on larger ones; a slab is dropped once
 * no entry in it remains, so memory is released by the collector whether or not the log's owner shuts
 * down cleanly (a simulated crash just forgets the node).
 *
 * <p>{@link #get} copies an entry out: callers own what they receive and the store owns its slabs.
 * Entry {@code i} is the i-th entry after the snapshot; the store does not know log indexes.
 * Single-threaded, like the {@link Raft} that owns it.
 */
final class EntryStore {
    /** Payload slab size; an entry larger than this gets a slab of its own. */
    static final int SLAB_BYTES = 1 << 20;
    private static final EntryType[] TYPES = EntryType.values();

    // Entry i lives at position first + i of these arrays.
    private long[] terms = new long[64];
    private byte[] types = new byte[64];
    private int[] lengths = new int[64];
    /** Slab sequence number in the high 32 bits, offset within the slab in the low 32. */
    private long[] addrs = new long[64];
    private int first;
    private int size;

    /** slabs.get(k) has sequence number firstSlabSeq + k; the last one is being filled. */
    private final ArrayList<byte[]> slabs = new ArrayList<>();
    private long firstSlabSeq;
    private int fill;
    private long payloadBytes;
    private final int slabBytes;

    EntryStore() {
        this(SLAB_BYTES);
    }

    /** A store with slabs of {@code slabBytes} (tests use tiny slabs to cross slab boundaries often). */
    EntryStore(int slabBytes) {
        if (slabBytes < 1) {
            throw new IllegalArgumentException("slab bytes " + slabBytes);
        }
        this.slabBytes = slabBytes;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long term(int i) {
        check(i);
        return terms[first + i];
    }

    EntryType type(int i) {
        check(i);
        return TYPES[types[first + i]];
    }

    int dataLength(int i) {
        check(i);
        return lengths[first + i];
    }

    /** Bytes of payload held by the live entries (slab space is at least this). */
    long payloadBytes() {
        return payloadBytes;
    }

    /** Bytes of slab memory held. */
    long slabBytes() {
        long sum = 0;
        for (byte[] s : slabs) {
            sum += s.length;
        }
        return sum;
    }

    /** A fresh copy of entry {@code i}, which has log index {@code index}. */
    Entry get(int i, long index) {
        check(i);
        int p = first + i;
        int len = lengths[p];
        byte[] data = new byte[len];
        if (len > 0) {
            long addr = addrs[p];
            System.arraycopy(slab(addr >>> 32), (int) addr, data, 0, len);
        }
        return new Entry(terms[p], index, TYPES[types[p]], data);
    }

    void add(Entry e) {
        if (first + size == terms.length) {
            makeRoom();
        }
        int p = first + size;
        int len = e.data().length;
        terms[p] = e.term();
        types[p] = (byte) e.type().ordinal();
        lengths[p] = len;
        addrs[p] = len == 0 ? 0 : place(e.data());
        size++;
        payloadBytes += len;
    }

    /** Removes entries {@code keep} and after. */
    void truncate(int keep) {
        if (keep < 0 || keep > size) {
            throw new IllegalArgumentException("truncate to " + keep + " of " + size);
        }
        boolean slabsCut = false;
        for (int i = keep; i < size; i++) {
            int p = first + i;
            payloadBytes -= lengths[p];
            if (lengths[p] > 0 && !slabsCut) {
                // the first removed payload: its slab becomes the last, filled up to where it began
                long addr = addrs[p];
                while (firstSlabSeq + slabs.size() - 1 > addr >>> 32) {
                    slabs.removeLast();
                }
                fill = (int) addr;
                slabsCut = true;
            }
        }
        size = keep;
    }

    /** Removes the first {@code n} entries, releasing slabs no remaining entry uses. */
    void dropFirst(int n) {
        if (n < 0 || n > size) {
            throw new IllegalArgumentException("drop " + n + " of " + size);
        }
        for (int i = 0; i < n; i++) {
            payloadBytes -= lengths[first + i];
        }
        first += n;
        size -= n;
        long needed = firstSlabSeq + slabs.size() - 1; // keep the slab being filled
        for (int i = 0; i < size; i++) {
            if (lengths[first + i] > 0) {
                needed = Math.min(needed, addrs[first + i] >>> 32);
                break;
            }
        }
        int drop = (int) Math.max(0, needed - firstSlabSeq);
        if (drop > 0) {
            slabs.subList(0, drop).clear();
            firstSlabSeq += drop;
        }
        if (size == 0) {
            first = 0;
        }
    }

    void clear() {
        first = 0;
        size = 0;
        payloadBytes = 0;
        firstSlabSeq += slabs.size();
        slabs.clear();
        fill = 0;
    }

    private long place(byte[] data) {
        int len = data.length;
        byte[] slab = slabs.isEmpty() ? null : slabs.getLast();
        if (slab == null || slab.length - fill < len) {
            slab = new byte[Math.max(slabBytes, len)];
            slabs.add(slab);
            fill = 0;
        }
        System.arraycopy(data, 0, slab, fill, len);
        long addr = ((firstSlabSeq + slabs.size() - 1) << 32) | fill;
        fill += len;
        return addr;
    }

    private byte[] slab(long seq) {
        return slabs.get((int) (seq - firstSlabSeq));
    }

    /** Slides live entries to the front, growing the arrays if they are more than half full. */
    private void makeRoom() {
        int capacity = size * 2 > terms.length ? terms.length * 2 : terms.length;
        if (capacity == terms.length) {
            System.arraycopy(terms, first, terms, 0, size);
            System.arraycopy(types, first, types, 0, size);
            System.arraycopy(lengths, first, lengths, 0, size);
            System.arraycopy(addrs, first, addrs, 0, size);
        } else {
            terms = Arrays.copyOfRange(terms, first, first + capacity);
            types = Arrays.copyOfRange(types, first, first + capacity);
            lengths = Arrays.copyOfRange(lengths, first, first + capacity);
            addrs = Arrays.copyOfRange(addrs, first, first + capacity);
        }
        first = 0;
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("entry " + i + " of " + size);
        }
    }
}
