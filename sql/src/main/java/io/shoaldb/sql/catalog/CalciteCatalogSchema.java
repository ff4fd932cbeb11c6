package io.shoaldb.sql.catalog;

import io.shoaldb.sql.parser.PgParser;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql2rel.InitializerContext;
import org.apache.calcite.sql2rel.InitializerExpressionFactory;
import org.apache.calcite.sql2rel.NullInitializerExpressionFactory;

/**
 * The catalog of one version as a Calcite schema: one {@link CatalogTable} per table, whose row type maps
 * PostgreSQL types to Calcite's and whose DEFAULT expressions Calcite uses to fill omitted INSERT columns.
 * Columns are nullable to Calcite; NOT NULL is enforced by ShoalDB's write path with PostgreSQL's error.
 */
public final class CalciteCatalogSchema extends AbstractSchema {
    private final Map<String, Table> tables = new LinkedHashMap<>();

    public CalciteCatalogSchema(Catalog catalog) {
        for (TableDef t : catalog.tables()) {
            tables.put(t.name(), new CatalogTable(t));
        }
        for (ViewDef v : catalog.views()) {
            tables.put(v.name(), new CatalogView(v));
        }
    }

    private static RelDataType rowType(RelDataTypeFactory f, java.util.List<ColumnDef> columns) {
        RelDataTypeFactory.Builder b = f.builder();
        for (ColumnDef c : columns) {
            b.add(c.name(), f.createTypeWithNullability(CatalogTable.calciteType(f, c), true));
        }
        return b.build();
    }

    /**
     * Calcite's view of one view: expanded where it is named, through the planner's view expander
     * (the stored SQL is parsed, validated and converted in place), cast to the recorded column types.
     */
    public static final class CatalogView extends AbstractTable implements org.apache.calcite.schema.TranslatableTable {
        private final ViewDef def;

        CatalogView(ViewDef def) {
            this.def = def;
        }

        public ViewDef def() {
            return def;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory f) {
            return rowType(f, def.columns());
        }

        @Override
        public org.apache.calcite.rel.RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
            org.apache.calcite.rel.RelRoot root = context.expandView(relOptTable.getRowType(), def.sql(),
                    java.util.List.of(), java.util.List.of(def.name()));
            return org.apache.calcite.plan.RelOptUtil.createCastRel(root.project(), relOptTable.getRowType(), true);
        }
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return tables;
    }

    /** Calcite's view of one table. */
    public static final class CatalogTable extends AbstractTable {
        private final TableDef def;

        CatalogTable(TableDef def) {
            this.def = def;
        }

        public TableDef def() {
            return def;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory f) {
            return rowType(f, def.columns());
        }

        static RelDataType calciteType(RelDataTypeFactory f, ColumnDef c) {
            // Lengths of varchar(n)/char(n) are enforced by ShoalDB's write path (an error, as PostgreSQL's
            // assignment cast does), not by the truncating cast Calcite would insert for a bounded target type.
            // Timestamps are stored with millisecond precision (PostgreSQL keeps microseconds).
            if (c.type() == PgType.NUMERIC && c.precision() > 0) {
                return f.createSqlType(SqlTypeName.DECIMAL, c.precision(), Math.max(0, c.scale()));
            }
            return c.type().calciteType(f);
        }

        @Override
        public <C> C unwrap(Class<C> aClass) {
            if (aClass == InitializerExpressionFactory.class) {
                return aClass.cast(new Defaults(def));
            }
            return super.unwrap(aClass);
        }
    }

    /** DEFAULT expressions for Calcite's INSERT conversion. */
    private static final class Defaults extends NullInitializerExpressionFactory {
        private final TableDef def;

        Defaults(TableDef def) {
            this.def = def;
        }

        @Override
        public ColumnStrategy generationStrategy(RelOptTable table, int iColumn) {
            return def.columns().get(iColumn).defaultSql() != null ? ColumnStrategy.DEFAULT : ColumnStrategy.NULLABLE;
        }

        @Override
        public RexNode newColumnDefaultValue(RelOptTable table, int iColumn, InitializerContext context) {
            String sql = def.columns().get(iColumn).defaultSql();
            if (sql == null) {
                return super.newColumnDefaultValue(table, iColumn, context);
            }
            SqlSelect select = (SqlSelect) PgParser.parseStatement("SELECT " + sql);
            SqlNode expr = select.getSelectList().get(0);
            RexNode rex = context.convertExpression(expr);
            RelDataType target = table.getRowType().getFieldList().get(iColumn).getType();
            return context.getRexBuilder().makeCast(target, rex, true, false);
        }
    }
}
