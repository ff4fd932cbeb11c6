package io.shoaldb.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/** The packed entry store against a list of entries doing the same operations. */
class EntryStoreTest {

    sealed interface Op {}

    record Add(int length, boolean config) implements Op {}

    record Truncate(int permille) implements Op {}

    record DropFirst(int permille) implements Op {}

    record Clear() implements Op {}

    @Provide
    Arbitrary<List<Op>> ops() {
        // lengths: mostly small, some empty, a few larger than any slab tried
        Arbitrary<Integer> lengths = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(0)),
                Tuple.of(10, Arbitraries.integers().between(1, 40)),
                Tuple.of(1, Arbitraries.integers().between(4000, 9000)));
        Arbitrary<Op> add = Combinators.combine(lengths, Arbitraries.of(true, false)).as(Add::new);
        return Arbitraries.frequencyOf(
                        Tuple.of(20, add),
                        Tuple.of(2, Arbitraries.integers().between(0, 1000).map(Truncate::new)),
                        Tuple.of(2, Arbitraries.integers().between(0, 1000).map(DropFirst::new)),
                        Tuple.of(1, Arbitraries.just(new Clear())))
                .list().ofMaxSize(300);
    }

    @Property(tries = 300)
    void behavesLikeAList(@ForAll("ops") List<Op> ops, @ForAll("slabs") int slabBytes) {
        EntryStore store = new EntryStore(slabBytes);
        List<Entry> model = new ArrayList<>();
        long nextTerm = 1;
        int serial = 0;
        for (Op op : ops) {
            switch (op) {
                case Add a -> {
                    byte[] data = new byte[a.length()];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = (byte) (serial * 31 + i);
                    }
                    serial++;
                    Entry e = new Entry(nextTerm, 1 + model.size(), a.config() ? EntryType.CONFIG : EntryType.NORMAL, data);
                    nextTerm += serial % 7 == 0 ? 1 : 0;
                    store.add(e);
                    model.add(e);
                }
                case Truncate t -> {
                    int keep = model.size() * t.permille() / 1000;
                    store.truncate(keep);
                    model.subList(keep, model.size()).clear();
                }
                case DropFirst d -> {
                    int n = model.size() * d.permille() / 1000;
                    store.dropFirst(n);
                    model.subList(0, n).clear();
                }
                case Clear c -> {
                    store.clear();
                    model.clear();
                }
            }
            check(store, model);
        }
    }

    @Provide
    Arbitrary<Integer> slabs() {
        return Arbitraries.of(1, 7, 64, 4096);
    }

    @Test
    void slabsAreReleasedAsEntriesLeave() {
        EntryStore store = new EntryStore(100);
        for (int i = 0; i < 50; i++) {
            store.add(new Entry(1, i + 1, EntryType.NORMAL, new byte[40]));
        }
        assertEquals(25 * 100, store.slabBytes(), "two 40-byte entries per 100-byte slab");
        store.dropFirst(48);
        assertEquals(100, store.slabBytes());
        store.truncate(1);
        assertEquals(100, store.slabBytes());
        store.add(new Entry(1, 2, EntryType.NORMAL, new byte[250]));
        assertEquals(350, store.slabBytes(), "an entry larger than a slab gets its own");
        store.clear();
        assertEquals(0, store.slabBytes());
        assertEquals(0, store.payloadBytes());
    }

    private static void check(EntryStore store, List<Entry> model) {
        assertEquals(model.size(), store.size());
        long bytes = 0;
        for (int i = 0; i < model.size(); i++) {
            Entry want = model.get(i);
            assertEquals(want.term(), store.term(i));
            assertEquals(want.type(), store.type(i));
            assertEquals(want.data().length, store.dataLength(i));
            Entry got = store.get(i, want.index());
            assertArrayEquals(want.data(), got.data(), "entry " + i);
            assertEquals(want, got);
            bytes += want.data().length;
        }
        assertEquals(bytes, store.payloadBytes());
        assertTrue(store.slabBytes() >= bytes);
    }
}
