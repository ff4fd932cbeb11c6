package io.shoaldb.sql.pgcatalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The registry of emulated system relations, by schema and name. */
public final class SystemCatalog {
    private static final Map<String, SystemRelation> BY_NAME = new TreeMap<>();
    private static final List<SystemRelation> ALL = new ArrayList<>();

    /** PostgreSQL's own pg_class OIDs for the catalogs clients name in {@code 'pg_class'::regclass}. */
    private static final Map<String, Integer> KNOWN_OIDS = new TreeMap<>(Map.ofEntries(
            Map.entry("pg_type", 1247), Map.entry("pg_attribute", 1249), Map.entry("pg_proc", 1255),
            Map.entry("pg_class", 1259), Map.entry("pg_authid", 1260), Map.entry("pg_database", 1262),
            Map.entry("pg_attrdef", 2604), Map.entry("pg_constraint", 2606), Map.entry("pg_inherits", 2611),
            Map.entry("pg_index", 2610), Map.entry("pg_am", 2601), Map.entry("pg_depend", 2608),
            Map.entry("pg_description", 2609), Map.entry("pg_namespace", 2615), Map.entry("pg_trigger", 2620),
            Map.entry("pg_rewrite", 2618), Map.entry("pg_extension", 3079), Map.entry("pg_enum", 3501),
            Map.entry("pg_collation", 3456), Map.entry("pg_range", 3541), Map.entry("pg_sequence", 2224),
            Map.entry("pg_partitioned_table", 3350), Map.entry("pg_shdescription", 2396),
            Map.entry("pg_tablespace", 1213), Map.entry("pg_policy", 3256), Map.entry("pg_language", 2612),
            Map.entry("pg_auth_members", 1261)));

    private static int nextOid = 12000;

    /** Defines a relation whose generator yields rows as column-name maps (absent columns are NULL). */
    static void define(String schema, String name, char kind, String columns,
            Function<CatalogView, List<Map<String, Object>>> rows) {
        Integer known = schema.equals("pg_catalog") ? KNOWN_OIDS.get(name) : null;
        SystemRelation[] self = new SystemRelation[1];
        SystemRelation r = new SystemRelation(schema, name, known != null ? known : nextOid++, kind,
                SystemRelation.columns(columns), v -> SystemRelation.rows(self[0], rows.apply(v)));
        self[0] = r;
        if (BY_NAME.put(schema + "." + name, r) != null) {
            throw new IllegalStateException("duplicate system relation " + name);
        }
        ALL.add(r);
    }

    static {
        PgCatalog.define();
        InformationSchema.define();
    }

    private SystemCatalog() {
    }

    public static List<SystemRelation> relations() {
        return Collections.unmodifiableList(ALL);
    }

    public static SystemRelation relation(String schema, String name) {
        return BY_NAME.get(schema + "." + name);
    }

    /** The relations of one schema, by name. */
    public static Map<String, SystemRelation> schema(String schema) {
        Map<String, SystemRelation> out = new TreeMap<>();
        for (SystemRelation r : ALL) {
            if (r.schema().equals(schema)) {
                out.put(r.name(), r);
            }
        }
        return out;
    }
}
