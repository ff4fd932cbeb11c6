package io.shoaldb.checker.elle;

import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.Mop;
import io.shoaldb.checker.history.Op;
import io.shoaldb.checker.history.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The transactions of a history with their keys interned to dense ids, shared by both Elle checkers. */
final class TxnHistory {
    final History history;
    final List<Operation> ops;
    /** The micro-operations of each operation: with read results for ok ones, as invoked otherwise. */
    final List<List<Mop>> mops;
    final List<String> keyNames = new ArrayList<>();
    private final Map<String, Integer> keyIds = new HashMap<>();

    TxnHistory(History history) {
        this.history = history;
        this.ops = history.operations();
        this.mops = new ArrayList<>(ops.size());
        for (Operation o : ops) {
            if (!(o.result() instanceof Op.Txn t)) {
                throw new IllegalArgumentException("operation " + o.describe() + " is not a transaction");
            }
            mops.add(t.mops());
            for (Mop m : t.mops()) {
                keyId(m.key());
            }
        }
    }

    int keyId(String key) {
        Integer id = keyIds.get(key);
        if (id == null) {
            id = keyNames.size();
            keyIds.put(key, id);
            keyNames.add(key);
        }
        return id;
    }

    int keyCount() {
        return keyNames.size();
    }

    /** ok and info transactions may have taken effect; failed ones did not. */
    boolean mayHaveCommitted(int op) {
        return !ops.get(op).isFail();
    }
}
