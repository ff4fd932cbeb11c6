package io.shoaldb.sql.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a physical plan at its {@link PlanNode.Exchange} nodes into {@link Fragment}s, replacing each
 * exchange by a {@link PlanNode.Receiver} in the parent fragment. The result lists fragments so that a
 * fragment comes after every fragment it receives from; the root fragment is last.
 */
public final class FragmentSplitter {
    private final List<Fragment> fragments = new ArrayList<>();

    private FragmentSplitter() {
    }

    public static List<Fragment> split(PlanNode root) {
        FragmentSplitter s = new FragmentSplitter();
        PlanNode top = s.cut(root);
        s.fragments.add(new Fragment(s.fragments.size(), top, -1, new PlanNode.Dist.Single()));
        // Link every fragment to the fragment holding its receiver.
        List<Fragment> linked = new ArrayList<>();
        for (Fragment f : s.fragments) {
            int target = f.targetFragment();
            for (Fragment parent : s.fragments) {
                if (receives(parent.root(), f.id())) {
                    target = parent.id();
                }
            }
            linked.add(new Fragment(f.id(), f.root(), target, f.distribution()));
        }
        return List.copyOf(linked);
    }

    private static boolean receives(PlanNode n, int source) {
        return switch (n) {
            case PlanNode.Receiver r -> r.sourceFragment() == source;
            case PlanNode.Filter f -> receives(f.input(), source);
            case PlanNode.Project p -> receives(p.input(), source);
            case PlanNode.HashJoin j -> receives(j.left(), source) || receives(j.right(), source);
            case PlanNode.NestedLoopJoin j -> receives(j.left(), source) || receives(j.right(), source);
            case PlanNode.MergeJoin j -> receives(j.left(), source) || receives(j.right(), source);
            case PlanNode.HashAggregate a -> receives(a.input(), source);
            case PlanNode.SortAggregate a -> receives(a.input(), source);
            case PlanNode.Correlate c -> receives(c.left(), source);
            case PlanNode.Sort s -> receives(s.input(), source);
            case PlanNode.Window w -> receives(w.input(), source);
            case PlanNode.Unnest u -> receives(u.input(), source);
            case PlanNode.SetOp s -> s.inputs().stream().anyMatch(i -> receives(i, source));
            case PlanNode.Modify m -> receives(m.input(), source);
            case PlanNode.Exchange e -> receives(e.input(), source);
            default -> false;
        };
    }

    private PlanNode cut(PlanNode n) {
        return switch (n) {
            case PlanNode.Exchange e -> {
                PlanNode child = cut(e.input());
                int id = fragments.size();
                // The target fragment id is assigned when the parent is emitted; Receiver links them.
                fragments.add(new Fragment(id, child, -2, e.target()));
                yield new PlanNode.Receiver(id, e.width(), e.target());
            }
            case PlanNode.Filter f -> new PlanNode.Filter(cut(f.input()), f.condition());
            case PlanNode.Project p -> new PlanNode.Project(cut(p.input()), p.exprs());
            case PlanNode.HashJoin j -> new PlanNode.HashJoin(cut(j.left()), cut(j.right()), j.leftKeys(), j.rightKeys(),
                    j.kind(), j.residual());
            case PlanNode.NestedLoopJoin j -> new PlanNode.NestedLoopJoin(cut(j.left()), cut(j.right()), j.kind(),
                    j.condition());
            case PlanNode.HashAggregate a -> new PlanNode.HashAggregate(cut(a.input()), a.groupKeys(), a.calls());
            case PlanNode.SortAggregate a -> new PlanNode.SortAggregate(cut(a.input()), a.groupKeys(), a.calls());
            case PlanNode.MergeJoin j -> new PlanNode.MergeJoin(cut(j.left()), cut(j.right()), j.leftKeys(),
                    j.rightKeys(), j.kind(), j.residual());
            // planned without exchanges inside (it re-runs its iterative side each round)
            case PlanNode.RepeatUnion r -> r;
            case PlanNode.WorkTableScan w -> w;
            case PlanNode.Correlate c -> new PlanNode.Correlate(cut(c.left()), c.right(), c.correlationId(), c.kind());
            case PlanNode.Sort s -> new PlanNode.Sort(cut(s.input()), s.keys(), s.offset(), s.limit());
            case PlanNode.Window w -> new PlanNode.Window(cut(w.input()), w.groups());
            case PlanNode.Unnest u -> new PlanNode.Unnest(cut(u.input()), u.withOrdinality());
            case PlanNode.SetOp s -> {
                List<PlanNode> in = new ArrayList<>();
                for (PlanNode i : s.inputs()) {
                    in.add(cut(i));
                }
                yield new PlanNode.SetOp(s.kind(), s.all(), in);
            }
            case PlanNode.Modify m -> new PlanNode.Modify(m.table(), m.kind(), cut(m.input()), m.updateColumns(),
                    m.onConflict(), m.conflictIndex(), m.conflictUpdateColumns(), m.conflictUpdateValues(),
                    m.conflictWhere(), m.returning(), m.checks());
            case PlanNode.TableScan t -> t;
            case PlanNode.SystemRows r -> r;
            case PlanNode.KeyGet k -> k;
            case PlanNode.IndexSeek i -> i;
            case PlanNode.Values v -> v;
            case PlanNode.Receiver r -> r;
        };
    }
}
