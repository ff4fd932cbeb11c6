package io.shoaldb.checker.elle;

import java.util.Arrays;

/**
 * A dependency graph over transactions (node = operation id), with typed, keyed edges, frozen into
 * compressed sparse rows for traversal. Provides Tarjan's strongly connected components and
 * breadth-first shortest paths, both restricted to edge types and to one component, and iterative so
 * that a million-transaction history cannot overflow the stack.
 */
final class DependencyGraph {
    static final int WW = 1;
    static final int WR = 2;
    static final int RW = 4;
    static final int RT = 8;
    static final int DATA = WW | WR | RW;
    static final int ALL = DATA | RT;
    /** Key id used for real-time edges, which belong to no key. */
    static final int NO_KEY = -1;

    private final int nodeCount;
    private IntList src;
    private IntList dst;
    private IntList labels; // (keyId + 1) << 4 | type

    private int[] offsets;
    private int[] targets;
    private int[] edgeLabels;

    // Scratch for searches, allocated once.
    private int[] index;
    private int[] low;
    private boolean[] onStack;
    private int[] edgePos;
    private int[] stamp;
    private int[] parent;
    private int generation;

    DependencyGraph(int nodeCount, int expectedEdges) {
        if (nodeCount < 0) {
            throw new IllegalArgumentException("nodeCount < 0");
        }
        this.nodeCount = nodeCount;
        this.src = new IntList(expectedEdges);
        this.dst = new IntList(expectedEdges);
        this.labels = new IntList(expectedEdges);
    }

    int nodeCount() {
        return nodeCount;
    }

    void addEdge(int from, int to, int type, int keyId) {
        if (offsets != null) {
            throw new IllegalStateException("graph is frozen");
        }
        if (from == to) {
            throw new IllegalArgumentException("self edge on " + from);
        }
        if (Integer.bitCount(type) != 1 || (type & ALL) == 0 || keyId < NO_KEY || keyId >= (1 << 27)) {
            throw new IllegalArgumentException("bad edge type " + type + " or key " + keyId);
        }
        src.add(from);
        dst.add(to);
        labels.add(((keyId + 1) << 4) | type);
    }

    int edgeCount() {
        return offsets == null ? src.size() : targets.length;
    }

    /** Builds the rows; no edges may be added afterwards. */
    void freeze() {
        if (offsets != null) {
            return;
        }
        int m = src.size();
        offsets = new int[nodeCount + 1];
        int[] s = src.raw();
        for (int i = 0; i < m; i++) {
            offsets[s[i] + 1]++;
        }
        for (int v = 0; v < nodeCount; v++) {
            offsets[v + 1] += offsets[v];
        }
        targets = new int[m];
        edgeLabels = new int[m];
        int[] fill = Arrays.copyOf(offsets, nodeCount);
        int[] d = dst.raw();
        int[] l = labels.raw();
        for (int i = 0; i < m; i++) {
            int at = fill[s[i]]++;
            targets[at] = d[i];
            edgeLabels[at] = l[i];
        }
        src = null;
        dst = null;
        labels = null;
        index = new int[nodeCount];
        low = new int[nodeCount];
        onStack = new boolean[nodeCount];
        edgePos = new int[nodeCount];
        stamp = new int[nodeCount];
        parent = new int[nodeCount];
        Arrays.fill(index, -1);
    }

    /** Strongly connected components found by {@link #components}. */
    record Components(int[] componentOf, int count, java.util.List<int[]> nontrivial) {
    }

