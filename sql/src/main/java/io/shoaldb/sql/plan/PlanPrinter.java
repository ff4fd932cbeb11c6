package io.shoaldb.sql.plan;

import java.util.List;

/** EXPLAIN text of fragments: one line per operator, indented under its parent. */
public final class PlanPrinter {
    private PlanPrinter() {
    }

    public static String print(List<Fragment> fragments) {
        StringBuilder b = new StringBuilder();
        for (int i = fragments.size() - 1; i >= 0; i--) {
            Fragment f = fragments.get(i);
            b.append("Fragment ").append(f.id());
            if (f.targetFragment() >= 0) {
                b.append(" -> fragment ").append(f.targetFragment()).append(" (").append(dist(f.distribution())).append(')');
            } else {
                b.append(" (root)");
            }
            b.append('\n');
            node(b, f.root(), 1);
        }
        return b.toString();
    }

    private static String dist(PlanNode.Dist d) {
        return switch (d) {
            case PlanNode.Dist.Single s -> "single";
            case PlanNode.Dist.Global g -> "global";
            case PlanNode.Dist.Hashed h -> "hash" + h.keys();
        };
    }

    private static void node(StringBuilder b, PlanNode n, int depth) {
        b.append("  ".repeat(depth));
        switch (n) {
            case PlanNode.TableScan s -> b.append("TableScan ").append(s.table().name()).append('\n');
            case PlanNode.SystemRows s -> b.append("SystemRows ").append(s.source()).append('\n');
            case PlanNode.KeyGet k -> b.append("KeyGet ").append(k.table().name()).append('\n');
            case PlanNode.IndexSeek s -> b.append("IndexSeek ").append(s.table().name()).append(" using ")
                    .append(s.index() == null ? s.table().name() + "_pkey" : s.index().name())
                    .append(" prefix=").append(s.prefix().size())
                    .append(s.low() != null || s.high() != null ? " range" : "").append('\n');
            case PlanNode.Filter f -> {
                b.append("Filter\n");
                node(b, f.input(), depth + 1);
            }
            case PlanNode.Project p -> {
                b.append("Project width=").append(p.width()).append('\n');
                node(b, p.input(), depth + 1);
            }
            case PlanNode.HashJoin j -> {
                b.append("HashJoin ").append(j.kind()).append('\n');
                node(b, j.left(), depth + 1);
                node(b, j.right(), depth + 1);
            }
            case PlanNode.NestedLoopJoin j -> {
                b.append("NestedLoopJoin ").append(j.kind()).append('\n');
                node(b, j.left(), depth + 1);
                node(b, j.right(), depth + 1);
            }
            case PlanNode.MergeJoin j -> {
                b.append("MergeJoin ").append(j.kind()).append('\n');
                node(b, j.left(), depth + 1);
                node(b, j.right(), depth + 1);
            }
            case PlanNode.SortAggregate a -> {
                b.append("SortAggregate groups=").append(a.groupKeys().length).append(" aggs=").append(a.calls().size()).append('\n');
                node(b, a.input(), depth + 1);
            }
            case PlanNode.RepeatUnion r -> {
                b.append("RecursiveUnion").append(r.all() ? " ALL " : " ").append(r.name()).append('\n');
                node(b, r.seed(), depth + 1);
                node(b, r.iterative(), depth + 1);
            }
            case PlanNode.WorkTableScan w -> b.append("WorkTableScan ").append(w.name()).append('\n');
            case PlanNode.Correlate c -> {
                b.append("Correlate ").append(c.kind()).append(" $cor").append(c.correlationId()).append('\n');
                node(b, c.left(), depth + 1);
                node(b, c.right(), depth + 1);
            }
            case PlanNode.HashAggregate a -> {
                b.append("HashAggregate groups=").append(a.groupKeys().length).append(" aggs=").append(a.calls().size()).append('\n');
                node(b, a.input(), depth + 1);
            }
            case PlanNode.Sort s -> {
                b.append(s.keys().isEmpty() ? "Limit" : "Sort").append(s.limit() != null && !s.keys().isEmpty() ? " with limit" : "").append('\n');
                node(b, s.input(), depth + 1);
            }
            case PlanNode.Unnest u -> {
                b.append("Unnest").append(u.withOrdinality() ? " with ordinality" : "").append('\n');
                node(b, u.input(), depth + 1);
            }
            case PlanNode.Window w -> {
                b.append("Window groups=").append(w.groups().size()).append('\n');
                node(b, w.input(), depth + 1);
            }
            case PlanNode.SetOp s -> {
                b.append(s.kind()).append(s.all() ? " ALL" : "").append('\n');
                for (PlanNode i : s.inputs()) {
                    node(b, i, depth + 1);
                }
            }
            case PlanNode.Values v -> b.append("Values rows=").append(v.rows().size()).append('\n');
            case PlanNode.Modify m -> {
                b.append(m.kind()).append(' ').append(m.table().name()).append('\n');
                node(b, m.input(), depth + 1);
            }
            case PlanNode.Exchange e -> {
                b.append("Exchange ").append(dist(e.target())).append('\n');
                node(b, e.input(), depth + 1);
            }
            case PlanNode.Receiver r -> b.append("Receive from fragment ").append(r.sourceFragment()).append('\n');
        }
    }
}
