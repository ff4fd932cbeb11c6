package io.shoaldb.sql.parser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoaldb.sql.error.SqlException;
import java.util.List;
import org.apache.calcite.sql.SqlNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PgParserTest {
    @Test
    void numberedParametersBecomeMarkersOutsideLiteralsAndComments() {
        ParameterRewriter.Rewritten r = ParameterRewriter.rewrite(
                "SELECT $2, '$1', \"$1\", $1 /* $3 */ -- $4\n, $$ $5 $$, $2");
        assertEquals("SELECT ?, '$1', \"$1\", ? /* $3 */ -- $4\n, $$ $5 $$, ?", r.sql());
        assertArrayEquals(new int[] {1, 0, 1}, r.markerToParameter());
        assertEquals(2, r.parameterCount());
        assertThrows(SqlException.class, () -> ParameterRewriter.rewrite("SELECT $0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE TABLE t (id SERIAL PRIMARY KEY, a TEXT NOT NULL DEFAULT 'x' CHECK (a <> ''), b INT UNIQUE)",
        "CREATE TABLE IF NOT EXISTS t (a INT, b INT, PRIMARY KEY (a, b)) USING MEMTX DISTRIBUTED BY (a)",
        "CREATE TABLE g (a BIGINT PRIMARY KEY) DISTRIBUTED GLOBALLY",
        "CREATE UNIQUE INDEX IF NOT EXISTS i ON t (a, b)",
        "DROP TABLE IF EXISTS t", "DROP INDEX i", "TRUNCATE TABLE t", "TRUNCATE t",
        "INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO NOTHING",
        "INSERT INTO t VALUES (1, 2) ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b + t.b WHERE t.b < 9 RETURNING *",
        "UPDATE t SET b = 1 WHERE a = ? RETURNING a, b AS bb",
        "DELETE FROM t RETURNING a", "DELETE FROM t AS x WHERE x.a = 1",
        "BEGIN", "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", "START TRANSACTION",
        "COMMIT", "COMMIT WORK", "ROLLBACK", "ROLLBACK TO SAVEPOINT s", "ROLLBACK TO s", "SAVEPOINT s",
        "RELEASE SAVEPOINT s", "RELEASE s", "EXPLAIN SELECT 1",
        "SELECT a::text, '1'::int + 1 FROM t WHERE b::bigint > 0"})
    void parsesThePostgresDialect(String sql) {
        SqlNode n = PgParser.parseStatement(sql);
        assertTrue(n != null);
    }

    @Test
    void buildsOurAstNodes() {
        PgCreateTable c = assertInstanceOf(PgCreateTable.class, PgParser.parseStatement(
                "CREATE TABLE t (id INT PRIMARY KEY, v TEXT) DISTRIBUTED BY (id)"));
        assertEquals(PgDistribution.Kind.BY_COLUMNS, c.distribution.kind());
        assertTrue(c.columns.get(0).primaryKey());
        PgInsert i = assertInstanceOf(PgInsert.class, PgParser.parseStatement(
                "INSERT INTO t VALUES (1) ON CONFLICT (id) DO NOTHING RETURNING id"));
        assertEquals(PgInsert.ConflictAction.NOTHING, i.action);
        assertEquals(1, i.returning.size());
        PgTransaction b = assertInstanceOf(PgTransaction.class, PgParser.parseStatement("BEGIN READ ONLY"));
        assertTrue(b.readOnly);
    }

    @Test
    void syntaxErrorsNameTheTokenAndUnbuiltStatementsSayNotSupported() {
        SqlException e = assertThrows(SqlException.class, () -> PgParser.parseStatement("SELECT FROM WHERE"));
        assertEquals("42601", e.sqlState());
        assertEquals("0A000", assertThrows(SqlException.class,
                () -> PgParser.parseStatement("ALTER TABLE t DROP CONSTRAINT c")).sqlState());
        assertInstanceOf(PgAlterTable.AlterType.class, ((PgAlterTable) PgParser.parseStatement(
                "ALTER TABLE t ALTER COLUMN c SET DATA TYPE bigint USING c + 1")).actions.get(0));
        PgAlterTable a = assertInstanceOf(PgAlterTable.class,
                PgParser.parseStatement("ALTER TABLE IF EXISTS t ADD COLUMN c int DEFAULT 1, DROP COLUMN IF EXISTS d CASCADE"));
        assertTrue(a.ifExists);
        assertEquals(2, a.actions.size());
        assertInstanceOf(PgAlterTable.AddColumn.class, a.actions.get(0));
        assertEquals(new PgAlterTable.DropColumn("d", true, true), a.actions.get(1));
        assertEquals(List.of(new PgAlterTable.RenameTable("u")),
                ((PgAlterTable) PgParser.parseStatement("ALTER TABLE t RENAME TO u")).actions);
        PgCreateView v = assertInstanceOf(PgCreateView.class,
                PgParser.parseStatement("CREATE OR REPLACE VIEW v (x) AS SELECT 1"));
        assertTrue(v.getReplace());
        assertEquals(1, v.columnNames.size());
    }

    @Test
    void plainTransactionControlSkipsTheGrammarAndMatchesIt() throws Exception {
        for (String sql : List.of("BEGIN", "begin;", "  Begin Work ", "BEGIN TRANSACTION;", "START TRANSACTION",
                "COMMIT", "end;", "END WORK", "commit transaction", "ROLLBACK", "rollback work;")) {
            PgTransaction fast = PgTransaction.plain(sql);
            org.junit.jupiter.api.Assertions.assertNotNull(fast, sql);
            PgTransaction full = (PgTransaction) org.apache.calcite.sql.parser.SqlParser.create(sql.strip().replaceAll(";$", ""),
                    PgParser.CONFIG).parseStmt();
            org.junit.jupiter.api.Assertions.assertEquals(full.kind, fast.kind, sql);
            org.junit.jupiter.api.Assertions.assertNull(fast.isolation);
            org.junit.jupiter.api.Assertions.assertFalse(fast.readOnly || fast.readWrite);
        }
        for (String sql : List.of("BEGIN ISOLATION LEVEL SERIALIZABLE", "START", "BEGIN READ ONLY", "ROLLBACK TO s",
                "COMMIT AND CHAIN", "BEGIN /* c */", "BEGIN; COMMIT", "SELECT 1", "ENDS", "")) {
            org.junit.jupiter.api.Assertions.assertNull(PgTransaction.plain(sql), sql);
        }
    }
}
