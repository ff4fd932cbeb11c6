package io.shoaldb.checker.elle;

import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.Mop;
import io.shoaldb.checker.history.Op;
import io.shoaldb.checker.history.Operation;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * (Strict) serializability by definition, for tiny histories: some order of all ok transactions and any
 * subset of info ones (never fail ones), respecting real time if strict, replays every ok read exactly.
 */
final class BruteForceSerializability {
    private final List<Operation> ops;
    private final boolean strict;
    private final boolean[] used;

    private BruteForceSerializability(History h, boolean strict) {
        this.ops = h.operations().stream().filter(o -> !o.isFail()).toList();
        this.strict = strict;
        this.used = new boolean[ops.size()];
    }

    static boolean isSerializable(History h, boolean strict) {
        return new BruteForceSerializability(h, strict).search(new HashMap<>(), new HashMap<>());
    }

    private boolean search(Map<String, long[]> lists, Map<String, Long> regs) {
        boolean okLeft = false;
        for (int i = 0; i < ops.size(); i++) {
            okLeft |= !used[i] && ops.get(i).isOk();
        }
        if (!okLeft) {
            return true;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (used[i] || (strict && !mayGoNext(i))) {
                continue;
            }
            Operation o = ops.get(i);
            Map<String, long[]> l2 = new HashMap<>(lists);
            Map<String, Long> r2 = new HashMap<>(regs);
            if (!apply(o, l2, r2)) {
                continue;
            }
            used[i] = true;
            boolean found = search(l2, r2);
            used[i] = false;
            if (found) {
                return true;
            }
        }
        return false;
    }

    private static boolean apply(Operation o, Map<String, long[]> lists, Map<String, Long> regs) {
        for (Mop m : ((Op.Txn) (o.isOk() ? o.result() : o.invoke())).mops()) {
            switch (m) {
                case Mop.Append a -> {
                    long[] l = lists.getOrDefault(a.key(), new long[0]);
                    long[] n = Arrays.copyOf(l, l.length + 1);
                    n[l.length] = a.value();
                    lists.put(a.key(), n);
                }
                case Mop.ReadList r -> {
                    if (o.isOk() && !Arrays.equals(r.valuesUnsafe(), lists.getOrDefault(r.key(), new long[0]))) {
                        return false;
                    }
                }
                case Mop.Write w -> regs.put(w.key(), w.value());
                case Mop.ReadRegister r -> {
                    if (o.isOk() && !Objects.equals(r.value(), regs.get(r.key()))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private boolean mayGoNext(int i) {
        for (int j = 0; j < ops.size(); j++) {
            if (!used[j] && j != i && ops.get(j).isOk() && ops.get(j).completeIndex() < ops.get(i).invokeIndex()) {
                return false;
            }
        }
        return true;
    }
}
