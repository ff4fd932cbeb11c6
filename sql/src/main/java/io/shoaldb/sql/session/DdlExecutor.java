package io.shoaldb.sql.session;

import io.shoaldb.sql.catalog.Catalog;
import io.shoaldb.sql.catalog.CheckDef;
import io.shoaldb.sql.catalog.ColumnDef;
import io.shoaldb.sql.catalog.Distribution;
import io.shoaldb.sql.catalog.IndexDef;
import io.shoaldb.sql.catalog.PgType;
import io.shoaldb.sql.catalog.TableDef;
import io.shoaldb.sql.catalog.ViewDef;
import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.parser.PgColumnDef;
import io.shoaldb.sql.parser.PgCreateIndex;
import io.shoaldb.sql.parser.PgCreateTable;
import io.shoaldb.sql.parser.PgCreateView;
import io.shoaldb.sql.parser.PgDistribution;
import io.shoaldb.sql.parser.PgDropObject;
import io.shoaldb.sql.parser.PgTableConstraint;
import io.shoaldb.storage.ColumnType;
import io.shoaldb.storage.KeyCodec;
import io.shoaldb.storage.MvccTable;
import io.shoaldb.storage.TableSchema;
import io.shoaldb.storage.TableStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;

/**
 * CREATE/DROP TABLE, CREATE/DROP INDEX and CREATE/DROP VIEW against a catalog and the storage. Storage side effects go
 * through {@link StorageEffects}: outside a transaction block they happen at once; inside one the catalog is
 * the block's private copy and the effects are undone by ROLLBACK or completed at COMMIT.
 */
final class DdlExecutor {
    /** What DDL does to storage, so a transaction block can undo it or defer it to COMMIT. */
    interface StorageEffects {
        /** A table's storage was created (a rollback drops it). */
        void tableCreated(MvccTable table);

        /** A sequence was created (a rollback drops it). */
        void sequenceCreated(String name);

        /** A table is dropped (its storage is released at commit). */
        void tableDropped(MvccTable table);

        /** An index was added to an existing table's storage (a rollback removes it). */
        void indexAdded(MvccTable table, String index);

        /** An index is dropped (its storage is released at commit). */
        void indexDropped(MvccTable table, String index);

        /**
         * ALTER TABLE rewrote {@code old}'s rows into {@code fresh} through the transaction: a rollback
         * drops {@code fresh}; the commit releases {@code old} (so a concurrent writer of it fails with
         * 40001) and refuses {@code fresh} to snapshots older than the commit.
         */
        void tableRewritten(MvccTable old, MvccTable fresh);

        /**
         * Whether an index may be built on the storage of a table the node shares. A durable block's sandbox
         * says no: CREATE INDEX there copies the table into the sandbox with the index (TableAlterer), and
         * the applier builds it on the node's storage when the block's record applies.
         */
        default boolean buildsOnSharedTables() {
            return true;
        }
    }

    /** Runs a query inside the statement's transaction against the catalog being changed (ALTER TABLE checks). */
    interface QueryRunner {
        List<Object[]> query(String sql);
    }

    /** Outside a transaction block: everything happens now. */
    static StorageEffects immediate(TableStore store) {
        return new StorageEffects() {
            @Override
            public void tableCreated(MvccTable table) {
            }

            @Override
            public void sequenceCreated(String name) {
            }

            @Override
            public void tableDropped(MvccTable table) {
                store.drop(table.id());
            }

            @Override
            public void indexAdded(MvccTable table, String index) {
            }

            @Override
            public void indexDropped(MvccTable table, String index) {
                table.dropIndex(index);
            }

            @Override
            public void tableRewritten(MvccTable old, MvccTable fresh) {
                throw new IllegalStateException("a table rewrite runs in a transaction block");
            }
        };
    }

    static final List<String> KNOWN_UNSUPPORTED_TYPES = List.of("timetz",
            "money", "inet", "cidr", "xml", "point", "oid", "tsvector");

    private final Catalog catalog;
    private final TableStore store;
    private final StorageEffects effects;

    DdlExecutor(Catalog catalog, TableStore store, StorageEffects effects) {
        this.catalog = catalog;
        this.store = store;
        this.effects = effects;
    }

