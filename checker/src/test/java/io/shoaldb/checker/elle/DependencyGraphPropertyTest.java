package io.shoaldb.checker.elle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.HistoryBuilder;
import io.shoaldb.checker.history.Mop;
import io.shoaldb.checker.history.Op;
import io.shoaldb.checker.history.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Tarjan, BFS and the real-time reduction against definitions computed the slow way. */
class DependencyGraphPropertyTest {

    @Property(tries = 300)
    void componentsAreMutualReachability(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int n,
                                         @ForAll @IntRange(min = 0, max = 80) int m) {
        Random rnd = new Random(seed);
        DependencyGraph g = new DependencyGraph(n, m);
        boolean[][] edge = new boolean[n][n];
        for (int i = 0; i < m; i++) {
            int a = rnd.nextInt(n);
            int b = rnd.nextInt(n);
            if (a != b) {
                g.addEdge(a, b, DependencyGraph.WW, 0);
                edge[a][b] = true;
            }
        }
        g.freeze();
        boolean[][] reach = closure(edge);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        int[] comp = new int[n];
        DependencyGraph.Components c = g.components(all, DependencyGraph.ALL, null, 0, comp, 0);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                boolean same = a == b || (reach[a][b] && reach[b][a]);
                assertEquals(same, comp[a] == comp[b], a + " and " + b);
            }
        }
        for (int[] scc : c.nontrivial()) {
            assertTrue(scc.length >= 2);
            int s = scc[0];
            int[] cycle = g.shortestPath(s, s, DependencyGraph.ALL, comp, comp[s], null);
            assertEquals(s, cycle[0]);
            assertEquals(s, cycle[cycle.length - 1]);
            for (int i = 0; i + 1 < cycle.length; i++) {
                assertTrue(edge[cycle[i]][cycle[i + 1]], "cycle uses a missing edge");
                assertEquals(comp[s], comp[cycle[i]]);
            }
        }
    }

    @Property(tries = 200)
    void realtimeReductionKeepsEveryRealtimeOrder(@ForAll long seed, @ForAll @IntRange(min = 1, max = 25) int txns) {
        Random rnd = new Random(seed);
        HistoryBuilder h = History.builder();
        int[] state = new int[txns];
        int done = 0;
        while (done < txns) {
            int t = rnd.nextInt(txns);
            Op.Txn op = Op.txn(Mop.append("x", t));
            if (state[t] == 0) {
                h.invoke(t, op);
                state[t] = 1;
            } else if (state[t] == 1) {
                switch (rnd.nextInt(5)) {
                    case 0 -> h.info(t, op);
                    case 1 -> h.fail(t, op);
                    default -> h.ok(t, op);
                }
                state[t] = 2;
                done++;
            }
        }
        History history = h.build();
        List<Operation> ops = history.operations();
        int n = ops.size();
        DependencyGraph g = new DependencyGraph(n, n * 4);
        RealtimeOrder.addEdges(history, g);
        g.freeze();
        boolean[][] edge = new boolean[n][n];
        List<int[]> edges = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            int from = a;
            g.forEachEdge(a, (t, type, key) -> edges.add(new int[] {from, t}));
        }
        for (int[] e : edges) {
            Operation a = ops.get(e[0]);
            Operation b = ops.get(e[1]);
            assertTrue(a.completeIndex() < b.invokeIndex() && a.isOk() && !b.isFail(), "spurious edge " + e[0] + "->" + e[1]);
            edge[e[0]][e[1]] = true;
        }
        boolean[][] reach = closure(edge);
        for (Operation a : ops) {
            for (Operation b : ops) {
                if (a.isOk() && !b.isFail() && a.completeIndex() < b.invokeIndex()) {
                    assertTrue(reach[a.id()][b.id()], "lost real-time order " + a.describe() + " -> " + b.describe());
                }
            }
        }
        assertTrue(edges.size() <= n * n);
    }

    private static boolean[][] closure(boolean[][] edge) {
        int n = edge.length;
        boolean[][] r = new boolean[n][];
        for (int i = 0; i < n; i++) {
            r[i] = edge[i].clone();
        }
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                if (r[i][k]) {
                    for (int j = 0; j < n; j++) {
                        r[i][j] |= r[k][j];
                    }
                }
            }
        }
        return r;
    }
}
