package io.shoaldb.sql.catalog;

import java.util.List;

/**
 * A view: its query as SQL text, expanded by the planner wherever the view is named (Calcite view
 * expansion), its result columns, and the relations it reads.
 *
 * @param sql       the query as ShoalDB stores it: the validated query unparsed with every identifier
 *                  qualified and {@code *} expanded, so columns added to a table later do not change the view
 * @param columns   result columns (name, type; nullable, no defaults), as the view's users see them
 * @param dependsOn tables and views the query reads, including those read through other views; DROP TABLE
 *                  and DROP VIEW refuse (2BP01) or cascade to views that name them
 */
public record ViewDef(String name, String sql, List<ColumnDef> columns, List<String> dependsOn) {
    public ViewDef {
        columns = List.copyOf(columns);
        dependsOn = List.copyOf(dependsOn);
    }
}
