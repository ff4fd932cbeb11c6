package io.shoaldb.sql.pgcatalog;

import static io.shoaldb.sql.pgcatalog.CatalogView.BTREE_AM;
import static io.shoaldb.sql.pgcatalog.CatalogView.DATABASE_OID;
import static io.shoaldb.sql.pgcatalog.CatalogView.HEAP_AM;
import static io.shoaldb.sql.pgcatalog.CatalogView.NS_INFORMATION_SCHEMA;
import static io.shoaldb.sql.pgcatalog.CatalogView.NS_PG_CATALOG;
import static io.shoaldb.sql.pgcatalog.CatalogView.NS_PG_TOAST;
import static io.shoaldb.sql.pgcatalog.CatalogView.NS_PUBLIC;
import static io.shoaldb.sql.pgcatalog.CatalogView.SUPERUSER_OID;
import static io.shoaldb.sql.pgcatalog.SystemRelation.map;

import io.shoaldb.sql.catalog.CheckDef;
import io.shoaldb.sql.catalog.ColumnDef;
import io.shoaldb.sql.catalog.TableDef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** pg_catalog's relations (PostgreSQL 15 column lists) and how their rows come from the catalog. */
final class PgCatalog {
    private PgCatalog() {
    }

    private static final String CLASS_COLUMNS = "oid oid, relname name, relnamespace oid, reltype oid, reloftype oid,"
            + " relowner oid, relam oid, relfilenode oid, reltablespace oid, relpages int4, reltuples float4,"
            + " relallvisible int4, reltoastrelid oid, relhasindex bool, relisshared bool, relpersistence char,"
            + " relkind char, relnatts int2, relchecks int2, relhasrules bool, relhastriggers bool,"
            + " relhassubclass bool, relrowsecurity bool, relforcerowsecurity bool, relispopulated bool,"
            + " relreplident char, relispartition bool, relrewrite oid, relfrozenxid xid, relminmxid xid,"
            + " relacl aclitem[], reloptions text[], relpartbound pg_node_tree";

