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
 */
public record RowLockSpec(int visibleColumns, List<LockedTable> tables, PgRowLocking.Strength strength) {
    public RowLockSpec {
        tables = List.copyOf(tables);
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
