package io.shoaldb.checker.elle;

import io.shoaldb.checker.history.Event;
import io.shoaldb.checker.history.EventType;
import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.Operation;
import java.util.List;

/**
 * Real-time edges T1 → T2 (T1 completed before T2 was invoked), as a transitive reduction, the way Elle
 * builds them: a frontier of completed transactions not yet covered by a later completion is linked to
 * each new invocation; when a transaction completes, the frontier members it was linked from are covered
 * by it and leave. This keeps the edge count near (transactions × concurrency) instead of quadratic.
 */
final class RealtimeOrder {
    private RealtimeOrder() {
    }

    /** Adds the edges to {@code graph}; failed operations take no part. */
    static void addEdges(History history, DependencyGraph graph) {
        List<Operation> ops = history.operations();
        List<Event> events = history.events();
        int[] opOfInvoke = new int[events.size()];
        java.util.Arrays.fill(opOfInvoke, -1);
        int[] opOfCompletion = new int[events.size()];
        java.util.Arrays.fill(opOfCompletion, -1);
        for (Operation o : ops) {
            opOfInvoke[o.invokeIndex()] = o.id();
            if (o.completeIndex() != Operation.NEVER) {
                opOfCompletion[o.completeIndex()] = o.id();
            }
        }
        IntList frontier = new IntList(64);
        boolean[] covered = new boolean[ops.size()];
        // Predecessors of each operation = the frontier at its invocation; kept as ranges in one list.
        IntList preds = new IntList(ops.size() * 4);
        int[] predStart = new int[ops.size()];
        int[] predEnd = new int[ops.size()];
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).type() == EventType.INVOKE) {
                int t = opOfInvoke[i];
                if (ops.get(t).isFail()) {
                    continue;
                }
                predStart[t] = preds.size();
                for (int k = 0; k < frontier.size(); k++) {
                    int f = frontier.get(k);
                    preds.add(f);
                    graph.addEdge(f, t, DependencyGraph.RT, DependencyGraph.NO_KEY);
                }
                predEnd[t] = preds.size();
            } else {
                int t = opOfCompletion[i];
                if (t < 0 || !ops.get(t).isOk()) {
                    continue;
                }
                for (int k = predStart[t]; k < predEnd[t]; k++) {
                    covered[preds.get(k)] = true;
                }
                int kept = 0;
                for (int k = 0; k < frontier.size(); k++) {
                    int f = frontier.get(k);
                    if (!covered[f]) {
                        frontier.set(kept++, f);
                    }
                }
                frontier.truncate(kept);
                frontier.add(t);
            }
        }
    }
}
