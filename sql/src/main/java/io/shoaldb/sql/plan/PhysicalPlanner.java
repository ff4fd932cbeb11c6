package io.shoaldb.sql.plan;

import io.shoaldb.sql.catalog.CalciteCatalogSchema;
import io.shoaldb.sql.catalog.Distribution;
import io.shoaldb.sql.catalog.IndexDef;
import io.shoaldb.sql.catalog.TableDef;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.exec.Expr;
import io.shoaldb.sql.exec.ExprCompiler;
import io.shoaldb.sql.plan.PlanNode.Dist;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalIntersect;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalMinus;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * Turns Calcite's optimised logical plan into ShoalDB's {@link PlanNode} tree: chooses key gets and index
 * seeks for equality predicates on key prefixes (the fast path needs no cost-based search), hash joins for
 * equi-joins and nested loops otherwise, and places {@link PlanNode.Exchange}s where the distribution of
 * rows must change — colocated joins and aggregates on the distribution key stay where the data is,
 * everything else gathers to the coordinator.
 */
public final class PhysicalPlanner {
    private final ExprCompiler compiler;
    private final RexBuilder rexBuilder;

    /**
     * A planned subtree, where its rows live, and the output columns its rows are known to be ordered by
     * (ascending; empty when unknown) — what merge join and sort aggregation need.
     */
    record Phys(PlanNode node, Dist dist, List<Integer> order) {
        Phys(PlanNode node, Dist dist) {
            this(node, dist, List.of());
        }
    }

    /** Work tables of the recursive unions being planned, by CTE name (innermost wins). */
    private final java.util.NavigableMap<String, Integer> workTables = new java.util.TreeMap<>();
    private int nextWorkTable;

    public PhysicalPlanner(RexBuilder rexBuilder) {
        this.rexBuilder = rexBuilder;
        this.compiler = new ExprCompiler(rexBuilder);
    }

    public ExprCompiler compiler() {
        return compiler;
    }

    /** Plans a query root; its rows end on the coordinator. */
    public PlanNode planRoot(RelNode rel) {
        return gather(plan(rel)).node();
    }

    Phys plan(RelNode rel) {
        return switch (rel) {
            case LogicalTableScan s -> s.getTable().unwrap(io.shoaldb.sql.pgcatalog.CalciteSystemSchema.SystemTable.class) != null
                    ? systemScan(s) : scan(s);
            case org.apache.calcite.rel.logical.LogicalTableFunctionScan f -> tableFunction(f);
            case LogicalFilter f -> filter(f);
            case LogicalProject p -> project(p);
            case LogicalJoin j -> join(j);
            case org.apache.calcite.rel.logical.LogicalCorrelate c -> correlate(c);
            case LogicalAggregate a -> aggregate(a);
            case LogicalSort s -> sort(s);
            case LogicalUnion u -> setOp(PlanNode.SetKind.UNION, u.all, u.getInputs());
            case LogicalIntersect i -> setOp(PlanNode.SetKind.INTERSECT, i.all, i.getInputs());
            case LogicalMinus m -> setOp(PlanNode.SetKind.EXCEPT, m.all, m.getInputs());
            case LogicalValues v -> values(v);
            case org.apache.calcite.rel.logical.LogicalWindow w -> window(w);
            case org.apache.calcite.rel.core.RepeatUnion u -> repeatUnion(u);
            // The spools feed the recursive union's work table, which RepeatUnion keeps itself.
            case org.apache.calcite.rel.core.TableSpool t -> plan(t.getInput());
            // ARRAY(subquery): one row holding the subquery's values as an array ('{}' when it has none)
            case org.apache.calcite.rel.core.Collect c -> new Phys(new PlanNode.HashAggregate(gather(plan(c.getInput())).node(),
                    new int[0], List.of(new PlanNode.AggCall("COLLECT", new int[] {0}, false, -1,
                            org.apache.calcite.sql.type.SqlTypeName.ARRAY, null))), new Dist.Single());
            case org.apache.calcite.rel.core.Uncollect u -> new Phys(new PlanNode.Unnest(gather(plan(u.getInput())).node(),
                    u.withOrdinality), new Dist.Single());
            default -> throw notSupported(rel);
        };
    }

