package io.shoaldb.checker.elle;

import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.HistoryBuilder;
import io.shoaldb.checker.history.Mop;
import io.shoaldb.checker.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny language for hand-written transaction histories, in the spirit of Elle's test strings:
 * {@code "a x 1"} appends 1 to x, {@code "r x 1 2"} reads the list [1 2] (list-append) or {@code "r x 1"}
 * / {@code "r x nil"} reads a register (rw-register), {@code "w x 1"} writes a register.
 */
final class Txns {
    private final boolean lists;
    private final HistoryBuilder h = History.builder();
    private final Map<Integer, String[]> pending = new HashMap<>();

    private Txns(boolean lists) {
        this.lists = lists;
    }

    static Txns listAppend() {
        return new Txns(true);
    }

    static Txns rwRegister() {
        return new Txns(false);
    }

    /** A transaction invoked and completed ok at once (so it is real-time ordered with its neighbours). */
    Txns ok(int process, String... mops) {
        return invoke(process, mops).complete(process, "ok");
    }

    Txns fail(int process, String... mops) {
        return invoke(process, mops).complete(process, "fail");
    }

    Txns info(int process, String... mops) {
        return invoke(process, mops).complete(process, "info");
    }

    Txns invoke(int process, String... mops) {
        pending.put(process, mops);
        h.invoke(process, txn(mops, false));
        return this;
    }

    Txns complete(int process, String type) {
        String[] mops = pending.remove(process);
        Op.Txn done = txn(mops, type.equals("ok"));
        switch (type) {
            case "ok" -> h.ok(process, done);
            case "fail" -> h.fail(process, done);
            case "info" -> h.info(process, done);
            default -> throw new IllegalArgumentException(type);
        }
        return this;
    }

    History build() {
        return h.build();
    }

    private Op.Txn txn(String[] mops, boolean withResults) {
        List<Mop> out = new ArrayList<>();
        for (String s : mops) {
            String[] p = s.trim().split("\\s+");
            String key = p[1];
            out.add(switch (p[0]) {
                case "a" -> Mop.append(key, Long.parseLong(p[2]));
                case "w" -> Mop.write(key, Long.parseLong(p[2]));
                case "r" -> {
                    if (lists) {
                        if (!withResults) {
                            yield Mop.readList(key);
                        }
                        long[] v = new long[p.length - 2];
                        for (int i = 2; i < p.length; i++) {
                            v[i - 2] = Long.parseLong(p[i]);
                        }
                        yield Mop.readList(key, v);
                    }
                    yield withResults && !p[2].equals("nil") ? Mop.read(key, Long.parseLong(p[2])) : Mop.read(key);
                }
                default -> throw new IllegalArgumentException(s);
            });
        }
        return new Op.Txn(out);
    }
}
