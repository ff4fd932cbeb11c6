package io.shoaldb.sql.session;

import io.shoaldb.sql.catalog.Catalog;
import io.shoaldb.sql.catalog.ColumnDef;
import io.shoaldb.sql.catalog.ForeignKeyDef;
import io.shoaldb.sql.catalog.PgType;
import io.shoaldb.sql.catalog.TableDef;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.parser.PgReference;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;

/**
 * FOREIGN KEY constraints in DDL: a CREATE TABLE's REFERENCES clauses checked as PostgreSQL checks them
 * (the referenced table and columns exist, they are its primary key or a unique constraint, the types are
 * comparable), DROP TABLE and TRUNCATE of a referenced table, and the catalog's constraint names following
 * column and table renames. Enforcement is io.shoaldb.sql.exec.ForeignKeyChecks.
 */
final class ForeignKeys {
    private ForeignKeys() {
    }

    /** One REFERENCES clause of the table being defined: its own columns and what they reference. */
    record Spec(List<String> columns, PgReference reference) {
    }

    /** The constraints of {@code table} (not yet in the catalog: it may reference itself). */
    static List<ForeignKeyDef> define(Catalog catalog, TableDef table, List<Spec> specs) {
        List<ForeignKeyDef> out = new ArrayList<>();
        for (Spec s : specs) {
            PgReference ref = s.reference();
            if (ref.onDelete() == 'd' || ref.onUpdate() == 'd') {
                throw SqlException.notSupported("ON DELETE/UPDATE SET DEFAULT");
            }
            String refName = ref.table().names.get(ref.table().names.size() - 1);
            TableDef parent = refName.equals(table.name()) ? table : catalog.table(refName);
            if (parent == null) {
                throw new SqlException(SqlState.UNDEFINED_TABLE, "relation \"" + refName + "\" does not exist");
            }
            for (String c : s.columns()) {
                if (table.columnIndex(c) < 0) {
                    throw new SqlException(SqlState.UNDEFINED_COLUMN, "column \"" + c
                            + "\" referenced in foreign key constraint does not exist");
                }
            }
            List<String> refColumns = new ArrayList<>();
            if (ref.columns() == null) {
                if (parent.primaryKey().isEmpty()) {
                    throw new SqlException("42830", "there is no primary key for referenced table \"" + refName + "\"");
                }
                parent.primaryKey().forEach(i -> refColumns.add(parent.columns().get(i).name()));
            } else {
                for (SqlNode n : ref.columns()) {
                    String c = ((SqlIdentifier) n).getSimple();
                    if (parent.columnIndex(c) < 0) {
                        throw new SqlException(SqlState.UNDEFINED_COLUMN, "column \"" + c
                                + "\" referenced in foreign key constraint does not exist");
                    }
                    refColumns.add(c);
                }
            }
            if (refColumns.size() != s.columns().size()) {
                throw new SqlException("42830", "number of referencing and referenced columns for foreign key disagree");
            }
            TreeSet<Integer> positions = new TreeSet<>();
            refColumns.forEach(c -> positions.add(parent.columnIndex(c)));
            boolean unique = positions.size() == refColumns.size() && (positions.equals(new TreeSet<>(parent.primaryKey()))
                    || parent.indexes().stream().anyMatch(i -> i.unique() && positions.equals(new TreeSet<>(i.columns()))));
            if (!unique) {
                throw new SqlException("42830", "there is no unique constraint matching given keys for referenced table \""
                        + refName + "\"");
            }
            String name = ref.name() != null ? ref.name().getSimple()
                    : table.name() + "_" + String.join("_", s.columns()) + "_fkey";
            for (int i = 0; i < refColumns.size(); i++) {
                ColumnDef a = table.columns().get(table.columnIndex(s.columns().get(i)));
                ColumnDef b = parent.columns().get(parent.columnIndex(refColumns.get(i)));
                if (family(a.type()) != family(b.type())) {
                    throw new SqlException(SqlState.DATATYPE_MISMATCH, "foreign key constraint \"" + name
                            + "\" cannot be implemented", "Key columns \"" + a.name() + "\" and \"" + b.name()
                            + "\" are of incompatible types: " + ColumnTypeChange.displayName(a) + " and "
                            + ColumnTypeChange.displayName(b) + ".");
                }
            }
            ForeignKeyDef fk = new ForeignKeyDef(name, table.name(), s.columns(), refName, refColumns, ref.onDelete(), ref.onUpdate());
            if (out.stream().anyMatch(f -> f.name().equals(fk.name()))
                    || catalog.foreignKeysOf(table.name()).stream().anyMatch(f -> f.name().equals(fk.name()))) {
                throw new SqlException(SqlState.DUPLICATE_OBJECT, "constraint \"" + name + "\" for relation \""
                        + table.name() + "\" already exists");
            }
            out.add(fk);
        }
        return out;
    }

