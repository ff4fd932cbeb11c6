package io.shoaldb.sql.plan;

import io.shoaldb.sql.catalog.PgType;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A planned statement ready to run any number of times: its fragments, the result columns a client is
 * told about, the types its parameters were inferred to have (one per {@code ?} marker, in order) and the
 * command tag verb. Immutable; shared through the plan cache.
 */
public record CompiledPlan(String verb, List<Fragment> fragments, List<Column> columns, List<RelDataType> markerTypes,
        boolean returnsRows, boolean fastPath, String explain, RowLockSpec rowLocks) {

    /** A plan that locks no rows. */
    public CompiledPlan(String verb, List<Fragment> fragments, List<Column> columns, List<RelDataType> markerTypes,
                        boolean returnsRows, boolean fastPath, String explain) {
        this(verb, fragments, columns, markerTypes, returnsRows, fastPath, explain, null);
    }

    /**
     * One result column: the name the client sees (PostgreSQL's, possibly repeated: {@code SELECT 1 AS a,
     * 2 AS a}), its PostgreSQL type and Calcite's unique name for it inside the plan ({@code a0}). A column
     * that is a plain reference to a user table's column also carries that table's OID, the column's
     * attnum and its typmod, as PostgreSQL's RowDescription does (0, 0 and -1 otherwise).
     */
    public record Column(String name, PgType type, String internalName, int tableOid, int attributeNumber, int typeModifier) {
        public Column(String name, PgType type, String internalName) {
            this(name, type, internalName, 0, 0, -1);
        }

        public Column(String name, PgType type) {
            this(name, type, name);
        }
    }

    public CompiledPlan {
        fragments = List.copyOf(fragments);
        columns = List.copyOf(columns);
        markerTypes = List.copyOf(markerTypes);
    }
}
