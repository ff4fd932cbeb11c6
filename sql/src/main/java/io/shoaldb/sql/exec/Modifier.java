package io.shoaldb.sql.exec;

import io.shoaldb.sql.catalog.ColumnDef;
import io.shoaldb.sql.catalog.IndexDef;
import io.shoaldb.sql.catalog.TableDef;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.plan.PlanNode;
import io.shoaldb.storage.KeyCodec;
import io.shoaldb.storage.KeyRange;
import io.shoaldb.storage.MvccTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The write path of INSERT, UPDATE and DELETE: assignment casts, NOT NULL, CHECK, primary-key and unique
 * constraints (checked against the transaction's own view, with the read recorded so a concurrent
 * conflicting commit fails validation with 40001), ON CONFLICT and RETURNING.
 */
final class Modifier {
    private final ExecContext ctx;
    private final PlanNode.Modify m;
    private final TableDef t;
    private final MvccTable storage;
    /** Keys this statement wrote, so ON CONFLICT DO UPDATE cannot touch a row twice. */
    private final NavigableSet<byte[]> touched = new TreeSet<>(KeyCodec::compare);

    Modifier(ExecContext ctx, PlanNode.Modify m) {
        this.ctx = ctx;
        this.m = m;
        this.t = m.table();
        this.storage = t.storage();
    }

    List<Object[]> run(List<Object[]> input) {
        if (ctx.txn().readOnly()) {
            throw new SqlException(SqlState.READ_ONLY_SQL_TRANSACTION,
                    "cannot execute " + m.kind() + " in a read-only transaction");
        }
        List<Object[]> out = new ArrayList<>();
        long count = 0;
        int n = t.columns().size();
        for (Object[] in : input) {
            Object[] result;
            switch (m.kind()) {
                case INSERT -> result = insert(coerce(Arrays.copyOf(in, n)));
                case UPDATE -> {
                    Object[] old = Arrays.copyOf(in, n);
                    Object[] row = old.clone();
                    for (int i = 0; i < m.updateColumns().length; i++) {
                        row[m.updateColumns()[i]] = in[n + i];
                    }
                    result = update(old, coerce(row), keyOf(old));
                }
                default -> {
                    Object[] old = Arrays.copyOf(in, n);
                    ctx.txn().put(storage, keyOf(old), null);
                    ForeignKeyChecks.onParentChange(ctx, t, old, null, 0);
                    result = old;
                }
            }
            if (result == null) {
                continue;
            }
            count++;
            if (m.returning() != null) {
                Object[] r = new Object[m.returning().size()];
                for (int i = 0; i < r.length; i++) {
                    r[i] = m.returning().get(i).eval(result, ctx);
                }
                out.add(r);
            }
        }
        if (m.returning() == null) {
            out.add(new Object[] {count});
        }
        return out;
    }

    /**
     * The storage key of an old row the statement read. With a primary key it follows from the values; a
     * table keyed by hidden row ids is scanned once (recording a read of the whole table) to map row
     * contents to keys, and each old row takes a key not yet taken by this statement — rows with equal
     * values are interchangeable, so UPDATE and DELETE affect as many of them as the input holds.
     */
    private byte[] keyOf(Object[] old) {
        if (!storage.schema().keyedByRowId()) {
            return storage.schema().primaryKeyOf(old);
        }
        if (rowIdsByContent == null) {
            rowIdsByContent = new java.util.TreeMap<>(KeyCodec::compare);
            var it = ctx.txn().scan(storage, KeyRange.ALL);
            int rows = 0;
            while (it.hasNext()) {
                MvccTable.Entry e = it.next();
                if (++rows > ExecContext.MAX_MATERIALIZED_ROWS) {
                    throw new SqlException(SqlState.PROGRAM_LIMIT_EXCEEDED, "table \"" + t.name() + "\" exceeds "
                            + ExecContext.MAX_MATERIALIZED_ROWS + " rows");
                }
                rowIdsByContent.computeIfAbsent(e.row(), k -> new java.util.ArrayDeque<>()).add(e.key());
            }
        }
        java.util.ArrayDeque<byte[]> keys = rowIdsByContent.get(storage.codec().encode(old));
        if (keys == null || keys.isEmpty()) {
            throw new IllegalStateException("row to modify not found in table " + t.name());
        }
        return keys.pollFirst();
    }

