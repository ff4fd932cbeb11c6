package io.shoaldb.kv;

import java.util.Objects;

/** One key-value operation a client asks for. Keys are UTF-8 strings, values opaque bytes. */
public sealed interface KvOp {

    String key();

    /** A linearizable read; served through ReadIndex (or a lease), never written to the log. */
    record Get(String key) implements KvOp {
        public Get {
            Objects.requireNonNull(key, "key");
        }
    }

    record Put(String key, byte[] value) implements KvOp {
        public Put {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Put p && p.key.equals(key) && java.util.Arrays.equals(p.value, value);
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + java.util.Arrays.hashCode(value);
        }
    }

    /** Sets {@code key} to {@code value} if it currently holds {@code expected} ({@code null}: is absent). */
    record Cas(String key, byte[] expected, byte[] value) implements KvOp {
        public Cas {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Cas c && c.key.equals(key) && java.util.Arrays.equals(c.expected, expected)
                    && java.util.Arrays.equals(c.value, value);
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + java.util.Arrays.hashCode(value);
        }
    }
}
