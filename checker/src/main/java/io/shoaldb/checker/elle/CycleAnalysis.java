package io.shoaldb.checker.elle;

import io.shoaldb.checker.history.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the cycles of a dependency graph and names them. Tarjan's algorithm finds the strongly
 * connected components over ww, wr and rw edges; inside each, the weakest explanation is searched in
 * order: a ww-only cycle (G0), a ww/wr cycle (G1c), a cycle with exactly one rw edge (G-single), else
 * one with two or more (G2-item). With real-time edges, components that exist only because of them yield
 * the {@code -realtime} variants, which rule out strict serializability only.
 */
final class CycleAnalysis {
    private static final int[] STEP_PRIORITY = {DependencyGraph.WW, DependencyGraph.WR, DependencyGraph.RT,
        DependencyGraph.RW};

    private final DependencyGraph graph;
    private final List<Operation> ops;
    private final List<String> keyNames;
    private final ElleOptions options;
    private final Findings findings;
    private final long[] budget;

    CycleAnalysis(DependencyGraph graph, List<Operation> ops, List<String> keyNames, ElleOptions options,
                  Findings findings) {
        this.graph = graph;
        this.ops = ops;
        this.keyNames = keyNames;
        this.options = options;
        this.findings = findings;
        this.budget = new long[] {options.cycleSearchBudget()};
    }

    /**
     * The common end of both Elle checkers: adds the real-time edges when checking strict serializability,
     * finds and names the cycles, and turns the findings into a result.
     */
    static io.shoaldb.checker.CheckResult conclude(TxnHistory h, DependencyGraph graph, ElleOptions options,
                                                  Findings findings) {
        if (options.strict()) {
            RealtimeOrder.addEdges(h.history, graph);
        }
        int edges = graph.edgeCount();
        new CycleAnalysis(graph, h.ops, h.keyNames, options, findings).run();
        return findings.result("no anomalies in " + h.ops.size() + " transactions on " + h.keyCount() + " keys ("
                + edges + " dependency edges); consistent with " + (options.strict() ? "strict " : "")
                + "serializability");
    }

    void run() {
        graph.freeze();
        int n = graph.nodeCount();
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        int[] dataComp = new int[n];
        DependencyGraph.Components data = graph.components(all, DependencyGraph.DATA, null, 0, dataComp, 0);
        int[] sub = new int[n];
        for (int[] scc : data.nontrivial()) {
            analyseDataComponent(scc, dataComp, sub);
        }
        if (!options.strict()) {
            return;
        }
        int[] fullComp = new int[n];
        DependencyGraph.Components full = graph.components(all, DependencyGraph.ALL, null, 0, fullComp, 0);
        for (int[] scc : full.nontrivial()) {
            analyseRealtimeComponent(scc, fullComp, dataComp);
        }
    }

    private void analyseDataComponent(int[] scc, int[] dataComp, int[] sub) {
        int id = dataComp[scc[0]];
        DependencyGraph.Components ww = graph.components(scc, DependencyGraph.WW, dataComp, id, sub, 0);
        if (!ww.nontrivial().isEmpty()) {
            int s = ww.nontrivial().getFirst()[0];
            report("G0", graph.shortestPath(s, s, DependencyGraph.WW, sub, sub[s], null), DependencyGraph.WW,
                    "a cycle of write-write dependencies (dirty write)");
            return;
        }
        DependencyGraph.Components wwwr = graph.components(scc, DependencyGraph.WW | DependencyGraph.WR, dataComp, id,
                sub, 0);
        if (!wwwr.nontrivial().isEmpty()) {
            int s = wwwr.nontrivial().getFirst()[0];
            report("G1c", graph.shortestPath(s, s, DependencyGraph.WW | DependencyGraph.WR, sub, sub[s], null),
                    DependencyGraph.WW | DependencyGraph.WR, "a cycle of write-write and write-read dependencies (circular information flow)");
            return;
        }
        // Every cycle here has an rw edge. Try each rw edge u -> v for a path v -> u without rw: G-single.
        int[] firstRw = null;
        search:
        for (int u : scc) {
            for (int v : rwTargetsInComponent(u, dataComp, id)) {
                if (firstRw == null) {
                    firstRw = new int[] {u, v};
                }
                if (budget[0] <= 0) {
                    break search;
                }
                int[] path = graph.shortestPath(v, u, DependencyGraph.WW | DependencyGraph.WR, dataComp, id, budget);
                if (path != null) {
                    report("G-single", prepend(u, path), DependencyGraph.DATA,
                            "a cycle with exactly one read-write anti-dependency (read skew)");
                    return;
                }
            }
        }
        if (firstRw == null) {
            throw new IllegalStateException("a component without ww/wr cycles must contain an rw edge");
        }
        int[] path = graph.shortestPath(firstRw[1], firstRw[0], DependencyGraph.DATA, dataComp, id, null);
        int[] cycle = prepend(firstRw[0], path);
        int rw = countSteps(cycle, DependencyGraph.DATA, DependencyGraph.RW);
        report(rw >= 2 ? "G2-item" : "G-single", cycle, DependencyGraph.DATA, rw >= 2
                ? "a cycle with " + rw + " read-write anti-dependencies (write skew)"
                : "a cycle with exactly one read-write anti-dependency (read skew)");
    }