    Catalog catalog() {
        return catalog;
    }

    /** ALTER TABLE inside {@code txn} (a transaction block; autocommit runs it as an implicit one). */
    StatementResult alterTable(io.shoaldb.sql.parser.PgAlterTable a, io.shoaldb.txn.Transaction txn, QueryRunner runner) {
        return new TableAlterer(catalog, store, effects, txn, runner).run(a);
    }

    StatementResult createTable(PgCreateTable c) {
        String name = c.name.names.get(c.name.names.size() - 1);
        if (c.getReplace()) {
            throw SqlException.notSupported("CREATE OR REPLACE TABLE");
        }
        if (catalog.relationExists(name)) {
            if (c.ifNotExists) {
                return StatementResult.command("CREATE TABLE");
            }
            throw new SqlException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
        }
        if (c.columns.isEmpty()) {
            throw SqlException.notSupported("tables without columns");
        }
        for (String p : c.storageParameters) {
            storageParameter(p);
        }
        List<ColumnDef> columns = new ArrayList<>();
        List<Integer> pk = null;
        List<IndexDef> indexes = new ArrayList<>();
        List<CheckDef> checks = new ArrayList<>();
        List<String> sequences = new ArrayList<>();
        List<ForeignKeys.Spec> references = new ArrayList<>();
        for (PgColumnDef col : c.columns) {
            String cname = col.name().getSimple();
            for (ColumnDef existing : columns) {
                if (existing.name().equals(cname)) {
                    throw new SqlException(SqlState.DUPLICATE_COLUMN, "column \"" + cname + "\" specified more than once");
                }
            }
            if (col.references() != null) {
                references.add(new ForeignKeys.Spec(List.of(cname), col.references()));
            }
            TypeInfo t = resolveType(col.type());
            String defaultSql = col.defaultExpr() == null ? null : unparse(col.defaultExpr());
            String sequence = null;
            boolean notNull = col.notNull() || col.primaryKey();
            if (t.serial || col.identity()) {
                if (defaultSql != null) {
                    throw new SqlException(SqlState.SYNTAX_ERROR, "multiple default values specified for column \""
                            + cname + "\" of table \"" + name + "\"");
                }
                sequence = name + "_" + cname + "_seq";
                defaultSql = "nextval('" + sequence + "')";
                notNull = true;
                sequences.add(sequence);
            }
            int ordinal = columns.size();
            columns.add(new ColumnDef(cname, t.type, t.precision, t.scale, notNull, defaultSql, sequence));
            if (col.primaryKey()) {
                if (pk != null) {
                    throw multiplePk(name);
                }
                pk = List.of(ordinal);
            }
            if (col.unique()) {
                indexes.add(new IndexDef(name + "_" + cname + "_key", List.of(ordinal), true));
            }
            for (SqlNode check : col.checks()) {
                checks.add(new CheckDef(name + "_" + cname + "_check", unparse(check)));
            }
        }
        for (PgTableConstraint tc : c.constraints) {
            switch (tc.kind()) {
                case PRIMARY_KEY -> {
                    if (pk != null) {
                        throw multiplePk(name);
                    }
                    pk = ordinals(name, columns, tc.columns());
                    for (int i : pk) {
                        ColumnDef cd = columns.get(i);
                        columns.set(i, new ColumnDef(cd.name(), cd.type(), cd.precision(), cd.scale(), true,
                                cd.defaultSql(), cd.sequence()));
                    }
                }
                case UNIQUE -> {
                    List<Integer> cols = ordinals(name, columns, tc.columns());
                    StringBuilder n = new StringBuilder(name);
                    for (int i : cols) {
                        n.append('_').append(columns.get(i).name());
                    }
                    indexes.add(new IndexDef(tc.name() != null ? tc.name().getSimple() : n + "_key", cols, true));
                }
                case CHECK -> checks.add(new CheckDef(tc.name() != null ? tc.name().getSimple() : name + "_check",
                        unparse(tc.check())));
                case FOREIGN_KEY -> references.add(new ForeignKeys.Spec(tc.columns().stream()
                        .map(n -> ((SqlIdentifier) n).getSimple()).toList(), tc.reference()));
            }
        }
        if (pk == null) {
            pk = List.of(); // rows keyed by a hidden row id (TableSchema.keyedByRowId)
        }
        for (int i : pk) {
            if (!KeyCodec.supports(columns.get(i).type().storageType)) {
                throw SqlException.notSupported("primary key columns of type " + columns.get(i).type().pgName);
            }
        }
        for (IndexDef idx : indexes) {
            for (int i : idx.columns()) {
                if (!KeyCodec.supports(columns.get(i).type().storageType)) {
                    throw SqlException.notSupported("unique constraints on columns of type " + columns.get(i).type().pgName);
                }
            }
        }
        Distribution dist = switch (c.distribution.kind()) {
            case GLOBAL -> new Distribution.Global();
            case BY_COLUMNS -> new Distribution.Sharded(ordinals(name, columns, c.distribution.columns()));
            // Without a primary key, Greenplum's rule: shard by the first column.
            case UNSPECIFIED -> new Distribution.Sharded(pk.isEmpty() ? List.of(0) : pk);
        };
        if (c.distribution.kind() == PgDistribution.Kind.BY_COLUMNS && c.distribution.columns().isEmpty()) {
            throw new SqlException(SqlState.SYNTAX_ERROR, "DISTRIBUTED BY needs at least one column");
        }
        String engine = c.engine == null ? "memtx" : c.engine;
        // checked before any storage exists (a table may reference itself)
        List<io.shoaldb.sql.catalog.ForeignKeyDef> foreignKeys = ForeignKeys.define(catalog,
                new TableDef(name, columns, pk, indexes, checks, engine, dist, null), references);
        List<ColumnType> types = new ArrayList<>();
        for (ColumnDef cd : columns) {
            types.add(cd.type().storageType);
        }
        MvccTable storage = store.create(new TableSchema(types, pk.stream().mapToInt(Integer::intValue).toArray()));
        effects.tableCreated(storage);
        for (IndexDef idx : indexes) {
            storage.addIndex(idx.name(), idx.columns().stream().mapToInt(Integer::intValue).toArray(), true);
        }
        for (String s : sequences) {
            catalog.createSequence(s);
            effects.sequenceCreated(s);
        }
        catalog.putTable(new TableDef(name, columns, pk, indexes, checks, engine, dist, storage));
        foreignKeys.forEach(catalog::putForeignKey);
        return StatementResult.command("CREATE TABLE");
    }