    private static SqlException notSupported(RelNode rel) {
        String name = rel.getRelTypeName().replace("Logical", "").toLowerCase(Locale.ROOT);
        String what = switch (name) {
            case "window" -> "window functions";
            case "repeatunion", "tablespool" -> "WITH RECURSIVE";
            default -> "query feature \"" + name + "\"";
        };
        return SqlException.notSupported(what);
    }

    static TableDef tableOf(LogicalTableScan s) {
        CalciteCatalogSchema.CatalogTable t = s.getTable().unwrap(CalciteCatalogSchema.CatalogTable.class);
        if (t == null) {
            throw new IllegalStateException("scan of a table outside the catalog: " + s.getTable().getQualifiedName());
        }
        return t.def();
    }

    private static Dist distOf(TableDef t) {
        return switch (t.distribution()) {
            case Distribution.Global g -> new Dist.Global();
            case Distribution.Sharded s -> new Dist.Hashed(s.keyColumns());
        };
    }

    private Phys scan(LogicalTableScan s) {
        if (s.getTable().unwrap(CalciteCatalogSchema.CatalogTable.class) == null) {
            List<String> qn = s.getTable().getQualifiedName();
            Integer id = workTables.get(qn.get(qn.size() - 1));
            if (id != null) {
                return new Phys(new PlanNode.WorkTableScan(id, qn.get(qn.size() - 1), s.getRowType().getFieldCount()),
                        new Dist.Single());
            }
        }
        TableDef t = tableOf(s);
        return new Phys(new PlanNode.TableScan(t), distOf(t), t.primaryKey());
    }

    /**
     * WITH RECURSIVE: the seed and the iterative side are planned without exchanges (the iterative side
     * re-runs every round on this node, like a correlated subquery), and the iterative side's scans of the
     * CTE read the work table.
     */
    private Phys repeatUnion(org.apache.calcite.rel.core.RepeatUnion u) {
        // Calcite names the CTE on the spools that write its work table (and on the union in some versions).
        org.apache.calcite.plan.RelOptTable table = u.getTransientTable() != null ? u.getTransientTable()
                : u.getIterativeRel() instanceof org.apache.calcite.rel.core.TableSpool sp ? sp.getTable()
                : u.getSeedRel() instanceof org.apache.calcite.rel.core.TableSpool sp2 ? sp2.getTable() : null;
        if (table == null) {
            throw SqlException.notSupported("WITH RECURSIVE of this shape");
        }
        List<String> qn = table.getQualifiedName();
        String name = qn.get(qn.size() - 1);
        int id = nextWorkTable++;
        correlatedDepth++;
        try {
            Phys seed = plan(u.getSeedRel());
            Integer outer = workTables.put(name, id);
            try {
                Phys iterative = plan(u.getIterativeRel());
                return new Phys(new PlanNode.RepeatUnion(seed.node(), iterative.node(), id, name, u.all),
                        new Dist.Single());
            } finally {
                if (outer == null) {
                    workTables.remove(name);
                } else {
                    workTables.put(name, outer);
                }
            }
        } finally {
            correlatedDepth--;
        }
    }

    private Phys systemScan(LogicalTableScan s) {
        var r = s.getTable().unwrap(io.shoaldb.sql.pgcatalog.CalciteSystemSchema.SystemTable.class).relation();
        return new Phys(new PlanNode.SystemRows(r.schema() + "." + r.name(), List.of(), r.columns().size()),
                new Dist.Single());
    }

    private Phys tableFunction(org.apache.calcite.rel.logical.LogicalTableFunctionScan f) {
        if (!(f.getCall() instanceof RexCall call) || !f.getInputs().isEmpty()
                || !io.shoaldb.sql.pgcatalog.TableFunctions.isTableFunction(call.getOperator().getName())) {
            throw notSupported(f);
        }
        return new Phys(new PlanNode.SystemRows(call.getOperator().getName(), compiler.compileAll(call.getOperands()),
                f.getRowType().getFieldCount()), new Dist.Single());
    }

    private Phys filter(LogicalFilter f) {
        Expr cond = compiler.compile(f.getCondition());
        if (f.getInput() instanceof LogicalTableScan s
                && s.getTable().unwrap(CalciteCatalogSchema.CatalogTable.class) != null) {
            TableDef t = tableOf(s);
            PlanNode access = keyAccess(t, f.getCondition());
            if (access != null) {
                List<Integer> order = access instanceof PlanNode.IndexSeek seek && seek.index() != null
                        ? seek.index().columns() : t.primaryKey();
                return new Phys(new PlanNode.Filter(access, cond), access instanceof PlanNode.KeyGet
                        ? new Dist.Single() : distOf(t), order);
            }
        }
        Phys in = plan(f.getInput());
        return new Phys(new PlanNode.Filter(in.node(), cond), in.dist(), in.order());
    }

