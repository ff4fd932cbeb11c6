package io.shoaldb.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Off-heap memory for one table's encoded rows ({@link RowCodec} bytes), so that a large table's row
 * bytes are neither scanned nor copied by the garbage collector. Memory comes from slabs of
 * {@link #SLAB_BYTES} allocated from one shared {@link Arena}; a row takes a block of its size class
 * (multiples of 16 bytes up to 512, then powers of two) from the class's free list, or else from the end
 * of the current slab. Rows larger than a slab get a segment of their own in an arena of their own, so
 * freeing one returns its memory at once. A block is named by a long address: slab index in the high 32
 * bits, offset in the low 32.
 *
 * <p>Single-threaded like its table. {@link #close} returns every byte to the operating system; any later
 * access fails. In poison mode (tests, or {@code -Dshoaldb.storage.poison=true}) a freed block is filled
 * with {@link #POISON} and every read checks that its address is live, so a use after free is an
 * assertion failure instead of silently wrong bytes.
 */
public final class RowArena implements AutoCloseable {
    public static final int SLAB_BYTES = 1 << 20;
    public static final byte POISON = (byte) 0xDB;
    /** Whether arenas created without an explicit mode poison freed memory. */
    public static final boolean POISON_BY_DEFAULT = Boolean.getBoolean("shoaldb.storage.poison");

    private static final int SMALL_STEP = 16;
    private static final int SMALL_MAX = 512;
    private static final int SMALL_CLASSES = SMALL_MAX / SMALL_STEP; // classes 0..31: 16..512 bytes
    private static final int CLASSES = SMALL_CLASSES + 11; // then 1 KiB .. 1 MiB

    private final boolean poison;
    private Arena arena = Arena.ofShared();
    /** Slabs by index; a dedicated (large-row) slab has its own arena, null once freed. */
    private final List<MemorySegment> slabs = new ArrayList<>();
    private final List<Arena> ownArenas = new ArrayList<>();
    private final long[][] freeLists = new long[CLASSES][];
    private final int[] freeCounts = new int[CLASSES];
    private final Set<Long> live; // poison mode only; membership tests only, never iterated
    private int currentSlab = -1;
    private int bump;
    private long reservedBytes;
    private long usedBytes;
    private boolean closed;

    public RowArena() {
        this(POISON_BY_DEFAULT);
    }

    public RowArena(boolean poison) {
        this.poison = poison;
        this.live = poison ? new HashSet<>() : null;
    }

    /** The size class of a row of {@code length} bytes, or -1 if it needs a dedicated slab. */
    static int sizeClass(int length) {
        if (length <= SMALL_MAX) {
            return Math.max(0, (length + SMALL_STEP - 1) / SMALL_STEP - 1);
        }
        if (length > SLAB_BYTES) {
            return -1;
        }
        int log = 64 - Long.numberOfLeadingZeros(length - 1L); // ceil(log2(length)), >= 10
        return SMALL_CLASSES + (log - 10);
    }

    static int classBytes(int sizeClass) {
        return sizeClass < SMALL_CLASSES ? (sizeClass + 1) * SMALL_STEP : 1 << (10 + sizeClass - SMALL_CLASSES);
    }

    /** Copies {@code row} into a new block and returns its address. */
    public long store(byte[] row) {
        checkOpen();
        int cls = sizeClass(row.length);
        long addr;
        if (cls < 0) {
            Arena own = Arena.ofShared();
            slabs.add(own.allocate(row.length, 8));
            ownArenas.add(own);
            addr = (long) (slabs.size() - 1) << 32;
            reservedBytes += row.length;
            usedBytes += row.length;
        } else {
            int size = classBytes(cls);
            if (freeCounts[cls] > 0) {
                addr = freeLists[cls][--freeCounts[cls]];
            } else {
                if (currentSlab < 0 || bump + size > SLAB_BYTES) {
                    slabs.add(arena.allocate(SLAB_BYTES, 16));
                    ownArenas.add(null);
                    currentSlab = slabs.size() - 1;
                    bump = 0;
                    reservedBytes += SLAB_BYTES;
                }
                addr = ((long) currentSlab << 32) | bump;
                bump += size;
            }
            usedBytes += size;
        }
        MemorySegment.copy(row, 0, slabs.get(slab(addr)), ValueLayout.JAVA_BYTE, offset(addr), row.length);
        if (poison && !live.add(addr)) {
            throw new IllegalStateException("block " + Long.toHexString(addr) + " handed out twice");
        }
        return addr;
    }

    /** The {@code length} bytes at {@code addr}, copied onto the heap. */
    public byte[] load(long addr, int length) {
        checkLive(addr);
        byte[] out = new byte[length];
        MemorySegment.copy(slabs.get(slab(addr)), ValueLayout.JAVA_BYTE, offset(addr), out, 0, length);
        return out;
    }

    /** Returns the block at {@code addr} (holding a row of {@code length} bytes) to its free list. */
    public void free(long addr, int length) {
        checkLive(addr);
        int cls = sizeClass(length);
        int s = slab(addr);
        if (cls < 0) {
            slabs.set(s, null);
            ownArenas.get(s).close();
            ownArenas.set(s, null);
            reservedBytes -= length;
            usedBytes -= length;
        } else {
            if (poison) {
                slabs.get(s).asSlice(offset(addr), classBytes(cls)).fill(POISON);
            }
            if (freeLists[cls] == null) {
                freeLists[cls] = new long[16];
            } else if (freeCounts[cls] == freeLists[cls].length) {
                freeLists[cls] = Arrays.copyOf(freeLists[cls], freeCounts[cls] * 2);
            }
            freeLists[cls][freeCounts[cls]++] = addr;
            usedBytes -= classBytes(cls);
        }
        if (poison) {
            live.remove(addr);
        }
    }

    /** Whether a block at {@code addr} was freed and not handed out again (poison mode only). */
    public boolean isFreed(long addr) {
        if (!poison) {
            throw new IllegalStateException("only a poisoning arena tracks freed blocks");
        }
        return !live.contains(addr);
    }

    /** The raw byte at {@code addr + i}, whether live or freed (tests read poison through it). */
    byte rawByte(long addr, int i) {
        checkOpen();
        return slabs.get(slab(addr)).get(ValueLayout.JAVA_BYTE, offset(addr) + i);
    }

    /** Bytes of off-heap memory taken from the operating system (whole slabs plus dedicated blocks). */
    public long reservedBytes() {
        return reservedBytes;
    }

    /** Bytes of blocks in use (rows rounded up to their size class). */
    public long usedBytes() {
        return usedBytes;
    }

    /** Frees everything at once (TRUNCATE-like clears); the arena stays usable. */
    public void reset() {
        releaseAll();
        arena = Arena.ofShared();
        closed = false;
    }

    /** Returns every byte to the operating system; the arena is unusable afterwards. */
    @Override
    public void close() {
        releaseAll();
    }

    private void releaseAll() {
        if (closed) {
            return;
        }
        for (Arena own : ownArenas) {
            if (own != null) {
                own.close();
            }
        }
        arena.close();
        slabs.clear();
        ownArenas.clear();
        Arrays.fill(freeCounts, 0);
        if (live != null) {
            live.clear();
        }
        currentSlab = -1;
        bump = 0;
        reservedBytes = 0;
        usedBytes = 0;
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("row arena closed");
        }
    }

    private void checkLive(long addr) {
        checkOpen();
        if (poison && !live.contains(addr)) {
            throw new IllegalStateException("use after free of row block " + Long.toHexString(addr));
        }
    }

    private static int slab(long addr) {
        return (int) (addr >>> 32);
    }

    private static long offset(long addr) {
        return addr & 0xFFFFFFFFL;
    }
}
