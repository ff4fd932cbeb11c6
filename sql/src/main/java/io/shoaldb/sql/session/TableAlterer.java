package io.shoaldb.sql.session;

import io.shoaldb.sql.catalog.Catalog;
import io.shoaldb.sql.catalog.CheckDef;
import io.shoaldb.sql.catalog.ColumnDef;
import io.shoaldb.sql.catalog.Distribution;
import io.shoaldb.sql.catalog.IndexDef;
import io.shoaldb.sql.catalog.TableDef;
import io.shoaldb.sql.catalog.ViewDef;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.exec.Values;
import io.shoaldb.sql.parser.PgAlterTable;
import io.shoaldb.sql.parser.PgColumnDef;
import io.shoaldb.sql.parser.PgParser;
import io.shoaldb.sql.parser.PgTableConstraint;
import io.shoaldb.storage.ColumnType;
import io.shoaldb.storage.KeyCodec;
import io.shoaldb.storage.KeyRange;
import io.shoaldb.storage.MvccTable;
import io.shoaldb.storage.TableSchema;
import io.shoaldb.storage.TableStore;
import io.shoaldb.txn.Transaction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * ALTER TABLE. The actions of one statement are applied in order to a working definition; catalog-only
 * changes (renames, defaults, DROP NOT NULL) just publish it, while anything that changes the row layout,
 * the key or what rows must satisfy (ADD/DROP COLUMN, ADD PRIMARY KEY/UNIQUE/CHECK, SET NOT NULL) rewrites
 * the table: every row the transaction sees is mapped into a new storage table through the transaction's
 * own writes, which install at COMMIT.
 *
 * <p>Concurrency (MVCC): the rewrite reads the whole old table, so a concurrent commit to it fails this
 * transaction's validation (40001); once this commits, the old storage is released, so a concurrent
 * transaction that wrote the old table fails at its commit (40001), and one whose snapshot predates the
 * rewrite fails (40001) when it reads the new table instead of seeing it empty. Transactions that only
 * read the old table before the commit keep seeing the old shape. Deterministic: no clock, no randomness;
 * hidden row ids are kept, or handed out in key order when a primary key is dropped.
 */
final class TableAlterer {
    private final Catalog catalog;
    private final TableStore store;
    private final DdlExecutor.StorageEffects effects;
    private final Transaction txn;
    private final DdlExecutor.QueryRunner runner;

    TableAlterer(Catalog catalog, TableStore store, DdlExecutor.StorageEffects effects, Transaction txn,
            DdlExecutor.QueryRunner runner) {
        this.catalog = catalog;
        this.store = store;
        this.effects = effects;
        this.txn = txn;
        this.runner = runner;
    }

    /** The working state of the table while the actions apply. */
    private static final class Work {
        String name;
        List<ColumnDef> columns;
        /** Per new column: the old column it comes from, or -1 for an added column. */
        List<Integer> sourceOf = new ArrayList<>();
        List<Integer> primaryKey;
        List<IndexDef> indexes;
        List<CheckDef> checks;
        Distribution distribution;
        boolean rewrite;
        /** Checks added by this statement, which existing rows must satisfy. */
        List<CheckDef> newChecks = new ArrayList<>();
        List<String> sequences = new ArrayList<>();
        /** Columns whose type this statement changes, by name: how their values convert. */
        java.util.Map<String, ColumnTypeChange> retyped = new java.util.TreeMap<>();
        /** FOREIGN KEYs this statement adds: defined and checked against the rows once the table has its new shape. */
        List<ForeignKeys.Spec> newForeignKeys = new ArrayList<>();

