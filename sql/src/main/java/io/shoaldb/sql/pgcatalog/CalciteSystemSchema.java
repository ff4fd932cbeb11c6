package io.shoaldb.sql.pgcatalog;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;

/** pg_catalog or information_schema as a Calcite schema of {@link SystemTable}s. */
public final class CalciteSystemSchema extends AbstractSchema {
    private final Map<String, Table> tables = new LinkedHashMap<>();

    public CalciteSystemSchema(String schema) {
        for (Map.Entry<String, SystemRelation> e : SystemCatalog.schema(schema).entrySet()) {
            tables.put(e.getKey(), new SystemTable(e.getValue()));
        }
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return tables;
    }

    /** Calcite's view of one system relation; its rows are computed when a plan scans it. */
    public static final class SystemTable extends AbstractTable {
        private final SystemRelation relation;

        SystemTable(SystemRelation relation) {
            this.relation = relation;
        }

        public SystemRelation relation() {
            return relation;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory f) {
            return relation.rowType(f);
        }
    }
}
