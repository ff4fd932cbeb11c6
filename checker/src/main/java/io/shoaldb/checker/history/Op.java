package io.shoaldb.checker.history;

import java.util.List;
import java.util.Objects;

/**
 * What an event asks for or reports. Single-object operations ({@link Read}, {@link Write}, {@link Cas})
 * act on one register, named by {@code key} in a key-value map ({@code null} for the lone register of the
 * {@code register} workload); a {@link Txn} is a list of micro-operations.
 *
 * <p>Register values are {@code long}s; a register starts as nil. {@link #NIL} is reserved and cannot be
 * written.
 */
public sealed interface Op permits Op.Read, Op.Write, Op.Cas, Op.Txn {

    /** Reserved: the encoding of nil in register states; never a legal value. */
    long NIL = Long.MIN_VALUE;

    /** The key acted on, or {@code null} for a lone register or a transaction. */
    String key();

    /** The Jepsen {@code :f}: {@code read}, {@code write}, {@code cas} or {@code txn}. */
    String f();

    /**
     * A read. On an invoke the value is not yet known and is ignored; on an ok completion {@code value} is
     * what was read, {@code null} meaning nil (the initial, never-written state).
     */
    record Read(String key, Long value) implements Op {
        public Read {
            if (value != null && value == NIL) {
                throw new IllegalArgumentException("value " + NIL + " is reserved for nil");
            }
        }

        @Override
        public String f() {
            return "read";
        }
    }

    /** A blind write of {@code value}. */
    record Write(String key, long value) implements Op {
        public Write {
            if (value == NIL) {
                throw new IllegalArgumentException("value " + NIL + " is reserved for nil");
            }
        }

        @Override
        public String f() {
            return "write";
        }
    }

    /** Compare-and-set: if the register holds {@code expected}, set it to {@code newValue}. Ok means it did. */
    record Cas(String key, long expected, long newValue) implements Op {
        public Cas {
            if (expected == NIL || newValue == NIL) {
                throw new IllegalArgumentException("value " + NIL + " is reserved for nil");
            }
        }

        @Override
        public String f() {
            return "cas";
        }
    }

    /** A transaction: micro-operations applied atomically, in order. */
    record Txn(List<Mop> mops) implements Op {
        public Txn {
            mops = List.copyOf(mops);
            if (mops.isEmpty()) {
                throw new IllegalArgumentException("a transaction needs at least one micro-operation");
            }
        }

        @Override
        public String key() {
            return null;
        }

        @Override
        public String f() {
            return "txn";
        }
    }

    static Read read(String key) {
        return new Read(key, null);
    }

    static Read read(String key, Long value) {
        return new Read(key, value);
    }

    static Write write(String key, long value) {
        return new Write(key, value);
    }

    static Cas cas(String key, long expected, long newValue) {
        return new Cas(key, expected, newValue);
    }

    static Txn txn(Mop... mops) {
        return new Txn(List.of(mops));
    }

    /** Same kind of operation on the same key: what an invoke and its completion must share. */
    static boolean sameShape(Op invoke, Op completion) {
        if (invoke.getClass() != completion.getClass() || !Objects.equals(invoke.key(), completion.key())) {
            return false;
        }
        if (invoke instanceof Txn a && completion instanceof Txn b) {
            if (a.mops().size() != b.mops().size()) {
                return false;
            }
            for (int i = 0; i < a.mops().size(); i++) {
                Mop x = a.mops().get(i);
                Mop y = b.mops().get(i);
                if (x.getClass() != y.getClass() || !x.key().equals(y.key())) {
                    return false;
                }
            }
        }
        return true;
    }
}
