package io.shoaldb.sql.slt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.session.Session;
import io.shoaldb.sql.session.SqlEngine;
import io.shoaldb.sql.session.StatementResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the sqllogictest files under {@code src/test/resources/sqllogictest} (the DuckDB/CockroachDB
 * dialect): {@code statement ok}, {@code statement error SQLSTATE}, {@code query TYPES [rowsort]} with
 * expected rows after {@code ----}. Values print as PostgreSQL's text format, NULL as {@code NULL} and an
 * empty string as {@code (empty)}, columns separated by a single space. Expected results were checked
 * against PostgreSQL 15. Each file gets a fresh engine; {@code session N} switches sessions.
 */
class SqlLogicTest {
    static final List<String> FILES = List.of("ddl.test", "dml.test", "select.test", "join.test", "aggregate.test",
            "transactions.test", "errors.test", "parser.test", "window.test", "types.test", "functions.test", "settings.test",
            "ddl_transactions.test", "alter_table.test", "views.test", "recursive.test", "ordered.test",
            "arrays.test", "json.test", "uuid.test", "datetime.test", "interval.test", "datetime_functions.test", "foreign_keys.test",
            "row_locking.test");

    @TestFactory
    Stream<DynamicTest> files() {
        return FILES.stream().map(f -> DynamicTest.dynamicTest(f, () -> runFile(f)));
    }

    /**
     * Files also run on a durable engine through the record path ({@link SqlEngine#loopback()}): every
     * commit, DDL statement and transaction block with DDL becomes a log record applied in order.
     */
    static final List<String> DURABLE_FILES = List.of("ddl.test", "transactions.test", "ddl_transactions.test",
            "alter_table.test", "views.test", "foreign_keys.test", "row_locking.test");

    @TestFactory
    Stream<DynamicTest> filesOnADurableEngine() {
        return DURABLE_FILES.stream().map(f -> DynamicTest.dynamicTest(f, () -> runFile(f, SqlEngine.loopback())));
    }

    static void runFile(String name) throws IOException {
        runFile(name, new SqlEngine());
    }

    static void runFile(String name, SqlEngine engine) throws IOException {
        String text;
        try (InputStream in = SqlLogicTest.class.getResourceAsStream("/sqllogictest/" + name)) {
            if (in == null) {
                throw new IOException("missing test file " + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Session> sessions = new ArrayList<>();
        sessions.add(engine.openSession());
        Session current = sessions.get(0);
        String[] lines = text.split("\n", -1);
        int i = 0;
        int records = 0;
        while (i < lines.length) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                i++;
                continue;
            }
            int start = i + 1;
            String[] head = line.split("\\s+");
            i++;
            if (head[0].equals("session")) {
                int n = Integer.parseInt(head[1]);
                while (sessions.size() <= n) {
                    sessions.add(engine.openSession());
                }
                current = sessions.get(n);
                continue;
            }
            StringBuilder sql = new StringBuilder();
            while (i < lines.length && !lines[i].isBlank() && !lines[i].strip().equals("----")) {
                sql.append(lines[i]).append('\n');
                i++;
            }
            List<String> expected = new ArrayList<>();
            if (i < lines.length && lines[i].strip().equals("----")) {
                i++;
                while (i < lines.length && !lines[i].isBlank()) {
                    expected.add(lines[i].strip());
                    i++;
                }
            }
            records++;
            String where = name + ":" + start + ": " + sql.toString().strip();
            switch (head[0]) {
                case "statement" -> {
                    if (head[1].equals("ok")) {
                        try {
                            current.execute(sql.toString(), List.of());
                        } catch (SqlException e) {
                            fail(where + "\n  failed with " + e.sqlState() + ": " + e.getMessage());
                        }
                    } else {
                        String state = head.length > 2 ? head[2] : null;
                        try {
                            current.execute(sql.toString(), List.of());
                            fail(where + "\n  succeeded, expected error " + state);
                        } catch (SqlException e) {
                            if (state != null) {
                                assertEquals(state, e.sqlState(), where + "\n  message: " + e.getMessage());
                            }
                        }
                    }
                }
                case "query" -> {
                    StatementResult r;
                    try {
                        r = current.execute(sql.toString(), List.of());
                    } catch (SqlException e) {
                        fail(where + "\n  failed with " + e.sqlState() + ": " + e.getMessage());
                        return;
                    }
                    List<String> actual = new ArrayList<>();
                    for (int row = 0; row < r.rows().size(); row++) {
                        StringBuilder b = new StringBuilder();
                        for (int c = 0; c < r.columns().size(); c++) {
                            if (c > 0) {
                                b.append(' ');
                            }
                            String v = r.text(row, c);
                            b.append(v == null ? "NULL" : v.isEmpty() ? "(empty)" : v);
                        }
                        actual.add(b.toString());
                    }
                    if (head.length > 2 && head[2].equals("rowsort")) {
                        actual.sort(null);
                        expected.sort(null);
                    }
                    assertEquals(String.join("\n", expected), String.join("\n", actual), where);
                }
                default -> fail(name + ":" + start + ": unknown record " + line);
            }
        }
        if (records == 0) {
            fail(name + " has no records");
        }
    }
}
