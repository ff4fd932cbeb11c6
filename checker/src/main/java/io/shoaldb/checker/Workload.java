package io.shoaldb.checker;

import java.util.Arrays;
import java.util.Locale;

/** The kinds of histories the checkers understand; the CLI's {@code --model}. */
public enum Workload {
    /** One register: read, write, cas; linearizability. */
    REGISTER("register"),
    /** A map of independent registers, one per key: read, write, cas; linearizability per key. */
    KV("kv"),
    /** Transactions of appends to and reads of lists (Elle list-append); serializability. */
    LIST_APPEND("list-append"),
    /** Transactions of blind writes and reads of registers (Elle rw-register); serializability. */
    RW_REGISTER("rw-register");

    private final String cliName;

    Workload(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public boolean isTransactional() {
        return this == LIST_APPEND || this == RW_REGISTER;
    }

    public static Workload fromCliName(String name) {
        for (Workload w : values()) {
            if (w.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "' (expected one of "
                + Arrays.stream(values()).map(Workload::cliName).toList() + ")");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
