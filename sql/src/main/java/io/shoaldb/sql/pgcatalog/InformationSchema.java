package io.shoaldb.sql.pgcatalog;

import static io.shoaldb.sql.pgcatalog.SystemRelation.map;

import io.shoaldb.sql.catalog.ColumnDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** information_schema's relations (PostgreSQL 15 column lists) over the catalog's public tables. */
final class InformationSchema {
    private InformationSchema() {
    }

    private static final String S = "information_schema";

    static void define() {
        SystemCatalog.define(S, "schemata", 'v', "catalog_name name, schema_name name, schema_owner name,"
                + " default_character_set_catalog name, default_character_set_schema name,"
                + " default_character_set_name name, sql_path text", v -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (String s : List.of("information_schema", "pg_catalog", "pg_toast", "public")) {
                        out.add(map("catalog_name", v.session().database(), "schema_name", s, "schema_owner",
                                v.session().user()));
                    }
                    return out;
                });
        SystemCatalog.define(S, "tables", 'v', "table_catalog name, table_schema name, table_name name,"
                + " table_type text, self_referencing_column_name name, reference_generation text,"
                + " user_defined_type_catalog name, user_defined_type_schema name, user_defined_type_name name,"
                + " is_insertable_into text, is_typed text, commit_action text", v -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (CatalogView.Table t : v.tables()) {
                        out.add(map("table_catalog", v.session().database(), "table_schema", "public",
                                "table_name", t.def().name(), "table_type", "BASE TABLE", "is_insertable_into", "YES",
                                "is_typed", "NO"));
                    }
                    for (SystemRelation r : SystemCatalog.relations()) {
                        out.add(map("table_catalog", v.session().database(), "table_schema", r.schema(),
                                "table_name", r.name(), "table_type", r.kind() == 'v' ? "VIEW" : "BASE TABLE",
                                "is_insertable_into", "NO", "is_typed", "NO"));
                    }
                    return out;
                });
        SystemCatalog.define(S, "columns", 'v', "table_catalog name, table_schema name, table_name name,"
                + " column_name name, ordinal_position int4, column_default text, is_nullable text, data_type text,"
                + " character_maximum_length int4, character_octet_length int4, numeric_precision int4,"
                + " numeric_precision_radix int4, numeric_scale int4, datetime_precision int4, interval_type text,"
                + " interval_precision int4, character_set_catalog name, character_set_schema name,"
                + " character_set_name name, collation_catalog name, collation_schema name, collation_name name,"
                + " domain_catalog name, domain_schema name, domain_name name, udt_catalog name, udt_schema name,"
                + " udt_name name, scope_catalog name, scope_schema name, scope_name name, maximum_cardinality int4,"
                + " dtd_identifier name, is_self_referencing text, is_identity text, identity_generation text,"
                + " identity_start text, identity_increment text, identity_maximum text, identity_minimum text,"
                + " identity_cycle text, is_generated text, generation_expression text, is_updatable text",
                InformationSchema::columns);
        SystemCatalog.define(S, "table_constraints", 'v', "constraint_catalog name, constraint_schema name,"
                + " constraint_name name, table_catalog name, table_schema name, table_name name,"
                + " constraint_type text, is_deferrable text, initially_deferred text, enforced text,"
                + " nulls_distinct text", v -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (CatalogView.Table t : v.tables()) {
                        for (CatalogView.Index i : CatalogView.indexes(t)) {
                            if (i.constraintOid() != 0) {
                                out.add(tableConstraint(v, t, i.name(), i.primary() ? "PRIMARY KEY" : "UNIQUE"));
                            }
                        }
                        for (var c : t.def().checks()) {
                            out.add(tableConstraint(v, t, c.name(), "CHECK"));
                        }
                    }
                    return out;
                });
        SystemCatalog.define(S, "key_column_usage", 'v', "constraint_catalog name, constraint_schema name,"
                + " constraint_name name, table_catalog name, table_schema name, table_name name, column_name name,"
                + " ordinal_position int4, position_in_unique_constraint int4", v -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (CatalogView.Table t : v.tables()) {
                        for (CatalogView.Index i : CatalogView.indexes(t)) {
                            if (i.constraintOid() == 0) {
                                continue;
                            }
                            for (int k = 0; k < i.columns().size(); k++) {
                                out.add(map("constraint_catalog", v.session().database(), "constraint_schema", "public",
                                        "constraint_name", i.name(), "table_catalog", v.session().database(),
                                        "table_schema", "public", "table_name", t.def().name(), "column_name",
                                        t.def().columns().get(i.columns().get(k)).name(), "ordinal_position", k + 1));
                            }
                        }
                    }
                    return out;
                });
        SystemCatalog.define(S, "check_constraints", 'v', "constraint_catalog name, constraint_schema name,"
                + " constraint_name name, check_clause text", v -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (CatalogView.Table t : v.tables()) {
                        for (var c : t.def().checks()) {
                            out.add(map("constraint_catalog", v.session().database(), "constraint_schema", "public",
                                    "constraint_name", c.name(), "check_clause", c.sql()));
                        }
                    }
                    return out;
                });
        SystemCatalog.define(S, "referential_constraints", 'v', "constraint_catalog name, constraint_schema name,"
                + " constraint_name name, unique_constraint_catalog name, unique_constraint_schema name,"
                + " unique_constraint_name name, match_option text, update_rule text, delete_rule text",
                v -> List.of());
        SystemCatalog.define(S, "views", 'v', "table_catalog name, table_schema name, table_name name,"
                + " view_definition text, check_option text, is_updatable text, is_insertable_into text,"
                + " is_trigger_updatable text, is_trigger_deletable text, is_trigger_insertable_into text",
                v -> List.of());
        SystemCatalog.define(S, "sequences", 'v', "sequence_catalog name, sequence_schema name,"
                + " sequence_name name, data_type text, numeric_precision int4, numeric_precision_radix int4,"
                + " numeric_scale int4, start_value text, minimum_value text, maximum_value text, increment text,"
                + " cycle_option text", v -> {
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (CatalogView.Table t : v.tables()) {
                        for (ColumnDef c : t.def().columns()) {
                            if (c.sequence() != null) {
                                out.add(map("sequence_catalog", v.session().database(), "sequence_schema", "public",
                                        "sequence_name", c.sequence(), "data_type", "bigint", "numeric_precision", 64,
                                        "numeric_precision_radix", 2, "numeric_scale", 0, "start_value", "1",
                                        "minimum_value", "1", "maximum_value", Long.toString(Long.MAX_VALUE),
                                        "increment", "1", "cycle_option", "NO"));
                            }
                        }
                    }
                    return out;
                });
    }

    private static Map<String, Object> tableConstraint(CatalogView v, CatalogView.Table t, String name, String type) {
        return map("constraint_catalog", v.session().database(), "constraint_schema", "public", "constraint_name", name,
                "table_catalog", v.session().database(), "table_schema", "public", "table_name", t.def().name(),
                "constraint_type", type, "is_deferrable", "NO", "initially_deferred", "NO", "enforced", "YES");
    }

    private static List<Map<String, Object>> columns(CatalogView v) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CatalogView.Table t : v.tables()) {
            List<ColumnDef> cols = t.def().columns();
            for (int a = 0; a < cols.size(); a++) {
                ColumnDef c = cols.get(a);
                boolean notNull = c.notNull() || t.def().primaryKey().contains(a);
                BuiltinTypes.Type type = BuiltinTypes.byOid(c.type().oid);
                Map<String, Object> row = map("table_catalog", v.session().database(), "table_schema", "public",
                        "table_name", t.def().name(), "column_name", c.name(), "ordinal_position", a + 1,
                        "column_default", c.defaultSql() == null ? null : Functions.defaultExpression(c),
                        "is_nullable", notNull ? "NO" : "YES", "data_type", type == null ? c.type().pgName : type.formatName(),
                        "udt_catalog", v.session().database(), "udt_schema", "pg_catalog",
                        "udt_name", type == null ? c.type().pgName : type.name(), "dtd_identifier", Integer.toString(a + 1),
                        "is_self_referencing", "NO", "is_identity", "NO", "is_generated", "NEVER", "is_updatable", "YES");
                switch (c.type()) {
                    case VARCHAR, BPCHAR -> {
                        if (c.precision() > 0) {
                            row.put("character_maximum_length", c.precision());
                            row.put("character_octet_length", c.precision() * 4);
                        }
                    }
                    case TEXT -> row.put("character_octet_length", 1073741824);
                    case INT2, INT4, INT8 -> {
                        row.put("numeric_precision", c.type().typeLength * 8);
                        row.put("numeric_precision_radix", 2);
                        row.put("numeric_scale", 0);
                    }
                    case FLOAT4, FLOAT8 -> {
                        row.put("numeric_precision", c.type().typeLength == 4 ? 24 : 53);
                        row.put("numeric_precision_radix", 2);
                    }
                    case NUMERIC -> {
                        row.put("numeric_precision_radix", 10);
                        if (c.precision() > 0) {
                            row.put("numeric_precision", c.precision());
                            row.put("numeric_scale", Math.max(0, c.scale()));
                        }
                    }
                    case DATE -> row.put("datetime_precision", 0);
                    case TIMESTAMP -> row.put("datetime_precision", 6);
                    default -> {
                    }
                }
                out.add(row);
            }
        }
        return out;
    }
}
