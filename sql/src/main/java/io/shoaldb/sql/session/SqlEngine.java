package io.shoaldb.sql.session;

import io.shoaldb.sql.catalog.Catalog;
import io.shoaldb.sql.plan.CompiledPlan;
import io.shoaldb.storage.TableStore;
import io.shoaldb.txn.TransactionManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * One node's SQL engine: catalog, tables, transaction manager and plan cache, shared by its sessions.
 * Runs on the node's event loop; nothing here is thread-safe, by design.
 */
public final class SqlEngine {
    /** Bound on cached plans; the least recently used plan is evicted first. */
    public static final int PLAN_CACHE_ENTRIES = 1024;

    private final Catalog catalog = new Catalog();
    private final TableStore store = new TableStore();
    private final TransactionManager txns = new TransactionManager(store);
    private final PlanCache planCache = new PlanCache();
    private long nextSessionId = 1;
    /** Salts of password verifiers: the node's entropy port in production, a seeded generator in tests. */
    private final RandomGenerator salts;

    /** An engine whose password salts come from a fixed seed: for tests and the simulator only. */
    public SqlEngine() {
        this(new SplittableRandom(0x5A17L));
    }

    /** @param salts where password verifier salts come from (the node's {@code Entropy}); used on the loop only */
    public SqlEngine(RandomGenerator salts) {
        this.salts = java.util.Objects.requireNonNull(salts, "salts");
    }

    RandomGenerator salts() {
        return salts;
    }

    /** Key of a cached plan: catalog version, statement text after $n rewriting, declared parameter types. */
    record PlanKey(long catalogVersion, String sql, List<Integer> parameterTypeOids) {
    }

    /** LRU map of compiled plans. */
    static final class PlanCache extends LinkedHashMap<PlanKey, CompiledPlan> {
        long hits;
        long misses;

        PlanCache() {
            super(64, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<PlanKey, CompiledPlan> eldest) {
            return size() > PLAN_CACHE_ENTRIES;
        }
    }

    public Session openSession() {
        return new Session(this, nextSessionId++);
    }

    public Catalog catalog() {
        return catalog;
    }

    public TableStore store() {
        return store;
    }

    public TransactionManager transactions() {
        return txns;
    }

    PlanCache planCache() {
        return planCache;
    }

    public long planCacheHits() {
        return planCache.hits;
    }

    public long planCacheMisses() {
        return planCache.misses;
    }

    /** Commits between two automatic vacuum passes. */
    public static final int VACUUM_EVERY_COMMITS = 64;
    private long commitsAtLastVacuum;

    /** Reclaims row versions no open transaction can see. */
    public long vacuum() {
        commitsAtLastVacuum = txns.commits();
        return txns.vacuum();
    }

    /** Called after each commit: vacuums once enough commits have piled up (each pass is bounded per table). */
    void afterCommit() {
        if (txns.commits() - commitsAtLastVacuum >= VACUUM_EVERY_COMMITS) {
            vacuum();
        }
    }
}
