package io.shoaldb.checker.linear;

import io.shoaldb.checker.history.Op;
import io.shoaldb.checker.history.Operation;

/**
 * One register operation prepared for the search: the sequential specification of a read/write/cas
 * register as a pure function of a {@code long} state ({@link Op#NIL} for never written).
 *
 * @param kind 0 read, 1 write, 2 cas
 * @param a    read: the value read; write: the value written; cas: the expected value
 * @param b    cas: the new value
 */
record RegisterStep(int kind, long a, long b) {
    static final int READ = 0;
    static final int WRITE = 1;
    static final int CAS = 2;

    /** The completed operation's effect; for an indeterminate operation its invocation (a read of it is never prepared). */
    static RegisterStep of(Operation o) {
        return switch (o.result()) {
            case Op.Read r -> new RegisterStep(READ, r.value() == null ? Op.NIL : r.value(), 0);
            case Op.Write w -> new RegisterStep(WRITE, w.value(), 0);
            case Op.Cas c -> new RegisterStep(CAS, c.expected(), c.newValue());
            case Op.Txn t -> throw new IllegalArgumentException("a register history cannot hold transactions: " + t);
        };
    }

    /** Whether the operation can take effect in {@code state}. */
    boolean accepts(long state) {
        return kind == WRITE || state == a;
    }

    /** The state after the operation, assuming {@link #accepts}. */
    long apply(long state) {
        return switch (kind) {
            case READ -> state;
            case WRITE -> a;
            case CAS -> b;
            default -> throw new IllegalStateException("kind " + kind);
        };
    }

    static String show(long state) {
        return state == Op.NIL ? "nil" : Long.toString(state);
    }
}