    static void define() {
        SystemCatalog.define("pg_catalog", "pg_namespace", 'r', "oid oid, nspname name, nspowner oid, nspacl aclitem[]",
                v -> List.of(ns(NS_PG_TOAST, "pg_toast"), ns(NS_PG_CATALOG, "pg_catalog"), ns(NS_PUBLIC, "public"),
                        ns(NS_INFORMATION_SCHEMA, "information_schema")));
        SystemCatalog.define("pg_catalog", "pg_class", 'r', CLASS_COLUMNS, PgCatalog::classes);
        SystemCatalog.define("pg_catalog", "pg_attribute", 'r', "attrelid oid, attname name, atttypid oid,"
                + " attstattarget int4, attlen int2, attnum int2, attndims int4, attcacheoff int4, atttypmod int4,"
                + " attbyval bool, attalign char, attstorage char, attcompression char, attnotnull bool,"
                + " atthasdef bool, atthasmissing bool, attidentity char, attgenerated char, attisdropped bool,"
                + " attislocal bool, attinhcount int4, attcollation oid, attacl aclitem[], attoptions text[],"
                + " attfdwoptions text[], attmissingval text[]", PgCatalog::attributes);
        SystemCatalog.define("pg_catalog", "pg_type", 'r', "oid oid, typname name, typnamespace oid, typowner oid,"
                + " typlen int2, typbyval bool, typtype char, typcategory char, typispreferred bool, typisdefined bool,"
                + " typdelim char, typrelid oid, typsubscript regproc, typelem oid, typarray oid, typinput regproc,"
                + " typoutput regproc, typreceive regproc, typsend regproc, typmodin regproc, typmodout regproc,"
                + " typanalyze regproc, typalign char, typstorage char, typnotnull bool, typbasetype oid,"
                + " typtypmod int4, typndims int4, typcollation oid, typdefaultbin pg_node_tree, typdefault text,"
                + " typacl aclitem[]", PgCatalog::types);
        SystemCatalog.define("pg_catalog", "pg_index", 'r', "indexrelid oid, indrelid oid, indnatts int2,"
                + " indnkeyatts int2, indisunique bool, indnullsnotdistinct bool, indisprimary bool,"
                + " indisexclusion bool, indimmediate bool, indisclustered bool, indisvalid bool, indcheckxmin bool,"
                + " indisready bool, indislive bool, indisreplident bool, indkey int2vector, indcollation oidvector,"
                + " indclass oidvector, indoption int2vector, indexprs pg_node_tree, indpred pg_node_tree",
                PgCatalog::indexes);
        SystemCatalog.define("pg_catalog", "pg_constraint", 'r', "oid oid, conname name, connamespace oid,"
                + " contype char, condeferrable bool, condeferred bool, convalidated bool, conrelid oid, contypid oid,"
                + " conindid oid, conparentid oid, confrelid oid, confupdtype char, confdeltype char,"
                + " confmatchtype char, conislocal bool, coninhcount int4, connoinherit bool, conkey int2[],"
                + " confkey int2[], conpfeqop oid[], conppeqop oid[], conffeqop oid[], confdelsetcols int2[],"
                + " conexclop oid[], conbin pg_node_tree", PgCatalog::constraints);
        SystemCatalog.define("pg_catalog", "pg_attrdef", 'r', "oid oid, adrelid oid, adnum int2, adbin pg_node_tree",
                PgCatalog::defaults);
        SystemCatalog.define("pg_catalog", "pg_proc", 'r', "oid oid, proname name, pronamespace oid, proowner oid,"
                + " prolang oid, procost float4, prorows float4, provariadic oid, prosupport regproc, prokind char,"
                + " prosecdef bool, proleakproof bool, proisstrict bool, proretset bool, provolatile char,"
                + " proparallel char, pronargs int2, pronargdefaults int2, prorettype oid, proargtypes oidvector,"
                + " proallargtypes oid[], proargmodes char[], proargnames text[], proargdefaults pg_node_tree,"
                + " protrftypes oid[], prosrc text, probin text, prosqlbody pg_node_tree, proconfig text[],"
                + " proacl aclitem[]", v -> Functions.procRows());
        SystemCatalog.define("pg_catalog", "pg_database", 'r', "oid oid, datname name, datdba oid, encoding int4,"
                + " datlocprovider char, datistemplate bool, datallowconn bool, datconnlimit int4, datfrozenxid xid,"
                + " datminmxid xid, dattablespace oid, datcollate text, datctype text, daticulocale text,"
                + " datcollversion text, datacl aclitem[]", v -> List.of(map("oid", DATABASE_OID,
                        "datname", v.session().database(), "datdba", SUPERUSER_OID, "encoding", 6, "datlocprovider", "c",
                        "datistemplate", false, "datallowconn", true, "datconnlimit", -1, "datfrozenxid", 0,
                        "datminmxid", 1, "dattablespace", 1663, "datcollate", "C.UTF-8", "datctype", "C.UTF-8")));
        SystemCatalog.define("pg_catalog", "pg_settings", 'v', "name text, setting text, unit text, category text,"
                + " short_desc text, extra_desc text, context text, vartype text, source text, min_val text,"
                + " max_val text, enumvals text[], boot_val text, reset_val text, sourcefile text, sourceline int4,"
                + " pending_restart bool", PgCatalog::settings);
        String roleColumns = "rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool, rolcreatedb bool,"
                + " rolcanlogin bool, rolreplication bool, rolconnlimit int4, rolpassword text,"
                + " rolvaliduntil timestamptz, rolbypassrls bool, rolconfig text[], oid oid";
        SystemCatalog.define("pg_catalog", "pg_roles", 'v', roleColumns, v -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (var r : v.roles()) {
                out.add(map("rolname", r.name(), "rolsuper", r.superuser(), "rolinherit", true,
                        "rolcreaterole", r.superuser(), "rolcreatedb", r.superuser(), "rolcanlogin", r.login(),
                        "rolreplication", r.superuser(), "rolconnlimit", -1, "rolpassword", "********",
                        "rolbypassrls", r.superuser(), "oid", (int) r.oid()));
            }
            return out;
        });
        SystemCatalog.define("pg_catalog", "pg_user", 'v', "usename name, usesysid oid, usecreatedb bool,"
                + " usesuper bool, userepl bool, usebypassrls bool, passwd text, valuntil timestamptz,"
                + " useconfig text[]", v -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (var r : v.roles()) {
                        if (r.login()) {
                            out.add(map("usename", r.name(), "usesysid", (int) r.oid(), "usecreatedb", r.superuser(),
                                    "usesuper", r.superuser(), "userepl", r.superuser(), "usebypassrls", r.superuser(),
                                    "passwd", "********"));
                        }
                    }
                    return out;
                });
        SystemCatalog.define("pg_catalog", "pg_auth_members", 'r', "roleid oid, member oid, grantor oid,"
                + " admin_option bool", v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_description", 'r', "objoid oid, classoid oid, objsubid int4,"
                + " description text", v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_shdescription", 'r', "objoid oid, classoid oid, description text",
                v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_am", 'r', "oid oid, amname name, amhandler regproc, amtype char",
                v -> List.of(map("oid", HEAP_AM, "amname", "heap", "amhandler", 3, "amtype", "t"),
                        map("oid", BTREE_AM, "amname", "btree", "amhandler", 330, "amtype", "i")));
        SystemCatalog.define("pg_catalog", "pg_tables", 'v', "schemaname name, tablename name, tableowner name,"
                + " tablespace name, hasindexes bool, hasrules bool, hastriggers bool, rowsecurity bool", v -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (CatalogView.Table t : v.tables()) {
                        out.add(map("schemaname", "public", "tablename", t.def().name(), "tableowner", v.session().user(),
                                "hasindexes", !CatalogView.indexes(t).isEmpty(), "hasrules", false, "hastriggers", false,
                                "rowsecurity", false));
                    }
                    return out;
                });
        SystemCatalog.define("pg_catalog", "pg_views", 'v', "schemaname name, viewname name, viewowner name,"
                + " definition text", v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_matviews", 'v', "schemaname name, matviewname name,"
                + " matviewowner name, tablespace name, hasindexes bool, ispopulated bool, definition text",
                v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_indexes", 'v', "schemaname name, tablename name, indexname name,"
                + " tablespace name, indexdef text", v -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (CatalogView.Index i : v.indexes()) {
                        out.add(map("schemaname", "public", "tablename", i.table().def().name(), "indexname", i.name(),
                                "indexdef", Functions.indexDef(i, 0)));
                    }
                    return out;
                });
        SystemCatalog.define("pg_catalog", "pg_sequences", 'v', "schemaname name, sequencename name,"
                + " sequenceowner name, data_type regtype, start_value int8, min_value int8, max_value int8,"
                + " increment_by int8, cycle bool, cache_size int8, last_value int8", v -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (CatalogView.Table t : v.tables()) {
                        for (ColumnDef c : t.def().columns()) {
                            if (c.sequence() != null) {
                                out.add(map("schemaname", "public", "sequencename", c.sequence(), "sequenceowner",
                                        v.session().user(), "data_type", 20, "start_value", 1L, "min_value", 1L,
                                        "max_value", Long.MAX_VALUE, "increment_by", 1L, "cycle", false, "cache_size", 1L));
                            }
                        }
                    }
                    return out;
                });
        SystemCatalog.define("pg_catalog", "pg_sequence", 'r', "seqrelid oid, seqtypid oid, seqstart int8,"
                + " seqincrement int8, seqmax int8, seqmin int8, seqcache int8, seqcycle bool", v -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (CatalogView.Table t : v.tables()) {
                        for (int a = 0; a < t.def().columns().size(); a++) {
                            if (t.def().columns().get(a).sequence() != null) {
                                out.add(map("seqrelid", t.sequenceOid(a + 1), "seqtypid", 20, "seqstart", 1L,
                                        "seqincrement", 1L, "seqmax", Long.MAX_VALUE, "seqmin", 1L, "seqcache", 1L,
                                        "seqcycle", false));
                            }
                        }
                    }
                    return out;
                });
        SystemCatalog.define("pg_catalog", "pg_inherits", 'r', "inhrelid oid, inhparent oid, inhseqno int4,"
                + " inhdetachpending bool", v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_partitioned_table", 'r', "partrelid oid, partstrat char,"
                + " partnatts int2, partdefid oid, partattrs int2vector, partclass oidvector,"
                + " partcollation oidvector, partexprs pg_node_tree", v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_enum", 'r', "oid oid, enumtypid oid, enumsortorder float4,"
                + " enumlabel name", v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_range", 'r', "rngtypid oid, rngsubtype oid, rngmultitypid oid,"
                + " rngcollation oid, rngsubopc oid, rngcanonical regproc, rngsubdiff regproc", v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_collation", 'r', "oid oid, collname name, collnamespace oid,"
                + " collowner oid, collprovider char, collisdeterministic bool, collencoding int4, collcollate text,"
                + " collctype text, colliculocale text, collversion text", v -> List.of(
                        map("oid", 100, "collname", "default", "collnamespace", NS_PG_CATALOG, "collowner", SUPERUSER_OID,
                                "collprovider", "d", "collisdeterministic", true, "collencoding", -1),
                        map("oid", 950, "collname", "C", "collnamespace", NS_PG_CATALOG, "collowner", SUPERUSER_OID,
                                "collprovider", "c", "collisdeterministic", true, "collencoding", -1,
                                "collcollate", "C", "collctype", "C")));
        SystemCatalog.define("pg_catalog", "pg_extension", 'r', "oid oid, extname name, extowner oid,"
                + " extnamespace oid, extrelocatable bool, extversion text, extconfig oid[], extcondition text[]",
                v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_depend", 'r', "classid oid, objid oid, objsubid int4,"
                + " refclassid oid, refobjid oid, refobjsubid int4, deptype char", v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_tablespace", 'r', "oid oid, spcname name, spcowner oid,"
                + " spcacl aclitem[], spcoptions text[]", v -> List.of(
                        map("oid", 1663, "spcname", "pg_default", "spcowner", SUPERUSER_OID),
                        map("oid", 1664, "spcname", "pg_global", "spcowner", SUPERUSER_OID)));
        SystemCatalog.define("pg_catalog", "pg_language", 'r', "oid oid, lanname name, lanowner oid,"
                + " lanispl bool, lanpltrusted bool, lanplcallfoid oid, laninline oid, lanvalidator oid,"
                + " lanacl aclitem[]", v -> List.of(
                        map("oid", 12, "lanname", "internal", "lanowner", SUPERUSER_OID, "lanispl", false,
                                "lanpltrusted", false, "lanplcallfoid", 0, "laninline", 0, "lanvalidator", 2246),
                        map("oid", 14, "lanname", "sql", "lanowner", SUPERUSER_OID, "lanispl", false,
                                "lanpltrusted", true, "lanplcallfoid", 0, "laninline", 0, "lanvalidator", 2248)));
        SystemCatalog.define("pg_catalog", "pg_trigger", 'r', "oid oid, tgrelid oid, tgparentid oid, tgname name,"
                + " tgfoid oid, tgtype int2, tgenabled char, tgisinternal bool, tgconstrrelid oid,"
                + " tgconstrindid oid, tgconstraint oid, tgdeferrable bool, tginitdeferred bool, tgnargs int2,"
                + " tgattr int2vector, tgargs text, tgqual pg_node_tree, tgoldtable name, tgnewtable name",
                v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_rewrite", 'r', "oid oid, rulename name, ev_class oid, ev_type char,"
                + " ev_enabled char, is_instead bool, ev_qual pg_node_tree, ev_action pg_node_tree", v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_policy", 'r', "oid oid, polname name, polrelid oid, polcmd char,"
                + " polpermissive bool, polroles oid[], polqual pg_node_tree, polwithcheck pg_node_tree",
                v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_statistic_ext", 'r', "oid oid, stxrelid oid, stxname name,"
                + " stxnamespace oid, stxowner oid, stxstattarget int4, stxkeys int2vector, stxkind char[],"
                + " stxexprs pg_node_tree", v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_publication", 'r', "oid oid, pubname name, pubowner oid,"
                + " puballtables bool, pubinsert bool, pubupdate bool, pubdelete bool, pubtruncate bool,"
                + " pubviaroot bool", v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_publication_namespace", 'r', "oid oid, pnpubid oid, pnnspid oid",
                v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_publication_rel", 'r', "oid oid, prpubid oid, prrelid oid,"
                + " prqual pg_node_tree, prattrs int2vector", v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_conversion", 'r', "oid oid, conname name, connamespace oid,"
                + " conowner oid, conforencoding int4, contoencoding int4, conproc regproc, condefault bool",
                v -> List.of());
        SystemCatalog.define("pg_catalog", "pg_stat_activity", 'v', "datid oid, datname name, pid int4,"
                + " leader_pid int4, usesysid oid, usename name, application_name text, client_addr text,"
                + " client_hostname text, client_port int4, backend_start timestamptz, xact_start timestamptz,"
                + " query_start timestamptz, state_change timestamptz, wait_event_type text, wait_event text,"
                + " state text, backend_xid xid, backend_xmin xid, query_id int8, query text, backend_type text",
                v -> List.of(map("datid", DATABASE_OID, "datname", v.session().database(), "pid",
                        v.session().backendPid(), "usesysid", SUPERUSER_OID, "usename", v.session().user(),
                        "application_name", setting(v, "application_name"), "state", "active",
                        "backend_type", "client backend")));
    }

    private static Map<String, Object> ns(int oid, String name) {
        return map("oid", oid, "nspname", name, "nspowner", SUPERUSER_OID);
    }

    private static String setting(CatalogView v, String name) {
        try {
            return v.session().setting().apply(name);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static Map<String, Object> classRow(int oid, String name, int namespace, char kind, int type, int am,
            int natts) {
        return map("oid", oid, "relname", name, "relnamespace", namespace, "reltype", type, "reloftype", 0,
                "relowner", SUPERUSER_OID, "relam", am, "relfilenode", oid, "reltablespace", 0, "relpages", 0,
                "reltuples", -1f, "relallvisible", 0, "reltoastrelid", 0, "relhasindex", false, "relisshared", false,
                "relpersistence", "p", "relkind", String.valueOf(kind), "relnatts", (short) natts, "relchecks", (short) 0,
                "relhasrules", false, "relhastriggers", false, "relhassubclass", false, "relrowsecurity", false,
                "relforcerowsecurity", false, "relispopulated", true, "relreplident", kind == 'r' ? "d" : "n",
                "relispartition", false, "relrewrite", 0, "relfrozenxid", 0, "relminmxid", 0);
    }

    private static List<Map<String, Object>> classes(CatalogView v) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CatalogView.Table t : v.tables()) {
            TableDef d = t.def();
            Map<String, Object> row = classRow(t.oid(), d.name(), NS_PUBLIC, 'r', t.rowTypeOid(), HEAP_AM,
                    d.columns().size());
            row.put("relhasindex", !CatalogView.indexes(t).isEmpty());
            row.put("relchecks", (short) d.checks().size());
            out.add(row);
            for (CatalogView.Index i : CatalogView.indexes(t)) {
                out.add(classRow(i.oid(), i.name(), NS_PUBLIC, 'i', 0, BTREE_AM, i.columns().size()));
            }
            for (int a = 0; a < d.columns().size(); a++) {
                if (d.columns().get(a).sequence() != null) {
                    out.add(classRow(t.sequenceOid(a + 1), d.columns().get(a).sequence(), NS_PUBLIC, 'S', 0, 0, 3));
                }
            }
        }
        for (SystemRelation r : SystemCatalog.relations()) {
            int ns = r.schema().equals("pg_catalog") ? NS_PG_CATALOG : NS_INFORMATION_SCHEMA;
            out.add(classRow(r.oid(), r.name(), ns, r.kind(), 0, r.kind() == 'r' ? HEAP_AM : 0, r.columns().size()));
        }
        return out;
    }

    private static Map<String, Object> attribute(int relid, String name, int attnum, int typeOid, int typmod,
            boolean notNull, boolean hasDefault, String identity) {
        BuiltinTypes.Type t = BuiltinTypes.byOid(typeOid);
        return map("attrelid", relid, "attname", name, "atttypid", typeOid, "attstattarget", -1,
                "attlen", (short) (t == null ? -1 : t.length()), "attnum", (short) attnum, "attndims", 0,
                "attcacheoff", -1, "atttypmod", typmod, "attbyval", t != null && t.byValue(), "attalign", "i",
                "attstorage", t != null && t.length() == -1 ? "x" : "p", "attcompression", "", "attnotnull", notNull,
                "atthasdef", hasDefault, "atthasmissing", false, "attidentity", identity, "attgenerated", "",
                "attisdropped", false, "attislocal", true, "attinhcount", 0,
                "attcollation", t != null && t.category() == 'S' ? 100 : 0);
    }

    private static List<Map<String, Object>> attributes(CatalogView v) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CatalogView.Table t : v.tables()) {
            List<ColumnDef> cols = t.def().columns();
            for (int a = 0; a < cols.size(); a++) {
                ColumnDef c = cols.get(a);
                boolean notNull = c.notNull() || t.def().primaryKey().contains(a);
                out.add(attribute(t.oid(), c.name(), a + 1, c.type().oid, BuiltinTypes.typmod(c), notNull,
                        c.defaultSql() != null, ""));
            }
            for (CatalogView.Index i : CatalogView.indexes(t)) {
                for (int k = 0; k < i.columns().size(); k++) {
                    ColumnDef c = cols.get(i.columns().get(k));
                    out.add(attribute(i.oid(), c.name(), k + 1, c.type().oid, BuiltinTypes.typmod(c), false, false, ""));
                }
            }
        }
        for (SystemRelation r : SystemCatalog.relations()) {
            for (int a = 0; a < r.columns().size(); a++) {
                BuiltinTypes.Type t = BuiltinTypes.byName(r.columns().get(a).pgType().replace("[]", "").equals(
                        r.columns().get(a).pgType()) ? r.columns().get(a).pgType()
                        : "_" + r.columns().get(a).pgType().replace("[]", ""));
                out.add(attribute(r.oid(), r.columns().get(a).name(), a + 1, t == null ? 25 : t.oid(), -1, false,
                        false, ""));
            }
        }
        return out;
    }

    private static List<Map<String, Object>> types(CatalogView v) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (BuiltinTypes.Type t : BuiltinTypes.all()) {
            char typtype = t.category() == 'P' ? 'p' : 'b';
            out.add(typeRow(t.oid(), t.name(), NS_PG_CATALOG, t.length(), t.byValue(), typtype, t.category(), 0,
                    t.elementOid(), t.arrayOid(), t.input(), t.isArray() ? "array_out" : t.name() + "out",
                    t.category() == 'S' ? 100 : 0));
        }
        for (CatalogView.Table t : v.tables()) {
            out.add(typeRow(t.rowTypeOid(), t.def().name(), NS_PUBLIC, -1, false, 'c', 'C', t.oid(), 0,
                    t.arrayTypeOid(), "record_in", "record_out", 0));
            out.add(typeRow(t.arrayTypeOid(), "_" + t.def().name(), NS_PUBLIC, -1, false, 'b', 'A', 0,
                    t.rowTypeOid(), 0, "array_in", "array_out", 0));
        }
        return out;
    }

    private static Map<String, Object> typeRow(int oid, String name, int namespace, int length, boolean byValue,
            char typtype, char category, int relid, int elem, int array, String input, String output, int collation) {
        return map("oid", oid, "typname", name, "typnamespace", namespace, "typowner", SUPERUSER_OID,
                "typlen", (short) length, "typbyval", byValue, "typtype", String.valueOf(typtype),
                "typcategory", String.valueOf(category), "typispreferred", false, "typisdefined", true,
                "typdelim", ",", "typrelid", relid, "typsubscript", elem != 0 ? "array_subscript_handler" : "-",
                "typelem", elem, "typarray", array, "typinput", input, "typoutput", output,
                "typreceive", "-", "typsend", "-", "typmodin", "-", "typmodout", "-", "typanalyze", "-",
                "typalign", length == 8 ? "d" : length == 2 ? "s" : length == 1 ? "c" : "i",
                "typstorage", length == -1 ? "x" : "p", "typnotnull", false, "typbasetype", 0, "typtypmod", -1,
                "typndims", 0, "typcollation", collation);
    }

    private static List<Map<String, Object>> indexes(CatalogView v) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CatalogView.Index i : v.indexes()) {
            List<Short> keys = new ArrayList<>();
            List<Integer> zeros = new ArrayList<>();
            List<Short> options = new ArrayList<>();
            for (int c : i.columns()) {
                keys.add((short) (c + 1));
                zeros.add(0);
                options.add((short) 0);
            }
            out.add(map("indexrelid", i.oid(), "indrelid", i.table().oid(), "indnatts", (short) keys.size(),
                    "indnkeyatts", (short) keys.size(), "indisunique", i.unique(), "indnullsnotdistinct", false,
                    "indisprimary", i.primary(), "indisexclusion", false, "indimmediate", true, "indisclustered", false,
                    "indisvalid", true, "indcheckxmin", false, "indisready", true, "indislive", true,
                    "indisreplident", false, "indkey", PgArray.vector(keys), "indcollation", PgArray.vector(zeros),
                    "indclass", PgArray.vector(Collections.nCopies(keys.size(), 1978)),
                    "indoption", PgArray.vector(options)));
        }
        return out;
    }

    private static List<Map<String, Object>> constraints(CatalogView v) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CatalogView.Table t : v.tables()) {
            for (CatalogView.Index i : CatalogView.indexes(t)) {
                if (i.constraintOid() != 0) {
                    List<Short> keys = new ArrayList<>();
                    for (int c : i.columns()) {
                        keys.add((short) (c + 1));
                    }
                    out.add(constraint(i.constraintOid(), i.name(), i.primary() ? 'p' : 'u', t.oid(), i.oid(),
                            PgArray.of(keys), null));
                }
            }
            List<CheckDef> checks = t.def().checks();
            for (int c = 0; c < checks.size(); c++) {
                out.add(constraint(t.checkOid(c), checks.get(c).name(), 'c', t.oid(), 0, null, checks.get(c).sql()));
            }
            // foreign keys take the constraint OIDs after the checks (what pgjdbc's getImportedKeys reads)
            List<io.shoaldb.sql.catalog.ForeignKeyDef> fks = v.ctx().catalog().foreignKeysOf(t.def().name());
            for (int f = 0; f < fks.size(); f++) {
                io.shoaldb.sql.catalog.ForeignKeyDef fk = fks.get(f);
                CatalogView.Table parent = v.tables().stream().filter(p -> p.def().name().equals(fk.refTable()))
                        .findFirst().orElse(null);
                if (parent == null) {
                    continue;
                }
                List<Short> keys = new ArrayList<>();
                fk.columns().forEach(c -> keys.add((short) (t.def().columnIndex(c) + 1)));
                List<Short> refKeys = new ArrayList<>();
                fk.refColumns().forEach(c -> refKeys.add((short) (parent.def().columnIndex(c) + 1)));
                java.util.Set<Integer> refSet = new java.util.TreeSet<>();
                fk.refColumns().forEach(c -> refSet.add(parent.def().columnIndex(c)));
                int indexOid = CatalogView.indexes(parent).stream().filter(i -> i.unique()
                        && new java.util.TreeSet<>(i.columns()).equals(refSet)).mapToInt(CatalogView.Index::oid).findFirst().orElse(0);
                Map<String, Object> row = constraint(t.checkOid(checks.size() + f), fk.name(), 'f', t.oid(), indexOid,
                        PgArray.of(keys), null);
                row.put("confrelid", parent.oid());
                row.put("confkey", PgArray.of(refKeys));
                row.put("confupdtype", String.valueOf(fk.onUpdate()));
                row.put("confdeltype", String.valueOf(fk.onDelete()));
                row.put("confmatchtype", "s");
                out.add(row);
            }
        }
        return out;
    }

    private static Map<String, Object> constraint(int oid, String name, char type, int relid, int indexOid,
            PgArray keys, String bin) {
        return map("oid", oid, "conname", name, "connamespace", NS_PUBLIC, "contype", String.valueOf(type),
                "condeferrable", false, "condeferred", false, "convalidated", true, "conrelid", relid, "contypid", 0,
                "conindid", indexOid, "conparentid", 0, "confrelid", 0, "confupdtype", " ", "confdeltype", " ",
                "confmatchtype", " ", "conislocal", true, "coninhcount", 0, "connoinherit", type == 'c' ? false : true,
                "conkey", keys, "conbin", bin);
    }

    private static List<Map<String, Object>> defaults(CatalogView v) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CatalogView.Table t : v.tables()) {
            List<ColumnDef> cols = t.def().columns();
            for (int a = 0; a < cols.size(); a++) {
                if (cols.get(a).defaultSql() != null) {
                    out.add(map("oid", t.defaultOid(a + 1), "adrelid", t.oid(), "adnum", (short) (a + 1),
                            "adbin", Functions.defaultExpression(cols.get(a))));
                }
            }
        }
        return out;
    }

    private static List<Map<String, Object>> settings(CatalogView v) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String[] s : v.session().allSettings().get()) {
            out.add(map("name", s[0], "setting", s[1], "category", "Ungrouped", "short_desc", s[2],
                    "context", "user", "vartype", "string", "source", "default", "boot_val", s[1], "reset_val", s[1],
                    "pending_restart", false));
        }
        out.add(map("name", "max_index_keys", "setting", "32", "category", "Preset Options",
                "short_desc", "Shows the maximum number of index keys.", "context", "internal", "vartype", "integer",
                "source", "default", "min_val", "32", "max_val", "32", "boot_val", "32", "reset_val", "32",
                "pending_restart", false));
        out.add(map("name", "max_identifier_length", "setting", "63", "category", "Preset Options",
                "short_desc", "Shows the maximum identifier length.", "context", "internal", "vartype", "integer",
                "source", "default", "min_val", "63", "max_val", "63", "boot_val", "63", "reset_val", "63",
                "pending_restart", false));
        return out;
    }
}