    /**
     * Tarjan's algorithm over {@code nodes}, following only edges whose type is in {@code mask} and whose
     * target satisfies {@code componentOf[target] == restrictTo} (or any target, when {@code componentOf}
     * is null). Components of two or more nodes are returned in order of discovery.
     *
     * @param out component ids are written here for {@code nodes} (ids start at {@code firstId})
     */
    Components components(int[] nodes, int mask, int[] restrictComponentOf, int restrictTo, int[] out, int firstId) {
        requireFrozen();
        for (int v : nodes) {
            index[v] = -1;
            onStack[v] = false;
        }
        int counter = 0;
        int comp = firstId;
        java.util.List<int[]> nontrivial = new java.util.ArrayList<>();
        IntList stack = new IntList(64);
        IntList call = new IntList(64);
        for (int root : nodes) {
            if (index[root] != -1) {
                continue;
            }
            index[root] = low[root] = counter++;
            stack.add(root);
            onStack[root] = true;
            edgePos[root] = offsets[root];
            call.add(root);
            while (call.size() > 0) {
                int v = call.get(call.size() - 1);
                if (edgePos[v] < offsets[v + 1]) {
                    int e = edgePos[v]++;
                    if ((edgeLabels[e] & mask) == 0) {
                        continue;
                    }
                    int w = targets[e];
                    if (restrictComponentOf != null && restrictComponentOf[w] != restrictTo) {
                        continue;
                    }
                    if (index[w] == -1) {
                        index[w] = low[w] = counter++;
                        stack.add(w);
                        onStack[w] = true;
                        edgePos[w] = offsets[w];
                        call.add(w);
                    } else if (onStack[w] && index[w] < low[v]) {
                        low[v] = index[w];
                    }
                } else {
                    call.truncate(call.size() - 1);
                    if (call.size() > 0) {
                        int u = call.get(call.size() - 1);
                        if (low[v] < low[u]) {
                            low[u] = low[v];
                        }
                    }
                    if (low[v] == index[v]) {
                        int size = 0;
                        int top;
                        int start = stack.size();
                        do {
                            top = stack.get(--start);
                            size++;
                        } while (top != v);
                        int[] members = size > 1 ? new int[size] : null;
                        for (int k = 0; k < size; k++) {
                            int x = stack.get(start + k);
                            onStack[x] = false;
                            out[x] = comp;
                            if (members != null) {
                                members[k] = x;
                            }
                        }
                        stack.truncate(start);
                        if (members != null) {
                            Arrays.sort(members);
                            nontrivial.add(members);
                        }
                        comp++;
                    }
                }
            }
        }
        return new Components(out, comp - firstId, nontrivial);
    }

    /**
     * The shortest path from {@code from} to {@code to} (inclusive; a cycle when they are equal) over edges of {@code mask} types, staying inside
     * component {@code comp} of {@code componentOf}; null if none. {@code budget[0]} is decremented per edge
     * visited and the search gives up (null) when it reaches zero, unless {@code budget} is null.
     */
    int[] shortestPath(int from, int to, int mask, int[] componentOf, int comp, long[] budget) {
        requireFrozen();
        generation++;
        if (generation == Integer.MAX_VALUE) {
            Arrays.fill(stamp, 0);
            generation = 1;
        }
        IntList queue = new IntList(64);
        queue.add(from);
        stamp[from] = generation;
        parent[from] = -1;
        for (int head = 0; head < queue.size(); head++) {
            int v = queue.get(head);
            for (int e = offsets[v]; e < offsets[v + 1]; e++) {
                if (budget != null && --budget[0] < 0) {
                    return null;
                }
                if ((edgeLabels[e] & mask) == 0) {
                    continue;
                }
                int w = targets[e];
                if (componentOf[w] != comp) {
                    continue;
                }
                if (w == to) {
                    // from ... v, then to (which may equal from: a cycle).
                    IntList back = new IntList(8);
                    for (int x = v; x != -1; x = parent[x]) {
                        back.add(x);
                    }
                    int[] p = new int[back.size() + 1];
                    for (int i = 0; i < back.size(); i++) {
                        p[i] = back.get(back.size() - 1 - i);
                    }
                    p[back.size()] = to;
                    return p;
                }
                if (stamp[w] == generation) {
                    continue;
                }
                stamp[w] = generation;
                parent[w] = v;
                queue.add(w);
            }
        }
        return null;
    }

    /** Calls {@code visitor} with (target, type, keyId) for each out-edge of {@code v}. */
    void forEachEdge(int v, EdgeVisitor visitor) {
        requireFrozen();
        for (int e = offsets[v]; e < offsets[v + 1]; e++) {
            visitor.visit(targets[e], edgeLabels[e] & 15, (edgeLabels[e] >>> 4) - 1);
        }
    }

    @FunctionalInterface
    interface EdgeVisitor {
        void visit(int target, int type, int keyId);
    }

    private void requireFrozen() {
        if (offsets == null) {
            throw new IllegalStateException("freeze() the graph first");
        }
    }
}
