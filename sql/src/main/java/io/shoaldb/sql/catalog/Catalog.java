package io.shoaldb.sql.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The node's schema objects. Every change bumps {@link #version()}, which is part of every plan-cache
 * key. Sequences (behind SERIAL and identity columns) are non-transactional, as in PostgreSQL: a value
 * handed out is never handed out again, even if the transaction rolls back.
 *
 * <p>Transactional DDL: a transaction block that runs DDL works on a {@link #privateCopy()} (its tables and
 * indexes are visible to that block only) which {@link #publish(Catalog)} installs at COMMIT if no other DDL
 * was published meanwhile. Sequences are one map shared by the catalog and its copies (they are not
 * transactional); a copy's sequence drops wait for its publication.
 */
public final class Catalog {
    /** Bound on tables, so a runaway client cannot grow the catalog without limit. */
    public static final int MAX_TABLES = 10_000;
    /** Bound on roles, for the same reason. */
    public static final int MAX_ROLES = 10_000;
    /** PostgreSQL's FirstNormalObjectId: oids below it belong to the system. */
    public static final long FIRST_NORMAL_OID = 16384;

    private final NavigableMap<String, TableDef> tables = new TreeMap<>();
    /** Views by name; they share the relation namespace with tables, indexes and sequences. */
    private final NavigableMap<String, ViewDef> views = new TreeMap<>();
    /** Index name to owning table name; index names share one namespace with tables, as in PostgreSQL. */
    private final NavigableMap<String, String> indexOwners = new TreeMap<>();
    private final NavigableMap<String, Long> sequences;
    /**
     * For an {@link #isolatedCopy()}: the sequences its DDL created, kept apart from the shared map (null
     * otherwise). Values of older sequences are still taken from the shared map.
     */
    private final NavigableMap<String, Long> ownSequences;
    private long version = 1;
    /** For a private copy: the shared catalog's version it was copied from; -1 for the shared catalog. */
    private final long baseVersion;
    /** For a private copy: sequences of dropped tables, removed from the shared map at publication. */
    private final List<String> pendingSequenceDrops = new ArrayList<>();
    /** Roles by name (pg_authid); transactional like tables: a block's CREATE ROLE is published at COMMIT. */
    private final NavigableMap<String, RoleDef> roles = new TreeMap<>();
    /** FOREIGN KEY constraints by {@link ForeignKeyDef#key()}. */
    private final NavigableMap<String, ForeignKeyDef> foreignKeys = new TreeMap<>();
    /** The next role oid; PostgreSQL hands out user-object oids from 16384 (FirstNormalObjectId). */
    private long nextRoleOid = FIRST_NORMAL_OID;

    public Catalog() {
        this.sequences = new TreeMap<>();
        this.ownSequences = null;
        this.baseVersion = -1;
    }

    private Catalog(Catalog from, long baseVersion, boolean isolated) {
        this.sequences = from.sequences;
        this.ownSequences = from.ownSequences != null ? new TreeMap<>(from.ownSequences)
                : isolated ? new TreeMap<>() : null;
        this.baseVersion = baseVersion;
        this.tables.putAll(from.tables);
        this.views.putAll(from.views);
        this.indexOwners.putAll(from.indexOwners);
        this.pendingSequenceDrops.addAll(from.pendingSequenceDrops);
        this.roles.putAll(from.roles);
        this.foreignKeys.putAll(from.foreignKeys);
        this.nextRoleOid = from.nextRoleOid;
        this.version = from.version;
    }

    /** A copy for one transaction block's DDL (a copy of a copy keeps the original base version). */
    public Catalog privateCopy() {
        return new Catalog(this, isPrivateCopy() ? baseVersion : version, false);
    }

    /**
     * A private copy whose DDL leaves the shared catalog untouched, sequences included (its copies stay
     * isolated): a durable node's transaction block, whose DDL is logged and applied again by the node, never
     * published from this copy, so nothing of it may reach state the log's applier reads.
     */
    public Catalog isolatedCopy() {
        return new Catalog(this, isPrivateCopy() ? baseVersion : version, true);
    }

    /** The values of the sequences an {@link #isolatedCopy()} created (empty for other catalogs). */
    public NavigableMap<String, Long> ownSequenceValues() {
        return ownSequences == null ? new TreeMap<>() : new TreeMap<>(ownSequences);
    }

    public boolean isPrivateCopy() {
        return baseVersion >= 0;
    }

    /** Whether DDL was published to this shared catalog since {@code copy} was made from it. */
    public boolean changedSince(Catalog copy) {
        return version != copy.baseVersion;
    }

    /**
     * Installs a private copy's tables and indexes (COMMIT of a block that ran DDL). The caller has checked
     * {@link #changedSince(Catalog)}; the new version is above every version either catalog had, so no
     * cached plan of either matches it.
     */
    public void publish(Catalog copy) {
        if (isPrivateCopy() || !copy.isPrivateCopy() || changedSince(copy) || copy.ownSequences != null) {
            throw new IllegalStateException("publishing a stale or non-private catalog copy");
        }
        tables.clear();
        tables.putAll(copy.tables);
        views.clear();
        views.putAll(copy.views);
        indexOwners.clear();
        indexOwners.putAll(copy.indexOwners);
        for (String s : copy.pendingSequenceDrops) {
            sequences.remove(s);
        }
        roles.clear();
        roles.putAll(copy.roles);
        foreignKeys.clear();
        foreignKeys.putAll(copy.foreignKeys);
        nextRoleOid = Math.max(nextRoleOid, copy.nextRoleOid);
        version = Math.max(version, copy.version) + 1;
    }

    /** Undoes {@link #createSequence} of a rolled-back block (sequences are shared with copies). */
    public void dropSequence(String name) {
        if (ownSequences != null && ownSequences.remove(name) != null) {
            return;
        }
        sequences.remove(name);
    }

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

    /** The view named {@code name}, or null. */
    public ViewDef view(String name) {
        return views.get(name);
    }

    /** All views in name order. */
    public Collection<ViewDef> views() {
        return views.values();
    }

    /** Views that read {@code relation} (a table or view), directly or through other views, in name order. */
    public List<ViewDef> dependentViews(String relation) {
        List<ViewDef> out = new ArrayList<>();
        for (ViewDef v : views.values()) {
            if (v.dependsOn().contains(relation)) {
                out.add(v);
            }
        }
        return out;
    }

    public void putForeignKey(ForeignKeyDef fk) {
        foreignKeys.put(fk.key(), fk);
        version++;
    }

    public void dropForeignKey(ForeignKeyDef fk) {
        if (foreignKeys.remove(fk.key()) == null) {
            throw new IllegalArgumentException("no foreign key " + fk.key());
        }
        version++;
    }

    /** Every FOREIGN KEY constraint, by table then name. */
    public List<ForeignKeyDef> foreignKeys() {
        return List.copyOf(foreignKeys.values());
    }

    /** The constraints of {@code table}'s own rows (it is the referencing side). */
    public List<ForeignKeyDef> foreignKeysOf(String table) {
        return foreignKeys.values().stream().filter(f -> f.table().equals(table)).toList();
    }

    /** The constraints whose rows reference {@code table}. */
    public List<ForeignKeyDef> foreignKeysReferencing(String table) {
        return foreignKeys.values().stream().filter(f -> f.refTable().equals(table)).toList();
    }

    /** Creates or replaces a view. */
    public void putView(ViewDef v) {
        if (!views.containsKey(v.name()) && tables.size() + views.size() >= MAX_TABLES) {
            throw new IllegalStateException("catalog holds " + MAX_TABLES + " relations");
        }
        views.put(v.name(), v);
        version++;
    }

    public void dropView(String name) {
        if (views.remove(name) == null) {
            throw new IllegalArgumentException("no view " + name);
        }
        version++;
    }

    /** ALTER TABLE ... RENAME TO: the table under its new name, keeping its sequences and indexes. */
    public void renameTable(String from, TableDef renamed) {
        TableDef old = tables.remove(from);
        if (old == null || tables.containsKey(renamed.name())) {
            throw new IllegalArgumentException("cannot rename " + from + " to " + renamed.name());
        }
        for (IndexDef i : old.indexes()) {
            indexOwners.remove(i.name());
        }
        tables.put(renamed.name(), renamed);
        for (IndexDef i : renamed.indexes()) {
            indexOwners.put(i.name(), renamed.name());
        }
        version++;
    }

    public boolean relationExists(String name) {
        return tables.containsKey(name) || views.containsKey(name) || indexOwners.containsKey(name) || sequences.containsKey(name)
                || (ownSequences != null && ownSequences.containsKey(name));
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
                if (ownSequences != null && ownSequences.remove(c.sequence()) != null) {
                    // a sequence of this copy's own DDL: nothing shared to drop
                } else if (isPrivateCopy()) {
                    pendingSequenceDrops.add(c.sequence());
                } else {
                    sequences.remove(c.sequence());
                }
            }
        }
        version++;
    }

    public void createSequence(String name) {
        (ownSequences != null ? ownSequences : sequences).put(name, 0L);
        version++;
    }

    /** The next value of a sequence, or throws if there is none. */
    public long nextval(String name) {
        NavigableMap<String, Long> sequences = ownSequences != null && ownSequences.containsKey(name)
                ? ownSequences : this.sequences;
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

    /** The current value of every sequence, by name (a copy). */
    public NavigableMap<String, Long> sequenceValues() {
        TreeMap<String, Long> out = new TreeMap<>(sequences);
        if (ownSequences != null) {
            out.putAll(ownSequences);
        }
        return out;
    }

    /**
     * Raises a sequence to at least {@code value} (a durable node replaying the values its log recorded);
     * a sequence that no longer exists is skipped.
     */
    public void raiseSequence(String name, long value) {
        NavigableMap<String, Long> sequences = ownSequences != null && ownSequences.containsKey(name)
                ? ownSequences : this.sequences;
        Long v = sequences.get(name);
        if (v != null && v < value) {
            sequences.put(name, value);
        }
    }

    /** The role named {@code name}, or null. */
    public RoleDef role(String name) {
        return roles.get(name);
    }

    /**
     * Every role, in name order, without its password verifier: the read-only list the pg_catalog emulation
     * (pg_roles, pg_user) shows.
     */
    public List<RoleDef.Summary> roleSummaries() {
        List<RoleDef.Summary> out = new ArrayList<>(roles.size());
        for (RoleDef r : roles.values()) {
            out.add(r.summary());
        }
        return out;
    }

    /** A fresh oid for a new role (never reused, even if the role is dropped or its creation rolled back). */
    public long allocateRoleOid() {
        return nextRoleOid++;
    }

    /** Creates or replaces a role (same name, same oid). */
    public void putRole(RoleDef role) {
        RoleDef old = roles.get(role.name());
        if (old == null && roles.size() >= MAX_ROLES) {
            throw new IllegalStateException("catalog holds " + MAX_ROLES + " roles");
        }
        if (old != null && old.oid() != role.oid()) {
            throw new IllegalArgumentException("role " + role.name() + " keeps its oid " + old.oid());
        }
        roles.put(role.name(), role);
        version++;
    }

    public void dropRole(String name) {
        if (roles.remove(name) == null) {
            throw new IllegalArgumentException("no role " + name);
        }
        version++;
    }
}