    /** A key get or index seek for the equality conjuncts of {@code condition} on {@code t}, or null. */
    private PlanNode keyAccess(TableDef t, RexNode condition) {
        List<RexNode> conjuncts = RelOptUtil.conjunctions(condition);
        RexNode[] eq = new RexNode[t.columns().size()];
        for (RexNode c : conjuncts) {
            if (c.getKind() == SqlKind.EQUALS) {
                RexCall call = (RexCall) c;
                RexNode a = stripCast(call.getOperands().get(0));
                RexNode b = stripCast(call.getOperands().get(1));
                if (a instanceof RexInputRef ref && isConstant(call.getOperands().get(1))) {
                    eq[ref.getIndex()] = call.getOperands().get(1);
                } else if (b instanceof RexInputRef ref && isConstant(call.getOperands().get(0))) {
                    eq[ref.getIndex()] = call.getOperands().get(0);
                }
            }
        }
        PlanNode.IndexSeek best = null;
        if (!t.primaryKey().isEmpty()) { // a table keyed by hidden row ids has no key access by values
            List<Expr> pk = prefix(t.primaryKey(), eq);
            if (pk.size() == t.primaryKey().size()) {
                return new PlanNode.KeyGet(t, pk);
            }
            best = seek(t, null, t.primaryKey(), pk, conjuncts);
        }
        for (IndexDef idx : t.indexes()) {
            PlanNode.IndexSeek candidate = seek(t, idx, idx.columns(), prefix(idx.columns(), eq), conjuncts);
            if (score(candidate) > score(best)) {
                best = candidate;
            }
        }
        return best != null && score(best) > 0 ? best : null;
    }

    private static int score(PlanNode.IndexSeek s) {
        return s == null ? -1 : s.prefix().size() * 2 + (s.low() != null || s.high() != null ? 1 : 0);
    }

    /** An index seek with the equality prefix and, on the next column, the first range bounds found. */
    private PlanNode.IndexSeek seek(TableDef t, IndexDef idx, List<Integer> columns, List<Expr> prefix,
            List<RexNode> conjuncts) {
        Expr low = null;
        Expr high = null;
        boolean lowInclusive = false;
        boolean highInclusive = false;
        if (prefix.size() < columns.size()) {
            int col = columns.get(prefix.size());
            for (RexNode c : conjuncts) {
                SqlKind k = c.getKind();
                if (k != SqlKind.GREATER_THAN && k != SqlKind.GREATER_THAN_OR_EQUAL && k != SqlKind.LESS_THAN
                        && k != SqlKind.LESS_THAN_OR_EQUAL) {
                    continue;
                }
                RexCall call = (RexCall) c;
                RexNode a = call.getOperands().get(0);
                RexNode b = call.getOperands().get(1);
                RexNode constant;
                if (stripCast(a) instanceof RexInputRef ref && ref.getIndex() == col && isConstant(b)) {
                    constant = b;
                } else if (stripCast(b) instanceof RexInputRef ref && ref.getIndex() == col && isConstant(a)) {
                    constant = a;
                    k = k.reverse();
                } else {
                    continue;
                }
                boolean inclusive = k == SqlKind.GREATER_THAN_OR_EQUAL || k == SqlKind.LESS_THAN_OR_EQUAL;
                if ((k == SqlKind.GREATER_THAN || k == SqlKind.GREATER_THAN_OR_EQUAL) && low == null) {
                    low = compiler.compile(constant);
                    lowInclusive = inclusive;
                } else if ((k == SqlKind.LESS_THAN || k == SqlKind.LESS_THAN_OR_EQUAL) && high == null) {
                    high = compiler.compile(constant);
                    highInclusive = inclusive;
                }
            }
        }
        return new PlanNode.IndexSeek(t, idx, prefix, low, lowInclusive, high, highInclusive);
    }

    private List<Expr> prefix(List<Integer> columns, RexNode[] eq) {
        List<Expr> out = new ArrayList<>();
        for (int c : columns) {
            if (eq[c] == null) {
                break;
            }
            out.add(compiler.compile(eq[c]));
        }
        return out;
    }