    /**
     * A storage parameter of CREATE TABLE ... WITH: fillfactor (pgbench sets it) is checked as PostgreSQL
     * checks it and has no effect, as there are no heap pages to leave room in; any other is 0A000.
     */
    private static void storageParameter(String p) {
        int eq = p.indexOf('=');
        String name = p.substring(0, eq).toLowerCase(Locale.ROOT);
        String value = p.substring(eq + 1);
        if (!name.equals("fillfactor")) {
            throw SqlException.notSupported("storage parameter \"" + name + "\"");
        }
        int v;
        try {
            v = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new SqlException(SqlState.INVALID_PARAMETER_VALUE, "invalid value for integer option \"fillfactor\": " + value);
        }
        if (v < 10 || v > 100) {
            throw new SqlException(SqlState.INVALID_PARAMETER_VALUE, "value " + v + " out of bounds for option \"fillfactor\"");
        }
    }

    static SqlException multiplePk(String table) {
        return new SqlException(SqlState.INVALID_TABLE_DEFINITION,
                "multiple primary keys for table \"" + table + "\" are not allowed");
    }

    static List<Integer> ordinals(String table, List<ColumnDef> columns, Iterable<?> names) {
        List<Integer> out = new ArrayList<>();
        for (Object o : names) {
            String n = o instanceof SqlIdentifier id ? id.getSimple() : o.toString();
            int idx = -1;
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).name().equals(n)) {
                    idx = i;
                }
            }
            if (idx < 0) {
                throw new SqlException(SqlState.UNDEFINED_COLUMN, "column \"" + n + "\" named in key does not exist");
            }
            out.add(idx);
        }
        return out;
    }

    record TypeInfo(PgType type, int precision, int scale, boolean serial) {
    }

    static TypeInfo resolveType(SqlDataTypeSpec spec) {
        if (spec.getTypeNameSpec() instanceof org.apache.calcite.sql.SqlCollectionTypeNameSpec c) {
            if (!c.getTypeName().getSimple().equalsIgnoreCase("ARRAY")) {
                throw SqlException.notSupported("type " + c.getTypeName().getSimple().toLowerCase(Locale.ROOT));
            }
            TypeInfo element = resolveType(new SqlDataTypeSpec(c.getElementTypeName(), spec.getParserPosition()));
            PgType array = element.type().arrayType();
            if (array == null || element.serial()) {
                throw SqlException.notSupported("arrays of " + element.type().pgName);
            }
            return new TypeInfo(array, -1, -1, false);
        }
        String name = spec.getTypeName().getSimple().toLowerCase(Locale.ROOT);
        int precision = -1;
        int scale = -1;
        if (spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec b) {
            precision = b.getPrecision();
            scale = b.getScale();
            org.apache.calcite.sql.type.SqlTypeName stn = org.apache.calcite.sql.type.SqlTypeName.get(
                    spec.getTypeName().getSimple().toUpperCase(Locale.ROOT));
            name = stn == null ? name : switch (stn) {
                case DOUBLE, FLOAT -> "float8";
                case DECIMAL -> "numeric";
                case VARBINARY, BINARY -> throw SqlException.notSupported("type " + name);
                case TIME -> "time";
                case TIMESTAMP_TZ, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "timestamptz";
                case TIME_WITH_LOCAL_TIME_ZONE, TIME_TZ, INTERVAL_DAY, INTERVAL_YEAR ->
                        throw SqlException.notSupported("type " + name);
                default -> name;
            };
            if ((stn == org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP || stn == org.apache.calcite.sql.type.SqlTypeName.TIME
                    || stn == org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP_TZ) && precision >= 0) {
                precision = -1;
            }
        }
        PgType t = PgType.byName(name);
        if (t == null) {
            if (KNOWN_UNSUPPORTED_TYPES.contains(name)) {
                throw SqlException.notSupported("type " + name);
            }
            throw new SqlException(SqlState.UNDEFINED_OBJECT, "type \"" + name + "\" does not exist");
        }
        boolean serial = name.contains("serial");
        if (t == PgType.BPCHAR && precision < 0) {
            precision = 1;
        }
        return new TypeInfo(t, precision, scale, serial);
    }

    static String unparse(SqlNode node) {
        return node.toSqlString(PostgresqlSqlDialect.DEFAULT).getSql();
    }

    /**
     * DROP TABLE / DROP INDEX / DROP VIEW of one or more names, all or nothing: every name is checked before
     * anything is dropped. Views that read a dropped table or view refuse the drop (2BP01, PostgreSQL's
     * dependency error) unless CASCADE drops them too; a table's indexes and sequences go with it.
     */
    StatementResult drop(PgDropObject d) {
        String tag = "DROP " + d.kind;
        List<String> names = new ArrayList<>();
        for (SqlIdentifier id : d.names) {
            String name = id.names.get(id.names.size() - 1);
            boolean exists = switch (d.kind) {
                case TABLE -> catalog.table(name) != null;
                case VIEW -> catalog.view(name) != null;
                case INDEX -> catalog.indexOwner(name) != null;
            };
            if (!exists) {
                if (d.kind != PgDropObject.Kind.INDEX && (catalog.table(name) != null || catalog.view(name) != null)) {
                    throw new SqlException("42809", "\"" + name + "\" is not a " + d.kind.name().toLowerCase(Locale.ROOT));
                }
                if (d.ifExists) {
                    continue;
                }
                throw switch (d.kind) {
                    case TABLE -> new SqlException(SqlState.UNDEFINED_TABLE, "table \"" + name + "\" does not exist");
                    case VIEW -> new SqlException(SqlState.UNDEFINED_TABLE, "view \"" + name + "\" does not exist");
                    case INDEX -> new SqlException(SqlState.UNDEFINED_OBJECT, "index \"" + name + "\" does not exist");
                };
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        List<String> cascaded = new ArrayList<>();
        if (d.kind != PgDropObject.Kind.INDEX) {
            for (String name : names) {
                for (ViewDef v : catalog.dependentViews(name)) {
                    if (names.contains(v.name()) || cascaded.contains(v.name())) {
                        continue;
                    }
                    if (!d.cascade) {
                        throw dependentObjects(d.kind.name().toLowerCase(Locale.ROOT) + " " + name, v, name);
                    }
                    cascaded.add(v.name());
                }
            }
        }
        if (d.kind == PgDropObject.Kind.TABLE) {
            ForeignKeys.beforeDrop(catalog, names, d.cascade);
        }
        for (String v : cascaded) {
            catalog.dropView(v);
        }
        for (String name : names) {
            switch (d.kind) {
                case TABLE -> {
                    TableDef t = catalog.table(name);
                    catalog.dropTable(name);
                    effects.tableDropped(t.storage());
                }
                case VIEW -> catalog.dropView(name);
                case INDEX -> {
                    TableDef t = catalog.table(catalog.indexOwner(name));
                    List<IndexDef> rest = new ArrayList<>(t.indexes());
                    rest.removeIf(i -> i.name().equals(name));
                    catalog.putTable(t.withIndexes(rest));
                    effects.indexDropped(t.storage(), name);
                }
            }
        }
        return StatementResult.command(tag);
    }

    /** PostgreSQL's 2BP01 for an object views depend on. */
    static SqlException dependentObjects(String what, ViewDef view, String relation) {
        return new SqlException("2BP01", "cannot drop " + what + " because other objects depend on it (view "
                + view.name() + " depends on " + relation + "; use DROP ... CASCADE to drop the dependent objects too)");
    }

    /**
     * CREATE [OR REPLACE] VIEW: the query is validated now and stored as qualified SQL with {@code *}
     * expanded. OR REPLACE keeps PostgreSQL's rule that the new query has the old columns (same names and
     * types, in order) and may only add columns at the end.
     */
    StatementResult createView(PgCreateView c, io.shoaldb.sql.plan.SqlPlanner.ViewAnalysis a) {
        String name = c.name.names.get(c.name.names.size() - 1);
        ViewDef old = catalog.view(name);
        if (catalog.relationExists(name) && !(old != null && c.getReplace())) {
            throw new SqlException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
        }
        List<String> names = new ArrayList<>(a.columnNames());
        if (c.columnNames != null) {
            if (c.columnNames.size() > names.size()) {
                throw new SqlException(SqlState.SYNTAX_ERROR, "CREATE VIEW specifies more column names than columns");
            }
            for (int i = 0; i < c.columnNames.size(); i++) {
                names.set(i, ((SqlIdentifier) c.columnNames.get(i)).getSimple());
            }
        }
        List<ColumnDef> columns = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (names.get(j).equals(names.get(i))) {
                    throw new SqlException(SqlState.DUPLICATE_COLUMN, "column \"" + names.get(i) + "\" specified more than once");
                }
            }
            var type = a.columnTypes().get(i);
            PgType pg = PgType.of(type);
            int precision = pg == PgType.NUMERIC && type.getPrecision() > 0 ? type.getPrecision() : -1;
            int scale = pg == PgType.NUMERIC && type.getPrecision() > 0 ? type.getScale() : -1;
            columns.add(new ColumnDef(names.get(i), pg, precision, scale, false, null, null));
        }
        if (a.dependsOn().contains(name)) {
            throw new SqlException("42P17", "infinite recursion detected in rules for relation \"" + name + "\"");
        }
        if (old != null) {
            if (columns.size() < old.columns().size()) {
                throw new SqlException(SqlState.INVALID_TABLE_DEFINITION, "cannot drop columns from view");
            }
            for (int i = 0; i < old.columns().size(); i++) {
                ColumnDef was = old.columns().get(i);
                ColumnDef now = columns.get(i);
                if (!was.name().equals(now.name())) {
                    throw new SqlException(SqlState.INVALID_TABLE_DEFINITION, "cannot change name of view column \""
                            + was.name() + "\" to \"" + now.name() + "\"");
                }
                if (was.type() != now.type()) {
                    throw new SqlException(SqlState.INVALID_TABLE_DEFINITION, "cannot change data type of view column \""
                            + was.name() + "\" from " + was.type().pgName + " to " + now.type().pgName);
                }
            }
        }
        catalog.putView(new ViewDef(name, a.sql(), columns, a.dependsOn()));
        return StatementResult.command("CREATE VIEW");
    }

    StatementResult createIndex(PgCreateIndex c, io.shoaldb.txn.Transaction txn, QueryRunner runner) {
        String tableName = c.table.names.get(c.table.names.size() - 1);
        TableDef t = catalog.table(tableName);
        if (t == null) {
            throw new SqlException(SqlState.UNDEFINED_TABLE, "relation \"" + tableName + "\" does not exist");
        }
        List<Integer> cols = new ArrayList<>();
        StringBuilder defaultName = new StringBuilder(tableName);
        for (SqlNode n : c.columns) {
            String col = ((SqlIdentifier) n).getSimple();
            int i = t.columnIndex(col);
            if (i < 0) {
                throw new SqlException(SqlState.UNDEFINED_COLUMN, "column \"" + col + "\" does not exist");
            }
            if (!KeyCodec.supports(t.columns().get(i).type().storageType)) {
                throw SqlException.notSupported("indexes on columns of type " + t.columns().get(i).type().pgName);
            }
            cols.add(i);
            defaultName.append('_').append(col);
        }
        String name = c.name != null ? c.name.getSimple() : defaultName + (c.unique ? "_key" : "_idx");
        if (catalog.relationExists(name)) {
            if (c.ifNotExists) {
                return StatementResult.command("CREATE INDEX");
            }
            throw new SqlException(SqlState.DUPLICATE_TABLE, "relation \"" + name + "\" already exists");
        }
        MvccTable storage = t.storage();
        if (!effects.buildsOnSharedTables() && storage.id() < Session.SANDBOX_FIRST_TABLE_ID) {
            // a durable block's sandbox: the block works on a private copy of the table that has the index
            // (the copy's rows become the block record's writes; their reads of the whole table fence off
            // concurrent writers with 40001, as PostgreSQL's CREATE INDEX blocks them with its SHARE lock)
            catalog.putTable(new TableAlterer(catalog, store, effects, txn, runner)
                    .copyWithIndex(t, new IndexDef(name, cols, c.unique)));
            return StatementResult.command("CREATE INDEX");
        }
        storage.addIndex(name, cols.stream().mapToInt(Integer::intValue).toArray(), c.unique);
        if (c.unique && hasDuplicates(storage, name)) {
            storage.dropIndex(name);
            throw new SqlException(SqlState.UNIQUE_VIOLATION, "could not create unique index \"" + name + "\"");
        }
        effects.indexAdded(storage, name);
        List<IndexDef> all = new ArrayList<>(t.indexes());
        all.add(new IndexDef(name, cols, c.unique));
        catalog.putTable(t.withIndexes(all));
        return StatementResult.command("CREATE INDEX");
    }

    /** Whether two latest live rows share non-null values of a freshly built unique index. */
    private static boolean hasDuplicates(MvccTable storage, String indexName) {
        var idx = storage.index(indexName);
        byte[] previous = null;
        var it = idx.scan(io.shoaldb.storage.KeyRange.ALL);
        while (it.hasNext()) {
            var e = it.next();
            byte[] row = storage.readLatest(e.getValue());
            if (row == null) {
                continue;
            }
            Object[] values = storage.codec().decode(row);
            boolean hasNull = false;
            for (int c : idx.columns()) {
                hasNull |= values[c] == null;
            }
            byte[] ik = idx.indexKeyOf(storage.schema(), values);
            byte[] entryIk = java.util.Arrays.copyOf(e.getKey(), e.getKey().length - e.getValue().length);
            if (hasNull || !java.util.Arrays.equals(ik, entryIk)) {
                continue;
            }
            if (previous != null && java.util.Arrays.equals(previous, ik)) {
                return true;
            }
            previous = ik;
        }
        return false;
    }
}
