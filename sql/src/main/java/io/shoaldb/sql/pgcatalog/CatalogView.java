package io.shoaldb.sql.pgcatalog;

import io.shoaldb.sql.catalog.Catalog;
import io.shoaldb.sql.catalog.ColumnDef;
import io.shoaldb.sql.catalog.IndexDef;
import io.shoaldb.sql.catalog.TableDef;
import io.shoaldb.sql.exec.ExecContext;
import io.shoaldb.sql.exec.SessionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The catalog as the system relations see it during one statement: every table, index and sequence with its
 * OID, and the session (user, database, search_path, settings).
 *
 * <p>OIDs are stable per object: a table's storage id picks a block of {@value #BLOCK} OIDs starting at
 * {@value #FIRST_USER_OID} (PostgreSQL's first user OID, above every built-in one): the table, its row
 * type and array type, its primary key index and constraint, a secondary index per index ordinal (and its
 * constraint when it backs UNIQUE), its CHECK constraints, column defaults and serial sequences.
 */
public final class CatalogView {
    public static final int FIRST_USER_OID = 16384;
    public static final int BLOCK = 1024;
    public static final int NS_PG_CATALOG = 11;
    public static final int NS_PUBLIC = 2200;
    public static final int NS_INFORMATION_SCHEMA = 13000;
    public static final int NS_PG_TOAST = 99;
    /** The bootstrap superuser's OID, which every object is owned by until roles own objects. */
    public static final int SUPERUSER_OID = 10;
    public static final int DATABASE_OID = 16383;
    public static final int BTREE_AM = 403;
    public static final int HEAP_AM = 2;

    /** Limits within a table's block: indexes, CHECK constraints and columns with an OID of their own. */
    static final int MAX_INDEXES = 480;
    static final int MAX_CHECKS = 20;
    static final int MAX_COLUMNS = 1600;

    /** A user relation and its OIDs. */
    public record Table(TableDef def, int oid) {
        public int rowTypeOid() {
            return oid + 1;
        }

        public int arrayTypeOid() {
            return oid + 2;
        }

        public int primaryKeyIndexOid() {
            return oid + 3;
        }

        public int primaryKeyConstraintOid() {
            return oid + 4;
        }

        public int indexOid(int ordinal) {
            return oid + 16 + Math.min(ordinal, MAX_INDEXES);
        }

        public int uniqueConstraintOid(int ordinal) {
            return oid + 16 + MAX_INDEXES + Math.min(ordinal, MAX_INDEXES);
        }

        public int checkOid(int ordinal) {
            return oid + 16 + 2 * MAX_INDEXES + Math.min(ordinal, MAX_CHECKS);
        }

        /** Column defaults and serial sequences share the rest of the block: attnum and attnum + half. */
        public int defaultOid(int attnum) {
            return oid + 16 + 2 * MAX_INDEXES + MAX_CHECKS + (attnum % ((BLOCK - 16 - 2 * MAX_INDEXES - MAX_CHECKS) / 2));
        }

        public int sequenceOid(int attnum) {
            int half = (BLOCK - 16 - 2 * MAX_INDEXES - MAX_CHECKS) / 2;
            return oid + 16 + 2 * MAX_INDEXES + MAX_CHECKS + half + (attnum % half);
        }

        /** The primary key as an index (ShoalDB keeps it in the table itself; PostgreSQL lists one). */
        public String primaryKeyName() {
            return def.name() + "_pkey";
        }

        /** Whether a unique index backs a UNIQUE constraint (DDL names those {@code ..._key}). */
        public static boolean backsConstraint(IndexDef i) {
            return i.unique() && i.name().endsWith("_key");
        }
    }

    /** One index: its OID, owner and columns; {@code ordinal} -1 for the primary key. */
    public record Index(Table table, String name, int oid, List<Integer> columns, boolean unique, boolean primary,
            int constraintOid) {
    }

    private final ExecContext ctx;
    private final List<Table> tables = new ArrayList<>();
    private final NavigableMap<Integer, Table> tablesByOid = new TreeMap<>();
    private final NavigableMap<Integer, Index> indexesByOid = new TreeMap<>();
    private final NavigableMap<String, Integer> relationOids = new TreeMap<>();

    /** A user table's OID: the first of its block (pg_class.oid, RowDescription's table OID). */
    public static int tableOid(TableDef t) {
        long block = FIRST_USER_OID + t.storage().id() * (long) BLOCK;
        if (block > Integer.MAX_VALUE - BLOCK) {
            throw new io.shoaldb.sql.error.SqlException("54000", "table OIDs exhausted");
        }
        return (int) block;
    }

    public CatalogView(ExecContext ctx) {
        this.ctx = ctx;
        Catalog catalog = ctx.catalog();
        for (TableDef t : catalog.tables()) {
            Table table = new Table(t, tableOid(t));
            tables.add(table);
            tablesByOid.put(table.oid(), table);
            relationOids.put(t.name(), table.oid());
            for (Index i : indexes(table)) {
                indexesByOid.put(i.oid(), i);
                relationOids.put(i.name(), i.oid());
            }
            for (int a = 0; a < t.columns().size(); a++) {
                ColumnDef c = t.columns().get(a);
                if (c.sequence() != null) {
                    relationOids.put(c.sequence(), table.sequenceOid(a + 1));
                }
            }
        }
        for (SystemRelation r : SystemCatalog.relations()) {
            relationOids.putIfAbsent(r.name(), r.oid());
            relationOids.put(r.schema() + "." + r.name(), r.oid());
        }
    }

    /**
     * The catalog's roles; a catalog without roles (an engine whose users live outside it, as in tests) shows
     * the session user as the bootstrap superuser.
     */
    public List<io.shoaldb.sql.catalog.RoleDef.Summary> roles() {
        List<io.shoaldb.sql.catalog.RoleDef.Summary> roles = ctx.catalog().roleSummaries();
        if (roles.isEmpty()) {
            return List.of(new io.shoaldb.sql.catalog.RoleDef.Summary(ctx.session().user(), SUPERUSER_OID, true, true, false));
        }
        return roles;
    }

    /** The name of the role with this OID (pg_get_userbyid), PostgreSQL's "unknown (OID=n)" otherwise. */
    public String roleName(int oid) {
        for (var r : roles()) {
            if (r.oid() == oid) {
                return r.name();
            }
        }
        return "unknown (OID=" + oid + ")";
    }

    /** The primary key index (when the table has a key) and the secondary indexes of a table. */
    public static List<Index> indexes(Table t) {
        List<Index> out = new ArrayList<>();
        if (!t.def().primaryKey().isEmpty()) {
            out.add(new Index(t, t.primaryKeyName(), t.primaryKeyIndexOid(), t.def().primaryKey(), true, true,
                    t.primaryKeyConstraintOid()));
        }
        for (int k = 0; k < t.def().indexes().size(); k++) {
            IndexDef i = t.def().indexes().get(k);
            out.add(new Index(t, i.name(), t.indexOid(k), i.columns(), i.unique(), false,
                    Table.backsConstraint(i) ? t.uniqueConstraintOid(k) : 0));
        }
        return out;
    }

    /** The statement the view serves (its catalog, session, transaction). */
    public ExecContext ctx() {
        return ctx;
    }

    public List<Table> tables() {
        return tables;
    }

    public Table table(int oid) {
        return tablesByOid.get(oid);
    }

    public Index index(int oid) {
        return indexesByOid.get(oid);
    }

    public java.util.Collection<Index> indexes() {
        return indexesByOid.values();
    }

    /** OID of a relation by (optionally schema-qualified) name, or null. */
    public Integer relationOid(String name) {
        String n = name.startsWith("public.") ? name.substring(7) : name;
        return relationOids.get(n);
    }

    /** The name regclass output shows for an OID (the OID itself when nothing has it, as PostgreSQL does). */
    public String relationName(int oid) {
        Table t = tablesByOid.get(oid);
        if (t != null) {
            return quoteIdent(t.def().name());
        }
        Index i = indexesByOid.get(oid);
        if (i != null) {
            return quoteIdent(i.name());
        }
        for (var e : relationOids.entrySet()) {
            if (e.getValue() == oid) {
                return e.getKey().contains(".") ? e.getKey() : quoteIdent(e.getKey());
            }
        }
        return Integer.toString(oid);
    }

    /** Whether an OID names a relation in a schema on the search path (pg_table_is_visible). */
    public boolean relationVisible(int oid) {
        if (tablesByOid.containsKey(oid) || indexesByOid.containsKey(oid)) {
            return searchPath().contains("public");
        }
        for (SystemRelation r : SystemCatalog.relations()) {
            if (r.oid() == oid) {
                return r.schema().equals("pg_catalog");
            }
        }
        return relationOids.containsValue(oid) && searchPath().contains("public");
    }

    public SessionInfo session() {
        return ctx.session();
    }

    public ExecContext context() {
        return ctx;
    }

    /** The schemas of search_path that exist, pg_catalog first when not listed (current_schemas(true)). */
    public List<String> searchPath() {
        List<String> out = new ArrayList<>();
        String path;
        try {
            path = ctx.session().setting().apply("search_path");
        } catch (RuntimeException e) {
            path = "\"$user\", public";
        }
        for (String item : path.split(",")) {
            String s = item.strip();
            if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
                s = s.substring(1, s.length() - 1);
            }
            if ((s.equals("public") || s.equals("pg_catalog") || s.equals("information_schema")) && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /** PostgreSQL's quote_ident: quotes a name unless it is a plain lower-case identifier. */
    public static String quoteIdent(String name) {
        boolean plain = !name.isEmpty() && (Character.isLowerCase(name.charAt(0)) || name.charAt(0) == '_');
        for (int i = 0; i < name.length() && plain; i++) {
            char c = name.charAt(i);
            plain = Character.isLowerCase(c) || Character.isDigit(c) || c == '_' || c == '$';
        }
        plain &= !Keywords.isReserved(name);
        return plain ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    /** The name of the namespace an OID stands for, or null. */
    public static String namespaceName(int oid) {
        return switch (oid) {
            case NS_PG_CATALOG -> "pg_catalog";
            case NS_PUBLIC -> "public";
            case NS_INFORMATION_SCHEMA -> "information_schema";
            case NS_PG_TOAST -> "pg_toast";
            default -> null;
        };
    }
}