    private static RexNode stripCast(RexNode n) {
        return n.getKind() == SqlKind.CAST ? ((RexCall) n).getOperands().get(0) : n;
    }

    private static boolean isConstant(RexNode n) {
        RexNode s = stripCast(n);
        return s instanceof RexLiteral || s instanceof RexDynamicParam;
    }

    private Phys project(LogicalProject p) {
        Phys in = plan(p.getInput());
        Dist dist = in.dist();
        if (dist instanceof Dist.Hashed h) {
            List<Integer> keys = new ArrayList<>();
            for (int k : h.keys()) {
                int pos = -1;
                for (int i = 0; i < p.getProjects().size(); i++) {
                    if (p.getProjects().get(i) instanceof RexInputRef r && r.getIndex() == k) {
                        pos = i;
                        break;
                    }
                }
                if (pos < 0) {
                    keys = List.of();
                    break;
                }
                keys.add(pos);
            }
            dist = new Dist.Hashed(keys);
        }
        List<Integer> order = new ArrayList<>();
        for (int k : in.order()) {
            int pos = -1;
            for (int i = 0; i < p.getProjects().size(); i++) {
                if (p.getProjects().get(i) instanceof RexInputRef r && r.getIndex() == k) {
                    pos = i;
                    break;
                }
            }
            if (pos < 0) {
                break;
            }
            order.add(pos);
        }
        return new Phys(new PlanNode.Project(in.node(), compiler.compileAll(p.getProjects())), dist, order);
    }

    private Phys join(LogicalJoin j) {
        Phys left = plan(j.getLeft());
        Phys right = plan(j.getRight());
        PlanNode.JoinKind kind = switch (j.getJoinType()) {
            case INNER -> PlanNode.JoinKind.INNER;
            case LEFT -> PlanNode.JoinKind.LEFT;
            case RIGHT -> PlanNode.JoinKind.RIGHT;
            case FULL -> PlanNode.JoinKind.FULL;
            case SEMI -> PlanNode.JoinKind.SEMI;
            case ANTI -> PlanNode.JoinKind.ANTI;
            default -> throw SqlException.notSupported("join type " + j.getJoinType());
        };
        JoinInfo info = j.analyzeCondition();
        Dist dist = joinDist(left.dist(), right.dist(), kind, info);
        if (dist instanceof Dist.Single) {
            left = gather(left);
            right = gather(right);
        }
        PlanNode l = left.node();
        PlanNode r = right.node();
        PlanNode node;
        int[][] merge = mergeKeys(j, left.order(), right.order(), info, kind);
        if (merge != null) {
            RexNode remaining = info.getRemaining(rexBuilder);
            Expr residual = remaining.isAlwaysTrue() ? null : compiler.compile(remaining);
            return new Phys(new PlanNode.MergeJoin(l, r, merge[0], merge[1], kind, residual), dist, left.order());
        }
        if (!info.leftKeys.isEmpty()) {
            RexNode remaining = info.getRemaining(rexBuilder);
            Expr residual = remaining.isAlwaysTrue() ? null : compiler.compile(remaining);
            node = new PlanNode.HashJoin(l, r, info.leftKeys.toIntArray(), info.rightKeys.toIntArray(), kind, residual);
        } else {
            Expr cond = j.getCondition().isAlwaysTrue() ? null : compiler.compile(j.getCondition());
            node = new PlanNode.NestedLoopJoin(l, r, kind, cond);
        }
        return new Phys(node, dist);
    }

    /** Key types whose storage order (KeyCodec) is the order {@code Values.compare} gives, so merging is exact. */
    private static final java.util.EnumSet<org.apache.calcite.sql.type.SqlTypeName> MERGEABLE = java.util.EnumSet.of(
            org.apache.calcite.sql.type.SqlTypeName.SMALLINT, org.apache.calcite.sql.type.SqlTypeName.INTEGER,
            org.apache.calcite.sql.type.SqlTypeName.BIGINT, org.apache.calcite.sql.type.SqlTypeName.VARCHAR,
            org.apache.calcite.sql.type.SqlTypeName.CHAR, org.apache.calcite.sql.type.SqlTypeName.DATE,
            org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP, org.apache.calcite.sql.type.SqlTypeName.BOOLEAN);