    /** For tables keyed by row id: row bytes to the keys of rows holding them (built on first use). */
    private java.util.NavigableMap<byte[], java.util.ArrayDeque<byte[]>> rowIdsByContent;

    private Object[] insert(Object[] row) {
        if (storage.schema().keyedByRowId()) {
            checkRow(row);
            for (IndexDef idx : t.indexes()) {
                byte[] other = idx.unique() ? findUniqueDuplicate(idx, row, null) : null;
                if (other != null) {
                    if (m.onConflict() == PlanNode.ConflictAction.NONE
                            || m.conflictIndex() != null && !m.conflictIndex().name().equals(idx.name())) {
                        throw uniqueViolation(idx, row);
                    }
                    if (m.onConflict() == PlanNode.ConflictAction.NOTHING) {
                        return null;
                    }
                    return conflictUpdate(other, row);
                }
            }
            byte[] key = io.shoaldb.storage.TableSchema.rowIdKey(storage.allocateRowId());
            touched.add(key);
            ctx.txn().put(storage, key, storage.codec().encode(row));
            ForeignKeyChecks.checkReferences(ctx, t, row, null);
            return row;
        }
        byte[] key = storage.schema().primaryKeyOf(row);
        byte[] existing = ctx.txn().get(storage, key);
        IndexDef conflictOn = null;
        byte[] conflictKey = null;
        if (existing != null) {
            conflictOn = pkIndex();
            conflictKey = key;
        } else {
            for (IndexDef idx : t.indexes()) {
                if (idx.unique()) {
                    byte[] other = findUniqueDuplicate(idx, row, key);
                    if (other != null) {
                        conflictOn = idx;
                        conflictKey = other;
                        break;
                    }
                }
            }
        }
        if (conflictOn != null) {
            boolean handled = m.onConflict() != PlanNode.ConflictAction.NONE
                    && (m.conflictIndex() == null || m.conflictIndex().name().equals(conflictOn.name()));
            if (!handled) {
                throw uniqueViolation(conflictOn, row);
            }
            if (m.onConflict() == PlanNode.ConflictAction.NOTHING) {
                return null;
            }
            return conflictUpdate(conflictKey, row);
        }
        checkRow(row);
        touched.add(key);
        ctx.txn().put(storage, key, storage.codec().encode(row));
        ForeignKeyChecks.checkReferences(ctx, t, row, null);
        return row;
    }

    /** ON CONFLICT DO UPDATE of the existing row under {@code conflictKey} with the proposed {@code row}. */
    private Object[] conflictUpdate(byte[] conflictKey, Object[] row) {
        if (!touched.add(conflictKey)) {
            throw new SqlException(SqlState.CARDINALITY_VIOLATION,
                    "ON CONFLICT DO UPDATE command cannot affect row a second time");
        }
        Object[] old = storage.codec().decode(ctx.txn().get(storage, conflictKey));
        Object[] both = Executor.concat(old, row);
        if (m.conflictWhere() != null && !Boolean.TRUE.equals(m.conflictWhere().eval(both, ctx))) {
            return null;
        }
        Object[] updated = old.clone();
        for (int i = 0; i < m.conflictUpdateColumns().length; i++) {
            updated[m.conflictUpdateColumns()[i]] = m.conflictUpdateValues().get(i).eval(both, ctx);
        }
        return update(old, coerce(updated), conflictKey);
    }

