package io.shoaldb.sql.session;

import io.shoaldb.sql.catalog.Catalog;
import io.shoaldb.sql.plan.CompiledPlan;
import io.shoaldb.storage.TableStore;
import io.shoaldb.txn.TransactionManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final io.shoaldb.runtime.Clock clock;
    private final io.shoaldb.runtime.Entropy entropy;

    /**
     * An engine on a fixed clock (2000-01-01 00:00 UTC) and a fixed-seed entropy source: for tests and
     * tools, where results must repeat. A node passes its own ports.
     */
    public SqlEngine() {
        this(new io.shoaldb.runtime.Clock() {
            @Override
            public long monotonicNanos() {
                return 0;
            }

            @Override
            public long wallMillis() {
                return 946_684_800_000L;
            }
        }, new FixedSeedEntropy(0x5EEDL));
    }

    /** The engine of a node: now(), current_date and gen_random_uuid() read these ports, never the system. */
    public SqlEngine(io.shoaldb.runtime.Clock clock, io.shoaldb.runtime.Entropy entropy) {
        this.clock = clock;
        this.entropy = entropy;
    }

    io.shoaldb.runtime.Clock clock() {
        return clock;
    }

    io.shoaldb.runtime.Entropy entropy() {
        return entropy;
    }

    /** A seeded generator for the no-argument engine (seeded, hence repeatable). */
    private static final class FixedSeedEntropy implements io.shoaldb.runtime.Entropy {
        private final java.util.SplittableRandom random;

        FixedSeedEntropy(long seed) {
            this.random = new java.util.SplittableRandom(seed);
        }

        @Override
        public long nextLong() {
            return random.nextLong();
        }
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
