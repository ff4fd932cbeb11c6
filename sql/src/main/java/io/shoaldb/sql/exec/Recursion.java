package io.shoaldb.sql.exec;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.plan.PlanNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * WITH RECURSIVE, PostgreSQL's way: the seed's rows are the first round; each later round runs the
 * iterative side with the work table holding the previous round's new rows, until a round yields none.
 * UNION drops rows already produced (and duplicates within a round); UNION ALL keeps everything. A query
 * that would never end stops with 54000 after {@link #MAX_ROUNDS} rounds or
 * {@link ExecContext#MAX_MATERIALIZED_ROWS} rows instead of running forever.
 */
final class Recursion {
    /** Bound on rounds of one recursive union (PostgreSQL has none; a runaway query would never end). */
    static final int MAX_ROUNDS = 100_000;

    private Recursion() {
    }

    static Iterator<Object[]> run(Executor ex, PlanNode.RepeatUnion r, Map<Integer, List<Object[]>> workTables) {
        List<Object[]> result = new ArrayList<>();
        // Hash keys of rows produced so far (UNION only); lookups only, never iterated.
        Set<List<Object>> seen = r.all() ? null : new HashSet<>();
        int[] all = new int[r.width()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        List<Object[]> round = keepNew(ex.materialize(r.seed()), seen, all);
        int rounds = 0;
        try {
            while (!round.isEmpty()) {
                result.addAll(round);
                if (result.size() > ExecContext.MAX_MATERIALIZED_ROWS) {
                    throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, "recursive query \"" + r.name()
                            + "\" produced more than " + ExecContext.MAX_MATERIALIZED_ROWS + " rows");
                }
                if (++rounds > MAX_ROUNDS) {
                    throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, "recursive query \"" + r.name()
                            + "\" did not finish within " + MAX_ROUNDS + " iterations");
                }
                workTables.put(r.workTable(), round);
                round = keepNew(ex.materialize(r.iterative()), seen, all);
            }
        } finally {
            workTables.remove(r.workTable());
        }
        return result.iterator();
    }

    private static List<Object[]> keepNew(List<Object[]> rows, Set<List<Object>> seen, int[] all) {
        if (seen == null) {
            return rows;
        }
        List<Object[]> out = new ArrayList<>();
        for (Object[] row : rows) {
            if (seen.add(Executor.keyOf(row, all))) {
                out.add(row);
            }
        }
        return out;
    }
}
