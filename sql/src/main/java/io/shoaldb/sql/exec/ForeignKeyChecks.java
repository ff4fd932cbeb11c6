package io.shoaldb.sql.exec;

import io.shoaldb.sql.catalog.ColumnDef;
import io.shoaldb.sql.catalog.ForeignKeyDef;
import io.shoaldb.sql.catalog.IndexDef;
import io.shoaldb.sql.catalog.TableDef;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.storage.KeyRange;
import io.shoaldb.storage.MvccTable;
import java.util.ArrayList;
import java.util.List;

/**
 * FOREIGN KEY enforcement on the write path ({@link Modifier}): a referencing row needs its referenced row
 * (23503), and deleting or changing a referenced key applies the constraint's action to the rows that
 * reference it: NO ACTION / RESTRICT refuse (23503), CASCADE deletes them or carries the new key into them,
 * SET NULL clears their key columns. Every lookup goes through the transaction, so the reads are recorded
 * and a concurrent commit that changes what a check saw aborts one of the two with 40001 (serializable,
 * where PostgreSQL takes row locks). MATCH SIMPLE: a key with a NULL references nothing. Checks run row
 * by row as the statement writes (PostgreSQL checks NO ACTION at the end of the statement: a statement
 * that inserts a referencing row before the row it references fails here).
 */
final class ForeignKeyChecks {
    /** Bound on cascades through chains of foreign keys. */
    static final int MAX_CASCADE_DEPTH = 64;

    private ForeignKeyChecks() {
    }

    /** An inserted or updated row of {@code child}: every key it holds must exist in the referenced table. */
    static void checkReferences(ExecContext ctx, TableDef child, Object[] row, Object[] old) {
        for (ForeignKeyDef fk : ctx.catalog().foreignKeysOf(child.name())) {
            Object[] values = values(child, fk.columns(), row);
            if (values == null || old != null && same(values, values(child, fk.columns(), old))) {
                continue; // a NULL references nothing; an unchanged key was checked when it was written
            }
            TableDef parent = ctx.catalog().table(fk.refTable());
            if (!exists(ctx, parent, fk.refColumns(), values)) {
                throw new SqlException("23503", "insert or update on table \"" + child.name()
                        + "\" violates foreign key constraint \"" + fk.name() + "\"", "Key (" + String.join(", ", fk.columns())
                        + ")=(" + text(values) + ") is not present in table \"" + parent.name() + "\".");
            }
        }
    }

