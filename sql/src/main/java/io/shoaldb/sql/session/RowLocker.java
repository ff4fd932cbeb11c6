package io.shoaldb.sql.session;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.parser.PgRowLocking;
import io.shoaldb.sql.plan.RowLockSpec;
import io.shoaldb.txn.RowLockNotAvailable;
import io.shoaldb.txn.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The execution side of {@code SELECT ... FOR UPDATE}: locks, for every result row, the row of each locked
 * table it came from (its key is in the plan's hidden columns), then drops the hidden columns
 * (docs/locking.md). A lock held by another transaction throws {@code LockWait} out of the statement, which
 * the session turns into a wait and a rerun; with NOWAIT it is 55P03; with SKIP LOCKED the result row is
 * left out, and the query's LIMIT/OFFSET (taken out of the plan) apply to the rows locked.
 */
final class RowLocker {
    private RowLocker() {
    }

    static List<Object[]> lockAndStrip(Transaction tx, RowLockSpec spec, List<Object[]> rows, boolean autocommit) {
        // Without row locks an autocommit statement's claim would end with it: nothing to do (docs/locking.md).
        boolean lock = tx.rowLocksOn() || !autocommit;
        List<Object[]> out = new ArrayList<>(rows.size());
        long toDrop = spec.offset();
        for (Object[] row : rows) {
            if (spec.limit() >= 0 && out.size() >= spec.limit()) {
                break; // rows past the limit are not locked
            }
            boolean all = true;
            if (lock) {
                for (RowLockSpec.LockedTable t : spec.tables()) {
                    all &= lockOne(tx, t, row);
                }
            }
            if (!all) {
                continue; // SKIP LOCKED: another transaction holds one of its rows
            }
            if (toDrop > 0) {
                toDrop--; // OFFSET of a SKIP LOCKED query: locked, as in PostgreSQL, but not returned
                continue;
            }
            out.add(Arrays.copyOf(row, spec.visibleColumns()));
        }
        return out;
    }

    /** Locks the row of {@code t} behind {@code row}; false if SKIP LOCKED skipped it. */
    private static boolean lockOne(Transaction tx, RowLockSpec.LockedTable t, Object[] row) {
        Object[] full = new Object[t.table().columns().size()];
        int[] pk = t.table().primaryKeyArray();
        for (int i = 0; i < pk.length; i++) {
            Object v = row[t.keyPositions()[i]];
            if (v == null) {
                return true; // no row of this table behind the result row (cannot happen outside an outer join)
            }
            full[pk[i]] = v;
        }
        byte[] key = t.table().storage().schema().primaryKeyOf(full);
        try {
            return tx.lockRow(t.table().storage(), key, t.waitPolicy() == PgRowLocking.WaitPolicy.NOWAIT,
                    t.waitPolicy() == PgRowLocking.WaitPolicy.SKIP_LOCKED);
        } catch (RowLockNotAvailable e) {
            throw new SqlException(SqlState.LOCK_NOT_AVAILABLE, "could not obtain lock on row in relation \""
                    + t.table().name() + "\"");
        }
    }
}
