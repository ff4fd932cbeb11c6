package io.shoaldb.sql.pgcatalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import io.shoaldb.sql.session.StatementResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The system relations and catalog functions, queried with the SQL psql 15 sends for its \d commands. */
class PgCatalogTest {
    private final Session s = new SqlEngine().openSession();

    PgCatalogTest() {
        s.executeScript("CREATE TABLE t (id int PRIMARY KEY, name varchar(20) NOT NULL DEFAULT 'x', p int)");
        s.executeScript("CREATE INDEX t_name ON t (name)");
        s.executeScript("CREATE TABLE c (id serial PRIMARY KEY, tid int, u text UNIQUE, n numeric(10,2) CHECK (n > 0))");
    }

    private List<String> rows(String sql) {
        List<StatementResult> rs = s.executeScript(sql);
        StatementResult r = rs.get(rs.size() - 1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.rows().size(); i++) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < r.columns().size(); c++) {
                b.append(c > 0 ? "|" : "").append(r.text(i, c));
            }
            out.add(b.toString());
        }
        return out;
    }

    private String oid(String table) {
        return rows("SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relname = '" + table + "'").get(0);
    }

    @Test
    void psqlListsTablesIndexesSchemasAndDatabases() {
        assertEquals(List.of("public|c|table|shoal", "public|t|table|shoal"), rows("""
                SELECT n.nspname as "Schema",
                  c.relname as "Name",
                  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
                  pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
                FROM pg_catalog.pg_class c
                     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
                WHERE c.relkind IN ('r','p','')
                      AND n.nspname <> 'pg_catalog'
                      AND n.nspname !~ '^pg_toast'
                      AND n.nspname <> 'information_schema'
                  AND pg_catalog.pg_table_is_visible(c.oid)
                ORDER BY 1,2;"""));
        assertEquals(List.of("public|c_pkey|index|shoal|c", "public|c_u_key|index|shoal|c", "public|t_name|index|shoal|t",
                "public|t_pkey|index|shoal|t"), rows("""
                SELECT n.nspname as "Schema", c.relname as "Name",
                  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'i' THEN 'index' END as "Type",
                  pg_catalog.pg_get_userbyid(c.relowner) as "Owner", c2.relname as "Table"
                FROM pg_catalog.pg_class c
                     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
                     LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid
                     LEFT JOIN pg_catalog.pg_class c2 ON i.indrelid = c2.oid
                WHERE c.relkind IN ('i','I','') AND n.nspname <> 'pg_catalog' AND n.nspname !~ '^pg_toast'
                      AND n.nspname <> 'information_schema' AND pg_catalog.pg_table_is_visible(c.oid)
                ORDER BY 1,2;"""));
        assertEquals(List.of("public|shoal"), rows("""
                SELECT n.nspname AS "Name", pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"
                FROM pg_catalog.pg_namespace n WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' ORDER BY 1;"""));
        assertEquals(List.of("shoal|shoal|UTF8|C.UTF-8|libc|null"), rows("""
                SELECT d.datname as "Name", pg_catalog.pg_get_userbyid(d.datdba) as "Owner",
                       pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding", d.datcollate as "Collate",
                       CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS "Locale Provider",
                       pg_catalog.array_to_string(d.datacl, E'\\n') AS "Access privileges"
                FROM pg_catalog.pg_database d ORDER BY 1;"""));
    }

    @Test
    void psqlDescribesATable() {
        String t = oid("t");
        assertEquals(List.of(t + "|public|t"), rows("""
                SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c
                     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relname OPERATOR(pg_catalog.~) '^(t)$' COLLATE pg_catalog.default
                  AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 2, 3;"""));
        assertEquals(List.of("0|r|t|f|f|f|f|f|f||0||p|d|heap"), rows("""
                SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, '', c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname
                FROM pg_catalog.pg_class c
                 LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid)
                LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)
                WHERE c.oid = '%s';""".formatted(t)));
        assertEquals(List.of("id|integer|null|t|null||", "name|character varying(20)|'x'::character varying|t|null||",
                "p|integer|null|f|null||"), rows("""
                SELECT a.attname,
                  pg_catalog.format_type(a.atttypid, a.atttypmod),
                  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
                   FROM pg_catalog.pg_attrdef d
                   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
                  a.attnotnull,
                  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t
                   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation,
                  a.attidentity,
                  a.attgenerated
                FROM pg_catalog.pg_attribute a
                WHERE a.attrelid = '%s' AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum;""".formatted(t)));
        assertEquals(List.of("t_pkey|t|t|f|t|CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)|PRIMARY KEY (id)|p|f|f|f|0",
                "t_name|f|f|f|t|CREATE INDEX t_name ON public.t USING btree (name)|null|null|null|null|f|0"), rows("""
                SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
                  pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace
                FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
                  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x'))
                WHERE c.oid = '%s' AND c.oid = i.indrelid AND i.indexrelid = c2.oid
                ORDER BY i.indisprimary DESC, c2.relname;""".formatted(t)));
        assertEquals(List.of(), rows("""
                SELECT c.oid::pg_catalog.regclass FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i
                WHERE c.oid = i.inhparent AND i.inhrelid = '%s' AND c.relkind != 'p' AND c.relkind != 'I' ORDER BY inhseqno;""".formatted(t)));
    }

    @Test
    void castsAndFunctionsOverTheCatalog() {
        assertEquals(List.of("1259|t|c|nextval('c_id_seq'::regclass)"), rows("""
                SELECT 'pg_class'::regclass, 'pg_catalog.pg_type'::pg_catalog.regclass = 1247, c.oid::regclass,
                       pg_get_expr(d.adbin, d.adrelid)
                FROM pg_class c JOIN pg_attrdef d ON d.adrelid = c.oid WHERE c.relname = 'c'"""));
        assertEquals(List.of("1|1|{pg_catalog,public}|public|t|f"), rows("""
                SELECT i.indkey, i.indkey[0], current_schemas(true), (current_schemas(false))[1],
                       'public' = ANY(current_schemas(true)), 'x' = ANY('{a,b}'::text[])
                FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname = 't' AND i.indisprimary"""));
        assertEquals(List.of("1|integer", "2|integer", "3|text", "4|numeric(10,2)"), rows("""
                SELECT a.attnum, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
                WHERE a.attrelid = 'c'::regclass AND a.attnum > 0 ORDER BY 1"""));
        assertEquals(List.of("c_n_check|CHECK ((\"n\" > 0))"), rows("""
                SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c'"""));
        assertEquals(List.of("1", "2", "3"), rows("SELECT n FROM generate_series(1, 3) AS s(n)"));
        assertEquals(List.of("public.c_id_seq"), rows("SELECT pg_get_serial_sequence('c', 'id')"));
        assertTrue(rows("SELECT word FROM pg_catalog.pg_get_keywords() WHERE catcode = 'R'").contains("select"));
        assertEquals(List.of("c|n|4|numeric|10|2"), rows("""
                SELECT table_name, column_name, ordinal_position, data_type, numeric_precision, numeric_scale
                FROM information_schema.columns WHERE table_name = 'c' AND column_name = 'n'"""));
        assertEquals(List.of("c_pkey|PRIMARY KEY", "c_u_key|UNIQUE", "t_pkey|PRIMARY KEY"), rows("""
                SELECT constraint_name, constraint_type FROM information_schema.table_constraints
                WHERE constraint_type <> 'CHECK' ORDER BY 1"""));
        SqlException e = assertThrows(SqlException.class, () -> rows("SELECT 'nosuch'::regclass"));
        assertEquals("42P01", e.sqlState());
    }

    @Test
    void setReturningFunctionsInASelectListRunAsLateralJoins() {
        // pgjdbc's getPrimaryKeys: composite fields of _pg_expandarray, in a subquery aliased "result"
        assertEquals(List.of("id|1"), rows("""
                SELECT result.COLUMN_NAME, result.KEY_SEQ FROM (SELECT a.attname AS COLUMN_NAME,
                  (information_schema._pg_expandarray(i.indkey)).n AS KEY_SEQ, information_schema._pg_expandarray(i.indkey) AS KEYS,
                  a.attnum AS A_ATTNUM FROM pg_catalog.pg_class ct JOIN pg_catalog.pg_attribute a ON (ct.oid = a.attrelid)
                  JOIN pg_catalog.pg_index i ON (a.attrelid = i.indrelid) WHERE ct.relname = 't' AND i.indisprimary) result
                WHERE result.A_ATTNUM = (result.KEYS).x"""));
        // SQLAlchemy's primary key reflection: two functions in lockstep, as PostgreSQL zips them
        assertEquals(List.of("id"), rows("""
                SELECT a.attname FROM pg_attribute a JOIN (
                    SELECT unnest(ix.indkey) attnum, generate_subscripts(ix.indkey, 1) ord
                    FROM pg_index ix WHERE ix.indrelid = 't'::regclass AND ix.indisprimary) k ON a.attnum = k.attnum
                WHERE a.attrelid = 't'::regclass ORDER BY k.ord"""));
        assertEquals(List.of("1|a", "2|b", "3|null"), rows(
                "SELECT generate_series(1, 3), unnest('{a,b}'::text[]) FROM pg_namespace WHERE nspname = 'public'"));
        assertEquals(List.of("x", "y"), rows("SELECT u FROM unnest('{x,y}'::text[]) AS u(u)"));
    }

    @Test
    void rolesComeFromTheCatalog() {
        // without roles in the catalog, the session user is the bootstrap superuser
        assertEquals(List.of("shoal|t|10"), rows("SELECT rolname, rolsuper, oid FROM pg_roles"));
        s.executeScript("CREATE ROLE admin SUPERUSER LOGIN PASSWORD 'pw'");
        s.executeScript("CREATE ROLE reader LOGIN PASSWORD 'pw'");
        List<String> roles = rows("SELECT rolname, rolsuper, rolcanlogin FROM pg_catalog.pg_roles ORDER BY 1");
        assertEquals(List.of("admin|t|t", "reader|f|t"), roles);
        assertEquals(List.of("reader"), rows("SELECT usename FROM pg_user WHERE NOT usesuper"));
        assertEquals(rows("SELECT rolname FROM pg_roles WHERE oid = 10"),
                rows("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 't'"));
    }

    @Test
    void oidsStayPutWhenOtherTablesComeAndGo() {
        String before = oid("t");
        s.executeScript("CREATE TABLE z (k int PRIMARY KEY)");
        s.executeScript("DROP TABLE c");
        assertEquals(before, oid("t"));
        assertTrue(Integer.parseInt(before) >= CatalogView.FIRST_USER_OID);
    }
}
