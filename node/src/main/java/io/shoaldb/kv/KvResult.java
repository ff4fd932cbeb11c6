package io.shoaldb.kv;

/** The outcome of an applied or served operation. */
public sealed interface KvResult {

    /** A put took effect. */
    record Written() implements KvResult {
    }

    /** A read's value, {@code null} if the key is absent. */
    record Value(byte[] value) implements KvResult {
        @Override
        public boolean equals(Object o) {
            return o instanceof Value v && java.util.Arrays.equals(v.value, value);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(value);
        }
    }

    /** A compare-and-set: whether it swapped, and the value it found ({@code null}: absent). */
    record CasOutcome(boolean swapped, byte[] found) implements KvResult {
        @Override
        public boolean equals(Object o) {
            return o instanceof CasOutcome c && c.swapped == swapped && java.util.Arrays.equals(c.found, found);
        }

        @Override
        public int hashCode() {
            return Boolean.hashCode(swapped) * 31 + java.util.Arrays.hashCode(found);
        }
    }

    /**
     * The request's sequence number is below the client's latest applied one: the client has moved
     * on, so its earlier outcome is no longer kept. Nothing was applied.
     */
    record Superseded(long latestSeq) implements KvResult {
    }
}