    /** A row of {@code parent} deleted ({@code row} null) or changed: the referencing rows follow the action. */
    static void onParentChange(ExecContext ctx, TableDef parent, Object[] old, Object[] row, int depth) {
        if (depth > MAX_CASCADE_DEPTH) {
            throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, "foreign key cascades nest deeper than "
                    + MAX_CASCADE_DEPTH);
        }
        for (ForeignKeyDef fk : ctx.catalog().foreignKeysReferencing(parent.name())) {
            Object[] key = values(parent, fk.refColumns(), old);
            if (key == null || row != null && same(key, values(parent, fk.refColumns(), row))) {
                continue;
            }
            TableDef child = ctx.catalog().table(fk.table());
            char action = row == null ? fk.onDelete() : fk.onUpdate();
            for (MvccTable.Entry e : referencing(ctx, child, fk, key)) {
                Object[] childOld = child.storage().codec().decode(e.row());
                switch (action) {
                    case 'c' -> {
                        if (row == null) {
                            ctx.txn().put(child.storage(), e.key(), null);
                            onParentChange(ctx, child, childOld, null, depth + 1);
                        } else {
                            Object[] updated = childOld.clone();
                            Object[] newKey = values(parent, fk.refColumns(), row);
                            for (int i = 0; i < fk.columns().size(); i++) {
                                int c = child.columnIndex(fk.columns().get(i));
                                updated[c] = cast(child.columns().get(c), newKey[i]);
                            }
                            rewrite(ctx, child, e.key(), childOld, updated, depth);
                        }
                    }
                    case 'n' -> {
                        Object[] updated = childOld.clone();
                        for (String col : fk.columns()) {
                            int c = child.columnIndex(col);
                            if (child.columns().get(c).notNull()) {
                                throw new SqlException(SqlState.NOT_NULL_VIOLATION, "null value in column \"" + col
                                        + "\" of relation \"" + child.name() + "\" violates not-null constraint");
                            }
                            updated[c] = null;
                        }
                        rewrite(ctx, child, e.key(), childOld, updated, depth);
                    }
                    default -> throw new SqlException("23503", "update or delete on table \"" + parent.name()
                            + "\" violates foreign key constraint \"" + fk.name() + "\" on table \"" + child.name() + "\"",
                            "Key (" + String.join(", ", fk.refColumns()) + ")=(" + text(key) + ") is still referenced from table \""
                                    + child.name() + "\".");
                }
            }
        }
    }

    /** A referencing row changed by a cascade: written in place (its primary key is not a referencing column here). */
    private static void rewrite(ExecContext ctx, TableDef child, byte[] key, Object[] old, Object[] updated, int depth) {
        byte[] newKey = child.primaryKey().isEmpty() ? key : child.storage().schema().primaryKeyOf(updated);
        if (!java.util.Arrays.equals(newKey, key)) {
            ctx.txn().put(child.storage(), key, null);
        }
        ctx.txn().put(child.storage(), newKey, child.storage().codec().encode(updated));
        onParentChange(ctx, child, old, updated, depth + 1);
    }

    /** The rows of {@code child} whose key columns equal {@code key}: an index on them if there is one, else a scan. */
    private static List<MvccTable.Entry> referencing(ExecContext ctx, TableDef child, ForeignKeyDef fk, Object[] key) {
        int[] cols = new int[fk.columns().size()];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = child.columnIndex(fk.columns().get(i));
        }
        List<MvccTable.Entry> out = new ArrayList<>();
        java.util.Iterator<MvccTable.Entry> it = ctx.txn().scan(child.storage(), KeyRange.ALL);
        while (it.hasNext()) {
            MvccTable.Entry e = it.next();
            Object[] r = child.storage().codec().decode(e.row());
            boolean match = true;
            for (int i = 0; i < cols.length && match; i++) {
                match = r[cols[i]] != null && Values.compare(r[cols[i]], key[i]) == 0;
            }
            if (match) {
                out.add(e);
            }
        }
        return out;
    }

    /** Whether {@code parent} has a row whose {@code columns} equal {@code values} (its primary key or a unique index). */
    private static boolean exists(ExecContext ctx, TableDef parent, List<String> columns, Object[] values) {
        Object[] probe = new Object[parent.columns().size()];
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            int c = parent.columnIndex(columns.get(i));
            probe[c] = cast(parent.columns().get(c), values[i]);
            positions.add(c);
        }
        MvccTable storage = parent.storage();
        if (!parent.primaryKey().isEmpty() && new java.util.TreeSet<>(parent.primaryKey()).equals(new java.util.TreeSet<>(positions))) {
            return ctx.txn().get(storage, storage.schema().primaryKeyOf(probe)) != null;
        }
        for (IndexDef idx : parent.indexes()) {
            if (idx.unique() && new java.util.TreeSet<>(idx.columns()).equals(new java.util.TreeSet<>(positions))) {
                byte[] prefix = storage.schema().keyOf(probe, idx.columns().stream().mapToInt(Integer::intValue).toArray());
                return !ctx.txn().indexScan(storage, storage.index(idx.name()), KeyRange.prefix(prefix)).isEmpty();
            }
        }
        throw new IllegalStateException("foreign key to " + parent.name() + columns + " without a unique key");
    }

    private static Object cast(ColumnDef c, Object v) {
        return v == null ? null : Values.cast(v, c.type().calciteName, c.precision(), c.scale());
    }

    /** The values of {@code columns} in {@code row}, or null if one is NULL. */
    private static Object[] values(TableDef t, List<String> columns, Object[] row) {
        Object[] out = new Object[columns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = row[t.columnIndex(columns.get(i))];
            if (out[i] == null) {
                return null;
            }
        }
        return out;
    }

    private static boolean same(Object[] a, Object[] b) {
        if (b == null) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (Values.compare(a[i], b[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(Object[] values) {
        StringBuilder b = new StringBuilder();
        for (Object v : values) {
            b.append(b.isEmpty() ? "" : ", ").append(Values.format(v));
        }
        return b.toString();
    }
}