        int column(String n) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(n)) {
                    return i;
                }
            }
            return -1;
        }
    }

    StatementResult run(PgAlterTable a) {
        String name = a.table.names.get(a.table.names.size() - 1);
        TableDef t = catalog.table(name);
        if (t == null) {
            if (catalog.view(name) != null) {
                throw new SqlException("42809", "\"" + name + "\" is a view (ALTER TABLE on views is not supported)");
            }
            if (a.ifExists) {
                return StatementResult.command("ALTER TABLE");
            }
            throw new SqlException(SqlState.UNDEFINED_TABLE, "relation \"" + name + "\" does not exist");
        }
        Work w = new Work();
        w.name = t.name();
        w.columns = new ArrayList<>(t.columns());
        for (int i = 0; i < t.columns().size(); i++) {
            w.sourceOf.add(i);
        }
        w.primaryKey = new ArrayList<>(t.primaryKey());
        w.indexes = new ArrayList<>(t.indexes());
        w.checks = new ArrayList<>(t.checks());
        w.distribution = t.distribution();
        for (PgAlterTable.Action action : a.actions) {
            apply(t, w, action);
        }
        if (w.columns.isEmpty()) {
            throw SqlException.notSupported("tables without columns");
        }
        for (String s : w.sequences) {
            catalog.createSequence(s);
            effects.sequenceCreated(s);
        }
        TableDef changed = new TableDef(w.name, w.columns, w.primaryKey, w.indexes, w.checks, t.engine(),
                w.distribution, t.storage());
        if (w.rewrite) {
            changed = rewrite(t, changed, w);
        }
        if (!w.name.equals(t.name())) {
            catalog.renameTable(t.name(), changed);
            ForeignKeys.renamed(catalog, t.name(), null, w.name);
        } else {
            catalog.putTable(changed);
        }
        for (CheckDef c : w.newChecks) {
            if (!runner.query("SELECT 1 FROM \"" + w.name + "\" WHERE NOT (" + c.sql() + ") LIMIT 1").isEmpty()) {
                throw new SqlException(SqlState.CHECK_VIOLATION, "check constraint \"" + c.name() + "\" of relation \""
                        + w.name + "\" is violated by some row");
            }
        }
        for (io.shoaldb.sql.catalog.ForeignKeyDef fk : ForeignKeys.define(catalog, changed, w.newForeignKeys)) {
            ForeignKeys.validateRows(fk, runner);
            catalog.putForeignKey(fk);
        }
        return StatementResult.command("ALTER TABLE");
    }

    private void apply(TableDef t, Work w, PgAlterTable.Action action) {
        switch (action) {
            case PgAlterTable.AddColumn add -> addColumn(w, add);
            case PgAlterTable.AddConstraint add -> addConstraint(w, add.constraint());
            case PgAlterTable.DropColumn drop -> dropColumn(w, drop);
            case PgAlterTable.RenameColumn r -> renameColumn(w, r);
            case PgAlterTable.AlterType a -> alterType(t, w, a);
            case PgAlterTable.RenameTable r -> {
                if (catalog.relationExists(r.to())) {
                    throw new SqlException(SqlState.DUPLICATE_TABLE, "relation \"" + r.to() + "\" already exists");
                }
                List<ViewDef> views = catalog.dependentViews(w.name);
                if (!views.isEmpty()) {
                    throw SqlException.notSupported("renaming table \"" + w.name + "\" that view \""
                            + views.get(0).name() + "\" reads");
                }
                w.name = r.to();
            }
            case PgAlterTable.SetDefault d -> {
                int i = existing(w, d.column());
                ColumnDef c = w.columns.get(i);
                String sql = d.expr() == null ? null : DdlExecutor.unparse(d.expr());
                if (sql != null) {
                    // Validated now (type and names), as PostgreSQL does; evaluated at each INSERT.
                    runner.query("SELECT CAST((" + sql + ") AS " + castType(c) + ") FROM (VALUES (0)) AS v (x) WHERE FALSE");
                }
                w.columns.set(i, new ColumnDef(c.name(), c.type(), c.precision(), c.scale(), c.notNull(), sql,
                        sql == null ? null : c.sequence()));
            }
            case PgAlterTable.SetNotNull n -> {
                int i = existing(w, n.column());
                ColumnDef c = w.columns.get(i);
                if (!n.notNull() && w.primaryKey.contains(i)) {
                    throw new SqlException(SqlState.INVALID_TABLE_DEFINITION, "column \"" + c.name()
                            + "\" is in a primary key");
                }
                if (n.notNull() && !c.notNull()) {
                    w.rewrite = true; // the rewrite checks every row
                }
                w.columns.set(i, new ColumnDef(c.name(), c.type(), c.precision(), c.scale(), n.notNull(),
                        c.defaultSql(), c.sequence()));
            }
        }
    }

    private int existing(Work w, String column) {
        int i = w.column(column);
        if (i < 0) {
            throw new SqlException(SqlState.UNDEFINED_COLUMN, "column \"" + column + "\" of relation \"" + w.name
                    + "\" does not exist");
        }
        return i;
    }

    /** ALTER COLUMN ... TYPE: checked here, converted row by row in {@link #rewrite}. */
    private void alterType(TableDef t, Work w, PgAlterTable.AlterType a) {
        int i = existing(w, a.column());
        ColumnDef old = w.columns.get(i);
        if (w.sourceOf.get(i) < 0) {
            throw SqlException.notSupported("changing the type of column \"" + a.column() + "\" added by the same statement");
        }
        DdlExecutor.TypeInfo type = DdlExecutor.resolveType(a.type());
        if (type.serial()) {
            throw new SqlException(SqlState.UNDEFINED_OBJECT, "type \"" + a.type().getTypeName().getSimple().toLowerCase(
                    java.util.Locale.ROOT) + "\" does not exist");
        }
        ColumnDef target = new ColumnDef(old.name(), type.type(), type.precision(), type.scale(), old.notNull(),
                old.defaultSql(), old.sequence());
        if (a.using() == null && !ColumnTypeChange.automatic(old.type(), target.type())) {
            throw ColumnTypeChange.notAutomatic(old, target);
        }
        for (ViewDef v : catalog.dependentViews(w.name)) {
            if (v.sql().contains("\"" + a.column() + "\"")) {
                throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "cannot alter type of a column used by a view or rule",
                        "rule _RETURN on view " + v.name() + " depends on column \"" + a.column() + "\"");
            }
        }
        for (CheckDef c : w.checks) {
            if (mentions(c.sql(), a.column())) {
                throw SqlException.notSupported("changing the type of column \"" + a.column() + "\", which check constraint \""
                        + c.name() + "\" uses");
            }
        }
        if (!ForeignKeys.using(catalog, w.name, a.column()).isEmpty()) {
            throw SqlException.notSupported("changing the type of column \"" + a.column() + "\", which a foreign key uses");
        }
        boolean keyed = w.primaryKey.contains(i) || w.indexes.stream().anyMatch(x -> x.columns().contains(i));
        if (keyed && !io.shoaldb.storage.KeyCodec.supports(target.type().storageType)) {
            throw SqlException.notSupported("indexes on columns of type " + target.type().pgName);
        }
        if (old.defaultSql() != null) {
            try {
                runner.query("SELECT CAST((" + old.defaultSql() + ") AS " + castType(target) + ") FROM (VALUES (0)) AS v (x) WHERE FALSE");
            } catch (SqlException e) {
                throw new SqlException(SqlState.DATATYPE_MISMATCH, "default for column \"" + a.column()
                        + "\" cannot be cast automatically to type " + ColumnTypeChange.displayName(target));
            }
        }
        List<Object[]> using = null;
        if (a.using() != null) {
            // the expression over the old rows, in the order the rewrite reads them (the storage key's)
            StringBuilder order = new StringBuilder();
            for (int k : t.primaryKey()) {
                order.append(order.isEmpty() ? " ORDER BY " : ", ").append('"').append(t.columns().get(k).name()).append('"');
            }
            using = runner.query("SELECT (" + DdlExecutor.unparse(a.using()) + ") FROM \"" + t.name() + "\"" + order);
        }
        w.columns.set(i, target);
        w.retyped.put(old.name(), new ColumnTypeChange(target, using));
        w.rewrite = true;
    }

    private static String castType(ColumnDef c) {
        String base = c.type() == io.shoaldb.sql.catalog.PgType.NUMERIC && c.precision() > 0
                ? "numeric(" + c.precision() + "," + Math.max(0, c.scale()) + ")" : c.type().pgName;
        return switch (c.type()) {
            case VARCHAR, BPCHAR -> "text"; // lengths are checked by the write path, as on INSERT
            default -> base;
        };
    }

    private void addColumn(Work w, PgAlterTable.AddColumn add) {
        PgColumnDef col = add.column();
        String cname = col.name().getSimple();
        if (w.column(cname) >= 0) {
            if (add.ifNotExists()) {
                return; // PostgreSQL only notes that it skipped the column
            }
            throw new SqlException(SqlState.DUPLICATE_COLUMN, "column \"" + cname + "\" of relation \"" + w.name
                    + "\" already exists");
        }
        if (col.references() != null) {
            w.newForeignKeys.add(new ForeignKeys.Spec(List.of(col.name().getSimple()), col.references()));
        }
        DdlExecutor.TypeInfo type = DdlExecutor.resolveType(col.type());
        String defaultSql = col.defaultExpr() == null ? null : DdlExecutor.unparse(col.defaultExpr());
        String sequence = null;
        boolean notNull = col.notNull() || col.primaryKey();
        if (type.serial() || col.identity()) {
            if (defaultSql != null) {
                throw new SqlException(SqlState.SYNTAX_ERROR, "multiple default values specified for column \""
                        + cname + "\" of table \"" + w.name + "\"");
            }
            sequence = w.name + "_" + cname + "_seq";
            if (catalog.relationExists(sequence)) {
                throw new SqlException(SqlState.DUPLICATE_TABLE, "relation \"" + sequence + "\" already exists");
            }
            defaultSql = "nextval('" + sequence + "')";
            notNull = true;
            w.sequences.add(sequence);
        }
        ColumnDef c = new ColumnDef(cname, type.type(), type.precision(), type.scale(), notNull, defaultSql, sequence);
        int ordinal = w.columns.size();
        w.columns.add(c);
        w.sourceOf.add(-1);
        w.rewrite = true;
        if (col.primaryKey()) {
            addPrimaryKey(w, List.of(ordinal));
        }
        if (col.unique()) {
            addUnique(w, w.name + "_" + cname + "_key", List.of(ordinal));
        }
        for (SqlNode check : col.checks()) {
            addCheck(w, new CheckDef(w.name + "_" + cname + "_check", DdlExecutor.unparse(check)));
        }
    }

    private void addConstraint(Work w, PgTableConstraint tc) {
        switch (tc.kind()) {
            case PRIMARY_KEY -> addPrimaryKey(w, DdlExecutor.ordinals(w.name, w.columns, tc.columns()));
            case UNIQUE -> {
                List<Integer> cols = DdlExecutor.ordinals(w.name, w.columns, tc.columns());
                StringBuilder n = new StringBuilder(w.name);
                for (int i : cols) {
                    n.append('_').append(w.columns.get(i).name());
                }
                addUnique(w, tc.name() != null ? tc.name().getSimple() : n + "_key", cols);
            }
            case CHECK -> addCheck(w, new CheckDef(tc.name() != null ? tc.name().getSimple() : w.name + "_check",
                    DdlExecutor.unparse(tc.check())));
            case FOREIGN_KEY -> w.newForeignKeys.add(new ForeignKeys.Spec(tc.columns().stream()
                    .map(n -> ((SqlIdentifier) n).getSimple()).toList(), tc.reference()));
        }
    }

    private void addPrimaryKey(Work w, List<Integer> cols) {
        if (!w.primaryKey.isEmpty()) {
            throw DdlExecutor.multiplePk(w.name);
        }
        for (int i : cols) {
            ColumnDef c = w.columns.get(i);
            if (!KeyCodec.supports(c.type().storageType)) {
                throw SqlException.notSupported("numeric primary key columns");
            }
            w.columns.set(i, new ColumnDef(c.name(), c.type(), c.precision(), c.scale(), true, c.defaultSql(),
                    c.sequence()));
        }
        w.primaryKey = new ArrayList<>(cols);
        w.rewrite = true;
    }

    private void addUnique(Work w, String name, List<Integer> cols) {
        if (catalog.relationExists(name)) {
            throw new SqlException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
        }
        for (int i : cols) {
            if (!KeyCodec.supports(w.columns.get(i).type().storageType)) {
                throw SqlException.notSupported("unique constraints on numeric columns");
            }
        }
        w.indexes.add(new IndexDef(name, cols, true));
        w.rewrite = true;
    }

    private void addCheck(Work w, CheckDef c) {
        w.checks.add(c);
        w.newChecks.add(c);
    }

    /**
     * DROP COLUMN as PostgreSQL does it: indexes and CHECK constraints that use the column go with it, and
     * so does the primary key if the column is part of it (the rows then get hidden row ids). Views reading
     * the column refuse the drop (2BP01) unless CASCADE drops them.
     */
    private void dropColumn(Work w, PgAlterTable.DropColumn drop) {
        int i = w.column(drop.column());
        if (i < 0) {
            if (drop.ifExists()) {
                return;
            }
            throw new SqlException(SqlState.UNDEFINED_COLUMN, "column \"" + drop.column() + "\" of relation \""
                    + w.name + "\" does not exist");
        }
        for (ViewDef v : catalog.dependentViews(w.name)) {
            if (v.sql().contains("\"" + drop.column() + "\"")) {
                if (!drop.cascade()) {
                    throw DdlExecutor.dependentObjects("column " + drop.column() + " of table " + w.name, v,
                            "column " + drop.column() + " of table " + w.name);
                }
                for (ViewDef dependent : catalog.dependentViews(v.name())) {
                    catalog.dropView(dependent.name());
                }
                catalog.dropView(v.name());
            }
        }
        // a foreign key of this table on the column goes with it; one that references the column needs CASCADE
        for (io.shoaldb.sql.catalog.ForeignKeyDef fk : ForeignKeys.using(catalog, w.name, drop.column())) {
            if (!fk.table().equals(w.name) && !drop.cascade()) {
                throw new SqlException("2BP01", "cannot drop column " + drop.column() + " of table " + w.name
                        + " because other objects depend on it", "constraint " + fk.name() + " on table " + fk.table()
                        + " depends on column " + drop.column() + " of table " + w.name
                        + " (use DROP ... CASCADE to drop the dependent objects too)");
            }
            catalog.dropForeignKey(fk);
        }
        if (w.primaryKey.contains(i)) {
            w.primaryKey = new ArrayList<>();
        }
        w.indexes.removeIf(idx -> idx.columns().contains(i));
        w.checks.removeIf(c -> mentions(c.sql(), drop.column()));
        w.newChecks.removeIf(c -> mentions(c.sql(), drop.column()));
        w.columns.remove(i);
        w.sourceOf.remove(i);
        w.primaryKey = shift(w.primaryKey, i);
        List<IndexDef> shifted = new ArrayList<>();
        for (IndexDef idx : w.indexes) {
            shifted.add(new IndexDef(idx.name(), shift(idx.columns(), i), idx.unique()));
        }
        w.indexes = shifted;
        if (w.distribution instanceof Distribution.Sharded s) {
            List<Integer> keys = s.keyColumns().contains(i) ? List.of() : shift(s.keyColumns(), i);
            w.distribution = new Distribution.Sharded(keys.isEmpty() ? (w.primaryKey.isEmpty() ? List.of(0)
                    : w.primaryKey) : keys);
        }
        w.rewrite = true;
    }

    private static List<Integer> shift(List<Integer> cols, int removed) {
        List<Integer> out = new ArrayList<>();
        for (int c : cols) {
            out.add(c > removed ? c - 1 : c);
        }
        return out;
    }

    private void renameColumn(Work w, PgAlterTable.RenameColumn r) {
        int i = existing(w, r.from());
        if (w.column(r.to()) >= 0) {
            throw new SqlException(SqlState.DUPLICATE_COLUMN, "column \"" + r.to() + "\" of relation \"" + w.name
                    + "\" already exists");
        }
        for (ViewDef v : catalog.dependentViews(w.name)) {
            if (v.sql().contains("\"" + r.from() + "\"")) {
                throw SqlException.notSupported("renaming column \"" + r.from() + "\" that view \"" + v.name()
                        + "\" reads");
            }
        }
        ColumnDef c = w.columns.get(i);
        w.columns.set(i, new ColumnDef(r.to(), c.type(), c.precision(), c.scale(), c.notNull(), c.defaultSql(),
                c.sequence()));
        ForeignKeys.renamed(catalog, w.name, r.from(), r.to());
        List<CheckDef> checks = new ArrayList<>();
        for (CheckDef check : w.checks) {
            checks.add(mentions(check.sql(), r.from())
                    ? new CheckDef(check.name(), renameIn(check.sql(), r.from(), r.to())) : check);
        }
        w.checks = checks;
    }

    private static SqlNode expression(String sql) {
        return ((SqlSelect) PgParser.parseStatement("SELECT " + sql)).getSelectList().get(0);
    }

    /** Whether a CHECK expression names {@code column}. */
    private static boolean mentions(String sql, String column) {
        boolean[] found = {false};
        expression(sql).accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                found[0] |= id.names.get(id.names.size() - 1).equals(column);
                return id;
            }
        });
        return found[0];
    }

    private static String renameIn(String sql, String from, String to) {
        SqlNode renamed = expression(sql).accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlIdentifier id) {
                if (!id.names.get(id.names.size() - 1).equals(from)) {
                    return id;
                }
                List<String> names = new ArrayList<>(id.names);
                names.set(names.size() - 1, to);
                return new SqlIdentifier(names, id.getParserPosition());
            }
        });
        return DdlExecutor.unparse(renamed);
    }

    /**
     * CREATE INDEX in a durable block's sandbox on a table the node shares: the table copied, rows and all,
     * into new storage that has the index too (a unique index checks the rows, 23505 as PostgreSQL).
     */
    TableDef copyWithIndex(TableDef t, IndexDef index) {
        Work w = new Work();
        w.name = t.name();
        w.columns = new ArrayList<>(t.columns());
        for (int i = 0; i < t.columns().size(); i++) {
            w.sourceOf.add(i);
        }
        w.primaryKey = new ArrayList<>(t.primaryKey());
        w.indexes = new ArrayList<>(t.indexes());
        w.indexes.add(index);
        w.checks = new ArrayList<>(t.checks());
        w.distribution = t.distribution();
        w.rewrite = true;
        return rewrite(t, new TableDef(w.name, w.columns, w.primaryKey, w.indexes, w.checks, t.engine(), w.distribution,
                t.storage()), w);
    }

    /**
     * Copies every row this transaction sees into a new storage table of the new shape, checking NOT NULL,
     * the primary key and unique constraints over the new rows as PostgreSQL's rewrite does.
     */
    private TableDef rewrite(TableDef old, TableDef changed, Work w) {
        List<ColumnType> types = new ArrayList<>();
        for (ColumnDef c : changed.columns()) {
            types.add(c.type().storageType);
        }
        int[] pk = changed.primaryKeyArray();
        MvccTable oldStorage = old.storage();
        MvccTable fresh = store.create(new TableSchema(types, pk));
        effects.tableRewritten(oldStorage, fresh);
        for (IndexDef idx : changed.indexes()) {
            fresh.addIndex(idx.name(), idx.columns().stream().mapToInt(Integer::intValue).toArray(), idx.unique());
        }
        if (oldStorage.schema().keyedByRowId() && fresh.schema().keyedByRowId()) {
            fresh.reserveRowIdsThrough(oldStorage.rowIdHigh());
        }
        TableDef result = new TableDef(changed.name(), changed.columns(), changed.primaryKey(), changed.indexes(),
                changed.checks(), changed.engine(), changed.distribution(), fresh);
        // Defaults of added columns: a volatile one (nextval, gen_random_uuid) is evaluated per row, the others once.
        int n = changed.columns().size();
        Object[] constantDefaults = new Object[n];
        boolean[] perRow = new boolean[n];
        for (int i = 0; i < n; i++) {
            ColumnDef c = changed.columns().get(i);
            if (w.sourceOf.get(i) < 0 && c.defaultSql() != null) {
                // volatile defaults, as PostgreSQL evaluates them: one value per row
                perRow[i] = c.defaultSql().contains("nextval") || c.defaultSql().contains("gen_random_uuid");
                if (!perRow[i]) {
                    constantDefaults[i] = evalDefault(c);
                }
            }
        }
        NavigableSet<byte[]> pkSeen = new TreeSet<>(KeyCodec::compare);
        List<NavigableSet<byte[]>> uniqueSeen = new ArrayList<>();
        for (int k = 0; k < changed.indexes().size(); k++) {
            uniqueSeen.add(new TreeSet<>(KeyCodec::compare));
        }
        Iterator<MvccTable.Entry> it = txn.scan(oldStorage, KeyRange.ALL);
        List<MvccTable.Entry> rows = new ArrayList<>();
        while (it.hasNext()) {
            rows.add(it.next());
        }
        String nullColumn = null;
        for (ColumnTypeChange change : w.retyped.values()) {
            if (change.usingValues() != null && change.usingValues().size() != rows.size()) {
                throw new IllegalStateException("USING gave " + change.usingValues().size() + " values for " + rows.size() + " rows");
            }
        }
        int ordinal = -1;
        for (MvccTable.Entry e : rows) {
            ordinal++;
            Object[] before = oldStorage.codec().decode(e.row());
            Object[] after = new Object[n];
            boolean hasNull = false;
            for (int i = 0; i < n; i++) {
                int src = w.sourceOf.get(i);
                ColumnTypeChange retype = src >= 0 ? w.retyped.get(changed.columns().get(i).name()) : null;
                after[i] = retype != null ? retype.convert(before[src], ordinal) : src >= 0 ? before[src]
                        : perRow[i] ? evalDefault(changed.columns().get(i)) : constantDefaults[i];
                if (after[i] == null && changed.columns().get(i).notNull()) {
                    hasNull = true;
                    nullColumn = nullColumn == null ? changed.columns().get(i).name() : nullColumn;
                }
            }
            byte[] key;
            if (hasNull) {
                continue; // reported after the scan: PostgreSQL finds duplicate keys first
            }
            if (pk.length > 0) {
                key = fresh.schema().primaryKeyOf(after);
                if (!pkSeen.add(key)) {
                    throw duplicated(changed.name() + "_pkey", changed, changed.primaryKey(), after);
                }
            } else {
                key = oldStorage.schema().keyedByRowId() ? e.key() : TableSchema.rowIdKey(fresh.allocateRowId());
            }
            for (int k = 0; k < changed.indexes().size(); k++) {
                IndexDef idx = changed.indexes().get(k);
                if (!idx.unique() || idx.columns().stream().anyMatch(c -> after[c] == null)) {
                    continue;
                }
                byte[] ik = fresh.schema().keyOf(after, idx.columns().stream().mapToInt(Integer::intValue).toArray());
                if (!uniqueSeen.get(k).add(ik)) {
                    throw duplicated(idx.name(), changed, idx.columns(), after);
                }
            }
            txn.put(fresh, key, fresh.codec().encode(after));
        }
        if (nullColumn != null) {
            throw new SqlException(SqlState.NOT_NULL_VIOLATION, "column \"" + nullColumn + "\" of relation \""
                    + changed.name() + "\" contains null values");
        }
        return result;
    }

    private static SqlException duplicated(String index, TableDef t, List<Integer> cols, Object[] row) {
        StringBuilder names = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (int c : cols) {
            if (!names.isEmpty()) {
                names.append(", ");
                values.append(", ");
            }
            names.append(t.columns().get(c).name());
            values.append(Values.format(row[c]));
        }
        return new SqlException(SqlState.UNIQUE_VIOLATION, "could not create unique index \"" + index + "\" (Key ("
                + names + ")=(" + values + ") is duplicated.)");
    }

    /** The DEFAULT of an added column for an existing row, with the column's assignment cast. */
    private Object evalDefault(ColumnDef c) {
        List<Object[]> r = runner.query("SELECT " + c.defaultSql());
        Object v = r.get(0)[0];
        return v == null ? null : ColumnTypeChange.assign(c, v);
    }
}