    /**
     * Merge join when both inputs are already ordered by the equi-join keys (the first k columns of each
     * side's order pair up as the k join keys), the keys have equal, merge-safe types and the join is INNER
     * or LEFT; returns {left keys, right keys} in order sequence, or null.
     */
    private static int[][] mergeKeys(LogicalJoin j, List<Integer> leftOrder, List<Integer> rightOrder, JoinInfo info,
            PlanNode.JoinKind kind) {
        int k = info.leftKeys.size();
        if (k == 0 || (kind != PlanNode.JoinKind.INNER && kind != PlanNode.JoinKind.LEFT)
                || leftOrder.size() < k || rightOrder.size() < k
                || new java.util.TreeSet<>(info.leftKeys).size() != k) {
            return null;
        }
        int[] lk = new int[k];
        int[] rk = new int[k];
        for (int i = 0; i < k; i++) {
            int pos = info.leftKeys.indexOf(leftOrder.get(i));
            if (pos < 0 || info.rightKeys.get(pos) != rightOrder.get(i).intValue()) {
                return null;
            }
            lk[i] = leftOrder.get(i);
            rk[i] = rightOrder.get(i);
            var lt = j.getLeft().getRowType().getFieldList().get(lk[i]).getType().getSqlTypeName();
            var rt = j.getRight().getRowType().getFieldList().get(rk[i]).getType().getSqlTypeName();
            if (lt != rt || !MERGEABLE.contains(lt)) {
                return null;
            }
        }
        return new int[][] {lk, rk};
    }

    /** Where a join can run without moving rows, or Single when both sides must be gathered. */
    private static Dist joinDist(Dist l, Dist r, PlanNode.JoinKind kind, JoinInfo info) {
        boolean leftPreserving = kind == PlanNode.JoinKind.INNER || kind == PlanNode.JoinKind.LEFT
                || kind == PlanNode.JoinKind.SEMI || kind == PlanNode.JoinKind.ANTI;
        if (l instanceof Dist.Global && r instanceof Dist.Global) {
            return l;
        }
        if (l instanceof Dist.Hashed h && !h.keys().isEmpty() && r instanceof Dist.Global && leftPreserving) {
            return l;
        }
        if (r instanceof Dist.Hashed h && !h.keys().isEmpty() && l instanceof Dist.Global && kind == PlanNode.JoinKind.INNER) {
            return r;
        }
        if (l instanceof Dist.Hashed hl && r instanceof Dist.Hashed hr && !hl.keys().isEmpty()
                && hl.keys().size() == hr.keys().size() && kind != PlanNode.JoinKind.FULL) {
            boolean colocated = true;
            for (int i = 0; i < hl.keys().size(); i++) {
                int pos = info.leftKeys.indexOf(hl.keys().get(i));
                if (pos < 0 || info.rightKeys.get(pos) != hr.keys().get(i).intValue()) {
                    colocated = false;
                    break;
                }
            }
            if (colocated) {
                return l;
            }
        }
        return new Dist.Single();
    }

    /** Depth of correlated right-hand sides being planned: they re-run per outer row, so no exchanges. */
    private int correlatedDepth;

    private Phys correlate(org.apache.calcite.rel.logical.LogicalCorrelate c) {
        Phys left = gather(plan(c.getLeft()));
        correlatedDepth++;
        Phys right;
        try {
            right = plan(c.getRight());
        } finally {
            correlatedDepth--;
        }
        PlanNode.JoinKind kind = switch (c.getJoinType()) {
            case INNER -> PlanNode.JoinKind.INNER;
            case LEFT -> PlanNode.JoinKind.LEFT;
            case SEMI -> PlanNode.JoinKind.SEMI;
            case ANTI -> PlanNode.JoinKind.ANTI;
            default -> throw SqlException.notSupported("correlated join type " + c.getJoinType());
        };
        return new Phys(new PlanNode.Correlate(left.node(), right.node(), c.getCorrelationId().getId(), kind),
                new Dist.Single());
    }

    /** Gathers rows on the coordinator; an exchange (several senders) loses the order rows had. */
    private Phys gather(Phys p) {
        if (p.dist() instanceof Dist.Single || p.dist() instanceof Dist.Global || correlatedDepth > 0) {
            return new Phys(p.node(), new Dist.Single(), p.order());
        }
        return new Phys(new PlanNode.Exchange(p.node(), new Dist.Single()), new Dist.Single());
    }

