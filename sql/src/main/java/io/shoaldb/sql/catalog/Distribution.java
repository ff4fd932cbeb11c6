package io.shoaldb.sql.catalog;

import java.util.List;

/**
 * Where a table's rows live, as recorded from CREATE TABLE. The planner reads it as the distribution
 * of a scan; the cluster issue will place buckets by it. A table without a DISTRIBUTED clause is
 * distributed by its primary key.
 */
public sealed interface Distribution {
    /** Rows are spread over buckets by the hash of these column ordinals. */
    record Sharded(List<Integer> keyColumns) implements Distribution {
        public Sharded {
            keyColumns = List.copyOf(keyColumns);
        }
    }

    /** A full copy on every node. */
    record Global() implements Distribution {
    }
}
