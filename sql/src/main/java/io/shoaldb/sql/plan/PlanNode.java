package io.shoaldb.sql.plan;

import io.shoaldb.sql.catalog.IndexDef;
import io.shoaldb.sql.catalog.TableDef;
import io.shoaldb.sql.exec.Expr;
import java.util.List;

/**
 * ShoalDB's physical plan: what the operators in {@code io.shoaldb.sql.exec} run. Built from Calcite's
 * logical plan by {@link PhysicalPlanner}; {@link Exchange} nodes mark where rows change distribution and
 * where {@link FragmentSplitter} cuts the plan into fragments. Every node states its output width.
 */
public sealed interface PlanNode {
    int width();

    /** Full scan of a table in primary-key order. */
    record TableScan(TableDef table) implements PlanNode {
        public int width() {
            return table.columns().size();
        }
    }

    /** Rows whose primary key (all columns) equals the key expressions: the point-read fast path. */
    record KeyGet(TableDef table, List<Expr> key) implements PlanNode {
        public int width() {
            return table.columns().size();
        }
    }

    /**
     * Rows whose leading index columns equal {@code prefix} and whose next column lies between the optional
     * bounds {@code low}/{@code high}: an index seek or range scan on a secondary index, or on the primary
     * key when {@code index} is null. The rows are a superset of the matches; a Filter above rechecks.
     */
    record IndexSeek(TableDef table, IndexDef index, List<Expr> prefix, Expr low, boolean lowInclusive, Expr high,
            boolean highInclusive) implements PlanNode {
        public int width() {
            return table.columns().size();
        }
    }

    /**
     * Rows computed at run time rather than stored: a system relation ({@code source} "schema.name", no
     * arguments) or a set-returning function call ({@code source} the function name).
     */
    record SystemRows(String source, List<Expr> args, int width) implements PlanNode {
    }

    record Filter(PlanNode input, Expr condition) implements PlanNode {
        public int width() {
            return input.width();
        }
    }

    record Project(PlanNode input, List<Expr> exprs) implements PlanNode {
        public int width() {
            return exprs.size();
        }
    }

    enum JoinKind { INNER, LEFT, RIGHT, FULL, SEMI, ANTI }

    /** Equi-join building a hash table on the right input; {@code residual} sees the joined row. */
    record HashJoin(PlanNode left, PlanNode right, int[] leftKeys, int[] rightKeys, JoinKind kind, Expr residual)
            implements PlanNode {
        public int width() {
            return kind == JoinKind.SEMI || kind == JoinKind.ANTI ? left.width() : left.width() + right.width();
        }
    }

    /**
     * Equi-join of two inputs both ordered ascending by their join keys (primary-key order, say): one pass
     * over each, holding only the right rows of the current key. Kinds INNER and LEFT; output keeps the
     * left input's order. {@code residual} sees the joined row.
     */
    record MergeJoin(PlanNode left, PlanNode right, int[] leftKeys, int[] rightKeys, JoinKind kind, Expr residual)
            implements PlanNode {
        public int width() {
            return left.width() + right.width();
        }
    }

    /** Join on any condition by scanning the materialised right input per left row. */
    record NestedLoopJoin(PlanNode left, PlanNode right, JoinKind kind, Expr condition) implements PlanNode {
        public int width() {
            return kind == JoinKind.SEMI || kind == JoinKind.ANTI ? left.width() : left.width() + right.width();
        }
    }

    /**
     * Correlated nested loop: for each left row, binds correlation variable {@code correlationId} to it and
     * re-runs the right subtree (which never contains exchanges). Kinds INNER, LEFT, SEMI, ANTI.
     */
    record Correlate(PlanNode left, PlanNode right, int correlationId, JoinKind kind) implements PlanNode {
        public int width() {
            return kind == JoinKind.SEMI || kind == JoinKind.ANTI ? left.width() : left.width() + right.width();
        }
    }

    /**
     * One aggregate call: function, argument ordinals, DISTINCT, optional FILTER ordinal (-1 none) and
     * the result type the planner derived (PostgreSQL's: sum(int) is bigint, sum(bigint) numeric); {@code literal}
     * is the constant of Calcite's LITERAL_AGG (used by subquery rewrites), else null.
     */
    record AggCall(String function, int[] args, boolean distinct, int filterArg,
            org.apache.calcite.sql.type.SqlTypeName resultType, Object literal) {
    }

    /** Hash aggregation by the group ordinals; output is group columns then aggregates. */
    record HashAggregate(PlanNode input, int[] groupKeys, List<AggCall> calls) implements PlanNode {
        public int width() {
            return groupKeys.length + calls.size();
        }
    }