    private Object[] update(Object[] old, Object[] row, byte[] oldKey) {
        checkRow(row);
        byte[] key = storage.schema().keyedByRowId() ? oldKey : storage.schema().primaryKeyOf(row);
        if (!Arrays.equals(oldKey, key)) {
            if (ctx.txn().get(storage, key) != null) {
                throw uniqueViolation(pkIndex(), row);
            }
            ctx.txn().put(storage, oldKey, null);
        }
        for (IndexDef idx : t.indexes()) {
            if (idx.unique() && findUniqueDuplicate(idx, row, key) != null) {
                throw uniqueViolation(idx, row);
            }
        }
        ctx.txn().put(storage, key, storage.codec().encode(row));
        ForeignKeyChecks.checkReferences(ctx, t, row, old);
        ForeignKeyChecks.onParentChange(ctx, t, old, row, 0);
        return row;
    }

    /** Primary key of another live row with the same non-null values in a unique index, or null. */
    private byte[] findUniqueDuplicate(IndexDef idx, Object[] row, byte[] ownKey) {
        for (int c : idx.columns()) {
            if (row[c] == null) {
                return null; // NULLs never collide in a unique index
            }
        }
        byte[] prefix = storage.schema().keyOf(row, idx.columns().stream().mapToInt(Integer::intValue).toArray());
        for (MvccTable.Entry e : ctx.txn().indexScan(storage, storage.index(idx.name()), KeyRange.prefix(prefix))) {
            if (!Arrays.equals(e.key(), ownKey)) {
                return e.key();
            }
        }
        return null;
    }

    private IndexDef pkIndex() {
        return new IndexDef(t.name() + "_pkey", t.primaryKey(), true);
    }

    private SqlException uniqueViolation(IndexDef idx, Object[] row) {
        StringBuilder cols = new StringBuilder();
        StringBuilder vals = new StringBuilder();
        for (int c : idx.columns()) {
            if (!cols.isEmpty()) {
                cols.append(", ");
                vals.append(", ");
            }
            cols.append(t.columns().get(c).name());
            vals.append(Values.format(row[c]));
        }
        return new SqlException(SqlState.UNIQUE_VIOLATION, "duplicate key value violates unique constraint \""
                + idx.name() + "\" (Key (" + cols + ")=(" + vals + ") already exists.)");
    }

    /** Assignment casts: the value becomes the column's type; too-long text is an error, not truncated. */
    private Object[] coerce(Object[] row) {
        for (int i = 0; i < row.length; i++) {
            if (row[i] == null) {
                continue;
            }
            ColumnDef c = t.columns().get(i);
            if ((c.type() == io.shoaldb.sql.catalog.PgType.VARCHAR || c.type() == io.shoaldb.sql.catalog.PgType.BPCHAR)
                    && c.precision() > 0) {
                String s = row[i] instanceof String str ? str : Values.format(row[i]);
                String trimmed = s.stripTrailing();
                if (trimmed.codePointCount(0, trimmed.length()) > c.precision()) {
                    throw new SqlException(SqlState.STRING_DATA_RIGHT_TRUNCATION, "value too long for type "
                            + (c.type() == io.shoaldb.sql.catalog.PgType.VARCHAR ? "character varying" : "character")
                            + "(" + c.precision() + ")");
                }
            }
            row[i] = TypeFunctions.castToColumn(row[i], c.type(), c.precision(), c.scale(), TypeFunctions.zone(ctx));
        }
        return row;
    }

    private void checkRow(Object[] row) {
        for (int i = 0; i < row.length; i++) {
            ColumnDef c = t.columns().get(i);
            if (row[i] == null && (c.notNull() || t.primaryKey().contains(i))) {
                throw new SqlException(SqlState.NOT_NULL_VIOLATION, "null value in column \"" + c.name()
                        + "\" of relation \"" + t.name() + "\" violates not-null constraint");
            }
        }
        for (int i = 0; i < m.checks().size(); i++) {
            if (Boolean.FALSE.equals(m.checks().get(i).eval(row, ctx))) {
                throw new SqlException(SqlState.CHECK_VIOLATION, "new row for relation \"" + t.name()
                        + "\" violates check constraint \"" + t.checks().get(i).name() + "\"");
            }
        }
    }
}