    private Phys aggregate(LogicalAggregate a) {
        if (a.getGroupType() != Aggregate.Group.SIMPLE) {
            throw SqlException.notSupported("GROUPING SETS, ROLLUP and CUBE");
        }
        Phys in = plan(a.getInput());
        int[] groups = a.getGroupSet().toArray();
        List<PlanNode.AggCall> calls = new ArrayList<>();
        for (AggregateCall c : a.getAggCallList()) {
            if (c.hasFilter() && c.filterArg < 0 || !c.collation.getFieldCollations().isEmpty()) {
                throw SqlException.notSupported("ordered aggregate " + c.getAggregation().getName().toLowerCase(Locale.ROOT));
            }
            calls.add(new PlanNode.AggCall(c.getAggregation().getName().toUpperCase(Locale.ROOT),
                    c.getArgList().stream().mapToInt(Integer::intValue).toArray(), c.isDistinct(), c.filterArg,
                    c.getType().getSqlTypeName(),
                    c.rexList.isEmpty() || !(c.rexList.get(0) instanceof RexLiteral lit) ? null : ExprCompiler.literalValue(lit)));
        }
        Dist dist = in.dist();
        PlanNode input = in.node();
        List<Integer> inputOrder = in.order();
        if (dist instanceof Dist.Hashed h && !h.keys().isEmpty() && a.getGroupSet().asList().containsAll(h.keys())) {
            List<Integer> keys = new ArrayList<>();
            for (int k : h.keys()) {
                keys.add(a.getGroupSet().asList().indexOf(k));
            }
            dist = new Dist.Hashed(keys);
        } else {
            Phys g = gather(in);
            input = g.node();
            dist = g.dist();
            inputOrder = g.order();
        }
        // Input already grouped (ordered by the group keys, in any sequence): aggregate while streaming.
        List<Integer> groupList = a.getGroupSet().asList();
        if (!groupList.isEmpty() && inputOrder.size() >= groupList.size()
                && new java.util.TreeSet<>(inputOrder.subList(0, groupList.size())).equals(new java.util.TreeSet<>(groupList))
                && groupList.stream().allMatch(g -> MERGEABLE.contains(
                        a.getInput().getRowType().getFieldList().get(g).getType().getSqlTypeName()))) {
            List<Integer> order = new ArrayList<>();
            for (int k : inputOrder.subList(0, groupList.size())) {
                order.add(groupList.indexOf(k));
            }
            return new Phys(new PlanNode.SortAggregate(input, groups, calls), dist, order);
        }
        return new Phys(new PlanNode.HashAggregate(input, groups, calls), dist);
    }

    private Phys sort(LogicalSort s) {
        Phys in = gather(plan(s.getInput()));
        List<PlanNode.SortKey> keys = new ArrayList<>();
        for (RelFieldCollation fc : s.getCollation().getFieldCollations()) {
            boolean desc = fc.direction.isDescending();
            RelFieldCollation.NullDirection nd = fc.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED
                    ? fc.direction.defaultNullDirection() : fc.nullDirection;
            keys.add(new PlanNode.SortKey(fc.getFieldIndex(), desc, nd == RelFieldCollation.NullDirection.FIRST));
        }
        Expr offset = s.offset == null ? null : compiler.compile(s.offset);
        Expr fetch = s.fetch == null ? null : compiler.compile(s.fetch);
        return new Phys(new PlanNode.Sort(in.node(), keys, offset, fetch), new Dist.Single());
    }

