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
    private static final Map<String, Integer> KNOWN_OIDS = new TreeMap<>();

    static {
        Object[] known = {
            "pg_type", 1247, "pg_attribute", 1249, "pg_proc", 1255, "pg_class", 1259,
            "pg_authid", 1260, "pg_database", 1262, "pg_attrdef", 2604, "pg_constraint", 2606,
            "pg_inherits", 2611, "pg_index", 2610, "pg_am", 2601, "pg_depend", 2608,
            "pg_description", 2609, "pg_namespace", 2615, "pg_trigger", 2620, "pg_rewrite", 2618,
            "pg_extension", 3079, "pg_enum", 3501, "pg_collation", 3456, "pg_range", 3541,
            "pg_sequence", 2224, "pg_partitioned_table", 3350, "pg_shdescription", 2396, "pg_tablespace", 1213,
            "pg_policy", 3256, "pg_language", 2612, "pg_auth_members", 1261,
        };
        for (int i = 0; i < known.length; i += 2) {
            KNOWN_OIDS.put((String) known[i], (Integer) known[i + 1]);
        }
    }

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
