package io.shoaldb.sql.catalog;

import java.util.Collection;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The node's schema objects. Every change bumps {@link #version()}, which is part of every plan-cache
 * key. Sequences (behind SERIAL and identity columns) are non-transactional, as in PostgreSQL: a value
 * handed out is never handed out again, even if the transaction rolls back.
 */
public final class Catalog {
    /** Bound on tables, so a runaway client cannot grow the catalog without limit. */
    public static final int MAX_TABLES = 10_000;

    private final NavigableMap<String, TableDef> tables = new TreeMap<>();
    /** Index name to owning table name; index names share one namespace with tables, as in PostgreSQL. */
    private final NavigableMap<String, String> indexOwners = new TreeMap<>();
    private final NavigableMap<String, Long> sequences = new TreeMap<>();
    private long version = 1;

    public long version() {
        return version;
    }

    public TableDef table(String name) {
        return tables.get(name);
    }

    public Collection<TableDef> tables() {
        return tables.values();
    }

    public String indexOwner(String indexName) {
        return indexOwners.get(indexName);
    }

    public boolean relationExists(String name) {
        return tables.containsKey(name) || indexOwners.containsKey(name) || sequences.containsKey(name);
    }

    public void putTable(TableDef t) {
        if (!tables.containsKey(t.name()) && tables.size() >= MAX_TABLES) {
            throw new IllegalStateException("catalog holds " + MAX_TABLES + " tables");
        }
        TableDef old = tables.put(t.name(), t);
        if (old != null) {
            for (IndexDef i : old.indexes()) {
                indexOwners.remove(i.name());
            }
        }
        for (IndexDef i : t.indexes()) {
            indexOwners.put(i.name(), t.name());
        }
        version++;
    }

    public void dropTable(String name) {
        TableDef old = tables.remove(name);
        if (old == null) {
            throw new IllegalArgumentException("no table " + name);
        }
        for (IndexDef i : old.indexes()) {
            indexOwners.remove(i.name());
        }
        for (ColumnDef c : old.columns()) {
            if (c.sequence() != null) {
                sequences.remove(c.sequence());
            }
        }
        version++;
    }

    public void createSequence(String name) {
        sequences.put(name, 0L);
        version++;
    }

    /** The next value of a sequence, or throws if there is none. */
    public long nextval(String name) {
        Long v = sequences.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no sequence " + name);
        }
        if (v == Long.MAX_VALUE) {
            throw new ArithmeticException("sequence " + name + " reached its maximum");
        }
        sequences.put(name, v + 1);
        return v + 1;
    }
}