    private Phys window(org.apache.calcite.rel.logical.LogicalWindow w) {
        Phys in = gather(plan(w.getInput()));
        int n = w.getInput().getRowType().getFieldCount();
        org.apache.calcite.rex.RexShuttle constants = new org.apache.calcite.rex.RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return ref.getIndex() >= n ? w.constants.get(ref.getIndex() - n) : ref;
            }
        };
        List<PlanNode.WindowGroup> groups = new ArrayList<>();
        for (org.apache.calcite.rel.core.Window.Group g : w.groups) {
            if (g.exclude != org.apache.calcite.rex.RexWindowExclusion.EXCLUDE_NO_OTHER) {
                throw SqlException.notSupported("window frame EXCLUDE");
            }
            List<PlanNode.SortKey> order = new ArrayList<>();
            for (RelFieldCollation fc : g.orderKeys.getFieldCollations()) {
                RelFieldCollation.NullDirection nd = fc.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED
                        ? fc.direction.defaultNullDirection() : fc.nullDirection;
                order.add(new PlanNode.SortKey(fc.getFieldIndex(), fc.direction.isDescending(),
                        nd == RelFieldCollation.NullDirection.FIRST));
            }
            List<PlanNode.WindowCall> calls = new ArrayList<>();
            for (org.apache.calcite.rel.core.Window.RexWinAggCall c : g.aggCalls) {
                if (c.distinct) {
                    throw SqlException.notSupported("DISTINCT in window aggregates");
                }
                List<Expr> args = new ArrayList<>();
                for (RexNode op : c.getOperands()) {
                    args.add(compiler.compile(op.accept(constants)));
                }
                calls.add(new PlanNode.WindowCall(c.getOperator().getName().toUpperCase(Locale.ROOT), args,
                        c.getType().getSqlTypeName()));
            }
            groups.add(new PlanNode.WindowGroup(g.keys.toArray(), order, g.isRows,
                    bound(g.lowerBound, constants, g.isRows), bound(g.upperBound, constants, g.isRows), calls));
        }
        return new Phys(new PlanNode.Window(in.node(), groups), new Dist.Single());
    }

    private static PlanNode.FrameBound bound(org.apache.calcite.rex.RexWindowBound b,
            org.apache.calcite.rex.RexShuttle constants, boolean rows) {
        if (b.isUnbounded()) {
            return new PlanNode.FrameBound(b.isPreceding(), -1);
        }
        if (b.isCurrentRow()) {
            return new PlanNode.FrameBound(true, 0);
        }
        if (!rows) {
            throw SqlException.notSupported("RANGE frames with an offset");
        }
        RexNode off = b.getOffset().accept(constants);
        if (!(off instanceof RexLiteral lit) || lit.isNull()) {
            throw SqlException.notSupported("window frame offsets that are not constants");
        }
        long v = ((Number) ExprCompiler.literalValue(lit)).longValue();
        if (v < 0) {
            throw new SqlException("22013", "frame starting offset must not be negative");
        }
        return new PlanNode.FrameBound(b.isPreceding(), v);
    }

    private Phys setOp(PlanNode.SetKind kind, boolean all, List<RelNode> inputs) {
        if (kind == PlanNode.SetKind.UNION && all) {
            PlanNode.Values rows = valuesList(inputs);
            if (rows != null) {
                return new Phys(rows, new Dist.Single());
            }
        }
        List<PlanNode> in = new ArrayList<>();
        for (RelNode r : inputs) {
            in.add(gather(plan(r)).node());
        }
        return new Phys(new PlanNode.SetOp(kind, all, in), new Dist.Single());
    }

    /**
     * A {@code VALUES} list with parameters or expressions, which Calcite converts into a UNION ALL of
     * one-row projections over a one-row Values, as one Values operator evaluating each row's expressions;
     * null when the inputs have another shape (a real UNION ALL of queries).
     */
    private PlanNode.Values valuesList(List<RelNode> inputs) {
        List<List<Expr>> rows = new ArrayList<>();
        for (RelNode r : inputs) {
            if (r instanceof LogicalValues v) {
                for (List<RexLiteral> tuple : v.getTuples()) {
                    rows.add(compiler.compileAll(new ArrayList<RexNode>(tuple)));
                }
            } else if (r instanceof LogicalProject p && p.getInput() instanceof LogicalValues one
                    && one.getTuples().size() == 1 && p.getProjects().stream().allMatch(PhysicalPlanner::rowFree)) {
                rows.add(compiler.compileAll(p.getProjects()));
            } else {
                return null;
            }
        }
        return new PlanNode.Values(rows, inputs.get(0).getRowType().getFieldCount());
    }

    /** True when an expression reads no input column and holds no subquery, so it needs no input row. */
    private static boolean rowFree(RexNode e) {
        return !RexUtil.containsInputRef(e) && !RexUtil.containsCorrelation(e) && RexUtil.SubQueryFinder.find(e) == null;
    }

    private Phys values(LogicalValues v) {
        List<List<Expr>> rows = new ArrayList<>();
        for (List<RexLiteral> tuple : v.getTuples()) {
            List<Expr> r = new ArrayList<>();
            for (RexLiteral lit : tuple) {
                r.add(compiler.compile(lit));
            }
            rows.add(r);
        }
        return new Phys(new PlanNode.Values(rows, v.getRowType().getFieldCount()), new Dist.Single());
    }
}
