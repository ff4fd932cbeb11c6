package io.shoaldb.sql.plan;

import io.shoaldb.sql.catalog.TableDef;
import io.shoaldb.sql.parser.PgRowLocking;
import java.util.List;

/**
 * What a {@code SELECT ... FOR UPDATE} plan locks: the first {@code visibleColumns} of each result row go to
 * the client; after them the plan returns, for each locked FROM item, its table's primary-key columns, from
 * which the session builds the row's key and takes its lock (docs/locking.md).
 *
 * @param strength the first clause's strength, as PostgreSQL names it in messages
 * @param offset rows to lock and drop before returning any (SKIP LOCKED: the plan runs without its OFFSET)
 * @param limit most rows to lock and return, -1 for no limit (SKIP LOCKED: the plan runs without its LIMIT)
 */
public record RowLockSpec(int visibleColumns, List<LockedTable> tables, PgRowLocking.Strength strength,
                          long offset, long limit) {
    public RowLockSpec {
        tables = List.copyOf(tables);
        if (offset < 0 || limit < -1) {
            throw new IllegalArgumentException("offset " + offset + ", limit " + limit);
        }
        if (visibleColumns < 0) {
            throw new IllegalArgumentException("visible columns " + visibleColumns);
        }
    }

    /**
     * One locked FROM item: its table, where its primary-key columns sit in the result row (in key order),
     * the strongest strength and the wait policy the clauses naming it ask for.
     */
    public record LockedTable(TableDef table, int[] keyPositions, PgRowLocking.Strength strength,
                              PgRowLocking.WaitPolicy waitPolicy) {
    }
}