    private void analyseRealtimeComponent(int[] scc, int[] fullComp, int[] dataComp) {
        int id = fullComp[scc[0]];
        for (int u : scc) {
            int[] hit = new int[] {-1};
            graph.forEachEdge(u, (t, type, key) -> {
                if (hit[0] < 0 && type == DependencyGraph.RT && fullComp[t] == id && dataComp[t] != dataComp[u]) {
                    hit[0] = t;
                }
            });
            if (hit[0] >= 0) {
                int v = hit[0];
                int[] path = graph.shortestPath(v, u, DependencyGraph.ALL, fullComp, id, null);
                int[] cycle = prepend(u, path);
                int rw = countSteps(cycle, DependencyGraph.ALL, DependencyGraph.RW);
                int wr = countSteps(cycle, DependencyGraph.ALL, DependencyGraph.WR);
                String base = rw >= 2 ? "G2-item" : rw == 1 ? "G-single" : wr > 0 ? "G1c" : "G0";
                report(base + "-realtime", cycle, DependencyGraph.ALL,
                        "a cycle that needs real-time order: allowed by serializability, not by strict serializability");
                return;
            }
        }
        // Every real-time edge stays inside one data component: this component was reported above.
    }

    private int[] rwTargetsInComponent(int u, int[] comp, int id) {
        IntList out = new IntList(4);
        graph.forEachEdge(u, (t, type, key) -> {
            if (type == DependencyGraph.RW && comp[t] == id) {
                out.add(t);
            }
        });
        int[] a = new int[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    private static int[] prepend(int u, int[] path) {
        if (path == null) {
            throw new IllegalStateException("no path closes the cycle through " + u + " inside its component");
        }
        int[] c = new int[path.length + 1];
        c[0] = u;
        System.arraycopy(path, 0, c, 1, path.length);
        return c;
    }

    /** The weakest edge type (and its key) from a to b among {@code mask}, as {type, key}. */
    private int[] step(int a, int b, int mask) {
        int[] best = {0, DependencyGraph.NO_KEY, Integer.MAX_VALUE};
        graph.forEachEdge(a, (t, type, key) -> {
            if (t != b || (type & mask) == 0) {
                return;
            }
            int rank = rank(type);
            if (rank < best[2]) {
                best[0] = type;
                best[1] = key;
                best[2] = rank;
            }
        });
        if (best[0] == 0) {
            throw new IllegalStateException("no edge " + a + " -> " + b);
        }
        return best;
    }

    private static int rank(int type) {
        for (int i = 0; i < STEP_PRIORITY.length; i++) {
            if (STEP_PRIORITY[i] == type) {
                return i;
            }
        }
        throw new IllegalArgumentException("type " + type);
    }

    private int countSteps(int[] cycle, int mask, int type) {
        int c = 0;
        for (int i = 0; i + 1 < cycle.length; i++) {
            if (step(cycle[i], cycle[i + 1], mask)[0] == type) {
                c++;
            }
        }
        return c;
    }

    private void report(String type, int[] cycle, int mask, String what) {
        if (cycle == null || cycle[0] != cycle[cycle.length - 1]) {
            throw new IllegalStateException("not a cycle");
        }
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i + 1 < cycle.length; i++) {
            ids.add(ops.get(cycle[i]).id());
        }
        findings.add(type, ids, () -> explain(cycle, mask, what));
    }

    private String explain(int[] cycle, int mask, String what) {
        StringBuilder b = new StringBuilder();
        b.append(what).append(", through ").append(cycle.length - 1).append(" transactions:");
        for (int i = 0; i + 1 < cycle.length; i++) {
            Operation from = ops.get(cycle[i]);
            Operation to = ops.get(cycle[i + 1]);
            int[] s = step(cycle[i], cycle[i + 1], mask);
            b.append("\n  ").append(from.describe());
            b.append("\n    --").append(typeName(s[0]));
            if (s[1] != DependencyGraph.NO_KEY) {
                b.append(' ').append(keyNames.get(s[1]));
            }
            b.append("--> #").append(to.id()).append(": ").append(because(from, to, s[0], s[1]));
        }
        b.append("\n  (back to #").append(ops.get(cycle[0]).id()).append(')');
        return b.toString();
    }

    private String because(Operation from, Operation to, int type, int key) {
        String k = key == DependencyGraph.NO_KEY ? "" : keyNames.get(key);
        return switch (type) {
            case DependencyGraph.WW -> "#" + to.id() + " wrote " + k + " after #" + from.id() + " did";
            case DependencyGraph.WR -> "#" + to.id() + " read #" + from.id() + "'s write of " + k;
            case DependencyGraph.RW -> "#" + from.id() + " read a version of " + k + " older than #" + to.id() + "'s write";
            case DependencyGraph.RT -> "#" + from.id() + " completed (event " + from.completeIndex()
                    + ") before #" + to.id() + " was invoked (event " + to.invokeIndex() + ")";
            default -> throw new IllegalArgumentException("type " + type);
        };
    }

    static String typeName(int type) {
        return switch (type) {
            case DependencyGraph.WW -> "ww";
            case DependencyGraph.WR -> "wr";
            case DependencyGraph.RW -> "rw";
            case DependencyGraph.RT -> "rt";
            default -> throw new IllegalArgumentException("type " + type);
        };
    }
}
