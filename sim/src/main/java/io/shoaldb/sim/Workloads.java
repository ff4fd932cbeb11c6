package io.shoaldb.sim;

import io.shoaldb.sim.scenario.ScenarioException;
import io.shoaldb.sim.synthetic.SyntheticWorkload;
import java.util.Map;
import java.util.TreeMap;

/** The workloads a scenario's {@code workload:} key can name. Register a new workload with one line here. */
public final class Workloads {

    private static final Map<String, WorkloadFactory> BY_NAME = new TreeMap<>();

    static {
        BY_NAME.put("synthetic", SyntheticWorkload::new);
        BY_NAME.put("raft-kv", io.shoaldb.sim.raftkv.RaftKvWorkload::new);
        BY_NAME.put("wal", io.shoaldb.sim.wal.WalWorkload::new);
        BY_NAME.put("sql-list-append", io.shoaldb.sim.sqlappend.SqlListAppendWorkload::new);
    }

    private Workloads() {
    }

    public static WorkloadFactory get(String name) {
        WorkloadFactory f = BY_NAME.get(name);
        if (f == null) {
            throw new ScenarioException("unknown workload '" + name + "' (known: " + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return f;
    }

    public static java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(BY_NAME.keySet());
    }
}