    /** ALTER TABLE ... ADD FOREIGN KEY: the rows already there must hold (23503 for the first that does not). */
    static void validateRows(ForeignKeyDef fk, DdlExecutor.QueryRunner runner) {
        StringBuilder cols = new StringBuilder();
        StringBuilder notNull = new StringBuilder();
        StringBuilder match = new StringBuilder();
        for (int i = 0; i < fk.columns().size(); i++) {
            String c = "c.\"" + fk.columns().get(i) + "\"";
            cols.append(i > 0 ? ", " : "").append(c);
            notNull.append(" AND ").append(c).append(" IS NOT NULL");
            match.append(i > 0 ? " AND " : "").append("p.\"").append(fk.refColumns().get(i)).append("\" = ").append(c);
        }
        List<Object[]> bad = runner.query("SELECT " + cols + " FROM \"" + fk.table() + "\" AS c WHERE TRUE" + notNull
                + " AND NOT EXISTS (SELECT 1 FROM \"" + fk.refTable() + "\" AS p WHERE " + match + ") LIMIT 1");
        if (!bad.isEmpty()) {
            StringBuilder values = new StringBuilder();
            for (Object v : bad.get(0)) {
                values.append(values.isEmpty() ? "" : ", ").append(io.shoaldb.sql.exec.Values.format(v));
            }
            throw new SqlException("23503", "insert or update on table \"" + fk.table() + "\" violates foreign key constraint \""
                    + fk.name() + "\"", "Key (" + String.join(", ", fk.columns()) + ")=(" + values + ") is not present in table \""
                    + fk.refTable() + "\".");
        }
    }

    /** Types whose values compare with each other (PostgreSQL finds an equality operator between them). */
    private static Object family(PgType t) {
        return switch (t) {
            case INT2, INT4, INT8, NUMERIC, FLOAT4, FLOAT8 -> "number";
            case TEXT, VARCHAR, BPCHAR -> "text";
            case TIMESTAMP, TIMESTAMPTZ, DATE -> "time";
            default -> t;
        };
    }

    /**
     * DROP TABLE of {@code names}: a table another (surviving) table references is 2BP01 without CASCADE;
     * with CASCADE the referencing constraints go (not the rows). The dropped tables' own constraints go.
     */
    static void beforeDrop(Catalog catalog, List<String> names, boolean cascade) {
        for (String name : names) {
            for (ForeignKeyDef fk : catalog.foreignKeysReferencing(name)) {
                if (!names.contains(fk.table()) && !cascade) {
                    throw new SqlException("2BP01", "cannot drop table " + name + " because other objects depend on it",
                            "constraint " + fk.name() + " on table " + fk.table() + " depends on table " + name
                                    + " (use DROP ... CASCADE to drop the dependent objects too)");
                }
            }
        }
        for (String name : names) {
            for (ForeignKeyDef fk : catalog.foreignKeysReferencing(name)) {
                catalog.dropForeignKey(fk);
            }
            for (ForeignKeyDef fk : catalog.foreignKeysOf(name)) {
                catalog.dropForeignKey(fk);
            }
        }
    }

    /** TRUNCATE of {@code names}: a table referenced from a table not truncated with it is refused, as PostgreSQL. */
    static void beforeTruncate(Catalog catalog, List<String> names) {
        for (String name : names) {
            for (ForeignKeyDef fk : catalog.foreignKeysReferencing(name)) {
                if (!names.contains(fk.table())) {
                    throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "cannot truncate a table referenced in a foreign"
                            + " key constraint", "Table \"" + fk.table() + "\" references \"" + name + "\".");
                }
            }
        }
    }

    /** ALTER TABLE renamed a column or (column null) the table: the constraints follow the new names. */
    static void renamed(Catalog catalog, String table, String column, String to) {
        for (ForeignKeyDef fk : catalog.foreignKeys()) {
            ForeignKeyDef next = fk;
            if (column == null) {
                next = new ForeignKeyDef(fk.name(), fk.table().equals(table) ? to : fk.table(), fk.columns(),
                        fk.refTable().equals(table) ? to : fk.refTable(), fk.refColumns(), fk.onDelete(), fk.onUpdate());
            } else {
                List<String> cols = fk.table().equals(table) ? replace(fk.columns(), column, to) : fk.columns();
                List<String> refCols = fk.refTable().equals(table) ? replace(fk.refColumns(), column, to) : fk.refColumns();
                next = new ForeignKeyDef(fk.name(), fk.table(), cols, fk.refTable(), refCols, fk.onDelete(), fk.onUpdate());
            }
            if (!next.equals(fk)) {
                catalog.dropForeignKey(fk);
                catalog.putForeignKey(next);
            }
        }
    }

    private static List<String> replace(List<String> names, String from, String to) {
        return names.stream().map(n -> n.equals(from) ? to : n).toList();
    }

    /** The constraints that use a column of {@code table}, as either side. */
    static List<ForeignKeyDef> using(Catalog catalog, String table, String column) {
        return catalog.foreignKeys().stream().filter(f -> f.table().equals(table) && f.columns().contains(column)
                || f.refTable().equals(table) && f.refColumns().contains(column)).toList();
    }
}