    /**
     * Aggregation of an input whose rows arrive grouped (ordered by the group keys): streams, holding one
     * group at a time, and emits groups in input order. Same output as {@link HashAggregate}.
     */
    record SortAggregate(PlanNode input, int[] groupKeys, List<AggCall> calls) implements PlanNode {
        public int width() {
            return groupKeys.length + calls.size();
        }
    }

    /**
     * WITH RECURSIVE: the rows of {@code seed}, then of {@code iterative} re-run with work table
     * {@code workTable} holding the previous round's new rows, until a round adds none; UNION (not ALL)
     * drops rows seen before. Runs where it is (no exchanges inside), bounded in rounds and rows.
     */
    record RepeatUnion(PlanNode seed, PlanNode iterative, int workTable, String name, boolean all)
            implements PlanNode {
        public int width() {
            return seed.width();
        }
    }

    /** The rows of the current round of the enclosing {@link RepeatUnion} with this work table id. */
    record WorkTableScan(int workTable, String name, int width) implements PlanNode {
    }

    /** One sort key: input ordinal, direction and where NULLs go. */
    record SortKey(int field, boolean descending, boolean nullsFirst) {
    }

    /** Sort (keys may be empty) with optional OFFSET and LIMIT expressions; keeps only offset+limit rows. */
    record Sort(PlanNode input, List<SortKey> keys, Expr offset, Expr limit) implements PlanNode {
        public int width() {
            return input.width();
        }
    }

    /**
     * One frame bound: UNBOUNDED (offset -1), n PRECEDING/FOLLOWING, or CURRENT ROW (offset 0, which in RANGE
     * mode includes the row's peers).
     */
    record FrameBound(boolean preceding, long offset) {
        public boolean unbounded() {
            return offset < 0;
        }
    }

    /** A window function call: function name, argument expressions over the input row, result type. */
    record WindowCall(String function, List<Expr> args, org.apache.calcite.sql.type.SqlTypeName resultType) {
    }

    /** Window calls sharing PARTITION BY, ORDER BY and frame. */
    record WindowGroup(int[] partitionKeys, List<SortKey> orderKeys, boolean rows, FrameBound lower, FrameBound upper,
            List<WindowCall> calls) {
    }

    /** Appends the window calls' values to each input row (in input order), group by group. */
    record Window(PlanNode input, List<WindowGroup> groups) implements PlanNode {
        public int width() {
            int n = input.width();
            for (WindowGroup g : groups) {
                n += g.calls().size();
            }
            return n;
        }
    }

    enum SetKind { UNION, INTERSECT, EXCEPT }

    record SetOp(SetKind kind, boolean all, List<PlanNode> inputs) implements PlanNode {
        public int width() {
            return inputs.get(0).width();
        }
    }

    /** unnest(array, ...): one row per element of the input rows' arrays (zipped, NULL-padded), plus ordinality. */
    record Unnest(PlanNode input, boolean withOrdinality) implements PlanNode {
        @Override
        public int width() {
            return input.width() + (withOrdinality ? 1 : 0);
        }
    }

    record Values(List<List<Expr>> rows, int width) implements PlanNode {
    }

    enum ModifyKind { INSERT, UPDATE, DELETE }

    enum ConflictAction { NONE, NOTHING, UPDATE }

    /**
     * INSERT/UPDATE/DELETE of the input rows. For INSERT the input is the full new row; for UPDATE the old
     * row followed by the new values of {@code updateColumns}; for DELETE the old row. ON CONFLICT sees
     * (existing row ++ excluded row). RETURNING expressions see the new (or deleted) row; output is
     * those values, or else one row holding the count of affected rows. {@code checks} are the table's CHECK
     * constraints compiled over the new row, in the order of {@code table.checks()}.
     */
    record Modify(TableDef table, ModifyKind kind, PlanNode input, int[] updateColumns, ConflictAction onConflict,
            IndexDef conflictIndex, int[] conflictUpdateColumns, List<Expr> conflictUpdateValues,
            Expr conflictWhere, List<Expr> returning, List<Expr> checks) implements PlanNode {
        public int width() {
            return returning == null ? 0 : returning.size();
        }
    }

    /** Where rows of a subtree live, as far as the planner knows. */
    sealed interface Dist {
        /** On the coordinating node (the root of every query). */
        record Single() implements Dist {
        }

        /** A full copy on every node. */
        record Global() implements Dist {
        }

        /** Spread over buckets by the hash of these output ordinals. */
        record Hashed(List<Integer> keys) implements Dist {
        }
    }

    /** Moves rows to a new distribution; fragments are cut here. */
    record Exchange(PlanNode input, Dist target) implements PlanNode {
        public int width() {
            return input.width();
        }
    }

    /** The receiving end of an exchange after splitting: rows of fragment {@code sourceFragment}. */
    record Receiver(int sourceFragment, int width, Dist target) implements PlanNode {
    }
}
