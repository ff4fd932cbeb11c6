package io.shoaldb.checker.history;

import java.util.Arrays;
import java.util.Objects;

/**
 * A micro-operation of a transaction. List-append transactions use {@link Append} and {@link ReadList};
 * read-write-register transactions use {@link Write} and {@link ReadRegister}. Keys are strings; values
 * are {@code long}s. Reads carry their result only on an ok completion.
 */
public sealed interface Mop permits Mop.Append, Mop.ReadList, Mop.Write, Mop.ReadRegister {

    String key();

    /** Append {@code value} to the list at {@code key} (Elle's {@code [:append k v]}). */
    record Append(String key, long value) implements Mop {
        public Append {
            Objects.requireNonNull(key, "key");
        }
    }

    /**
     * Read the whole list at {@code key} (Elle's {@code [:r k [v...]]}). {@code values} is {@code null} when
     * not known (on an invoke); on an ok completion an absent list reads as empty.
     */
    record ReadList(String key, long[] values) implements Mop {
        public ReadList {
            Objects.requireNonNull(key, "key");
            values = values == null ? null : values.clone();
        }

        @Override
        public long[] values() {
            return values == null ? null : values.clone();
        }

        /** The read values without a defensive copy; callers must not modify the array. */
        public long[] valuesUnsafe() {
            return values;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ReadList r && key.equals(r.key) && Arrays.equals(values, r.values);
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "r " + key + " " + (values == null ? "?" : Arrays.toString(values));
        }
    }

    /** Write {@code value} to the register at {@code key} (Elle's {@code [:w k v]}). */
    record Write(String key, long value) implements Mop {
        public Write {
            Objects.requireNonNull(key, "key");
            if (value == Op.NIL) {
                throw new IllegalArgumentException("value " + Op.NIL + " is reserved for nil");
            }
        }
    }

    /**
     * Read the register at {@code key} (Elle's {@code [:r k v]}). On an ok completion {@code value} is what
     * was read, {@code null} meaning nil; on an invoke it is ignored.
     */
    record ReadRegister(String key, Long value) implements Mop {
        public ReadRegister {
            Objects.requireNonNull(key, "key");
            if (value != null && value == Op.NIL) {
                throw new IllegalArgumentException("value " + Op.NIL + " is reserved for nil");
            }
        }
    }

    static Append append(String key, long value) {
        return new Append(key, value);
    }

    static ReadList readList(String key, long... values) {
        return new ReadList(key, values);
    }

    static ReadList readList(String key) {
        return new ReadList(key, null);
    }

    static Write write(String key, long value) {
        return new Write(key, value);
    }

    static ReadRegister read(String key, Long value) {
        return new ReadRegister(key, value);
    }

    static ReadRegister read(String key) {
        return new ReadRegister(key, null);
    }
}
