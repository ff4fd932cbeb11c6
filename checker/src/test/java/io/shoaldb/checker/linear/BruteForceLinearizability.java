package io.shoaldb.checker.linear;

import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.Op;
import io.shoaldb.checker.history.Operation;
import java.util.List;
import java.util.Objects;

/**
 * Linearizability by definition, for small histories: try every order of every admissible subset of
 * operations (all ok operations, any subset of info ones, no fail ones) that respects real time, and
 * replay it on a map of registers. Written independently of {@link WglSearch} to judge it.
 */
final class BruteForceLinearizability {
    private final List<Operation> ops;
    private final boolean[] used;

    private BruteForceLinearizability(History h) {
        this.ops = h.operations().stream().filter(o -> !o.isFail()).toList();
        this.used = new boolean[ops.size()];
    }

    static boolean isLinearizable(History h) {
        return new BruteForceLinearizability(h).search(new java.util.HashMap<>());
    }

    private boolean search(java.util.Map<String, Long> state) {
        boolean okLeft = false;
        for (int i = 0; i < ops.size(); i++) {
            if (!used[i] && ops.get(i).isOk()) {
                okLeft = true;
                break;
            }
        }
        if (!okLeft) {
            return true;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (used[i] || !mayGoNext(i)) {
                continue;
            }
            Operation o = ops.get(i);
            String key = Objects.requireNonNullElse(o.invoke().key(), "");
            Long cur = state.get(key);
            Long after;
            switch (o.result()) {
                case Op.Read r -> {
                    if (o.isOk() && !Objects.equals(r.value(), cur)) {
                        continue;
                    }
                    after = cur;
                }
                case Op.Write w -> after = w.value();
                case Op.Cas c -> {
                    if (cur == null || cur != c.expected()) {
                        continue;
                    }
                    after = c.newValue();
                }
                case Op.Txn t -> throw new IllegalArgumentException("no transactions here");
            }
            used[i] = true;
            java.util.Map<String, Long> next = new java.util.HashMap<>(state);
            next.put(key, after);
            if (after == null) {
                next.remove(key);
            }
            boolean found = search(next);
            used[i] = false;
            if (found) {
                return true;
            }
        }
        return false;
    }

    /** No unplaced ok operation returned before {@code i} was invoked. */
    private boolean mayGoNext(int i) {
        int invoked = ops.get(i).invokeIndex();
        for (int j = 0; j < ops.size(); j++) {
            if (!used[j] && j != i && ops.get(j).isOk() && ops.get(j).completeIndex() < invoked) {
                return false;
            }
        }
        return true;
    }

}
