package io.shoaldb.pgwire;

import io.shoaldb.runtime.Scheduler;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny SQL engine for protocol tests only: it understands a handful of statement shapes (echo of
 * parameters, a typed sample row, a series, pg_sleep, transactions, SET/SHOW, CREATE TABLE / INSERT /
 * SELECT * for COPY) and nothing else. Client-acceptance tests run against the real engine instead.
 */
final class TestEngine implements SqlEngine {
    static final Object[] SAMPLE_ROW = {
            true, (short) -2, 42, 9_000_000_000L, 1.5f, 0.1, new BigDecimal("-12345.6789"), "text é", "varchar", "bpchar",
            new byte[] {0, 1, (byte) 0xFF}, LocalDate.of(2024, 2, 29), LocalTime.of(13, 14, 15, 123_456_000),
            LocalDateTime.of(1999, 12, 31, 23, 59, 59, 500_000_000), OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC),
            new io.shoaldb.storage.Interval(14, 3, 4_000_000L), UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), "{\"a\": [1, 2]}",
            "{\"b\": null}", Arrays.asList(1, null, 3), List.of("x", "y z", "")};
    static final List<Column> SAMPLE_COLUMNS = List.of(
            Column.of("b", PgType.BOOL), Column.of("i2", PgType.INT2), Column.of("i4", PgType.INT4), Column.of("i8", PgType.INT8),
            Column.of("f4", PgType.FLOAT4), Column.of("f8", PgType.FLOAT8), Column.of("n", PgType.NUMERIC), Column.of("t", PgType.TEXT),
            Column.of("vc", PgType.VARCHAR), Column.of("bc", PgType.BPCHAR), Column.of("by", PgType.BYTEA), Column.of("d", PgType.DATE),
            Column.of("tm", PgType.TIME), Column.of("ts", PgType.TIMESTAMP), Column.of("tz", PgType.TIMESTAMPTZ),
            Column.of("iv", PgType.INTERVAL), Column.of("u", PgType.UUID), Column.of("j", PgType.JSON), Column.of("jb", PgType.JSONB),
            Column.of("ai", PgType.INT4_ARRAY), Column.of("at", PgType.TEXT_ARRAY));

    private static final Pattern PARAM = Pattern.compile("\\$(\\d+)");
    private static final Pattern SERIES = Pattern.compile("select \\* from series\\((\\d+)\\)");
    private static final Pattern WIDE = Pattern.compile("select \\* from wide\\((\\d+)\\)");
    private static final Pattern SLEEP = Pattern.compile("select pg_sleep\\((\\d+(?:\\.\\d+)?)\\)");
    private static final Pattern SET = Pattern.compile("set (?:session )?(\\w+)\\s*(?:=|to)\\s*'?([^']*)'?");
    private static final Pattern CREATE = Pattern.compile("create table (\\w+) \\((.*)\\)");
    private static final Pattern INSERT = Pattern.compile("insert into (\\w+) \\((.*)\\) values \\((.*)\\)");
    private static final Pattern SELECT_TABLE = Pattern.compile("select (.*) from (\\w+)");

    private final Scheduler loop;
    /** Shared by all sessions: tables for COPY tests. Touched only on the node's loop. */
    private final Map<String, Table> tables = new TreeMap<>();

    private record Table(List<Column> columns, List<Object[]> rows) {
    }

    TestEngine(Scheduler loop) {
        this.loop = loop;
    }

    @Override
    public Session open(SessionContext context) {
        if (context.database().equals("nodb")) {
            throw new SqlException("3D000", "database \"nodb\" does not exist");
        }
        return new TestSession(context);
    }

    private interface Run {
        void run(TestPortal portal, int maxRows, ResultSink sink);
    }

    private record TestPrepared(List<PgType> parameterTypes, boolean returnsRows, List<Column> columns, Run run) implements Prepared {
        @Override
        public void close() {
        }
    }

    private static final class TestPortal implements Portal {
        final TestPrepared prepared;
        final List<Object> params;
        List<Object[]> rows;
        int position;
        final Run run;

        TestPortal(TestPrepared prepared, List<Object> params) {
            this.prepared = prepared;
            this.params = params;
            this.run = prepared.run();
        }

        @Override
        public List<Column> columns() {
            return prepared.columns();
        }

        @Override
        public void fetch(int maxRows, ResultSink sink) {
            run.run(this, maxRows, sink);
        }

        @Override
        public void close() {
        }

        void emit(int maxRows, ResultSink sink) {
            int sent = 0;
            while (position < rows.size()) {
                if (maxRows > 0 && sent == maxRows) {
                    sink.suspended();
                    return;
                }
                sink.row(rows.get(position++));
                sent++;
            }
            sink.completed("SELECT " + position);
        }
    }

    private final class TestSession implements Session {
        TransactionStatus status = TransactionStatus.IDLE;
        final List<ParameterChange> changes = new ArrayList<>();
        final Map<String, String> settings = new LinkedHashMap<>();
        Scheduler.Cancellable sleeping;
        ResultSink sleepingSink;

        TestSession(SessionContext context) {
            settings.put("application_name", context.parameters().getOrDefault("application_name", ""));
            settings.put("timezone", context.parameters().getOrDefault("TimeZone", "Etc/UTC"));
        }

        @Override
        public Prepared prepare(String sql, List<PgType> hints) {
            String s = sql.strip().replaceAll("^/\\*.*?\\*/\\s*", "").replaceAll(";$", "").replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            if (status == TransactionStatus.FAILED && !s.equals("rollback") && !s.equals("commit") && !s.equals("end")) {
                return fixed(List.of(), (p, m, sink) -> sink.failed(new SqlException(SqlState.IN_FAILED_SQL_TRANSACTION,
                        "current transaction is aborted, commands ignored until end of transaction block")));
            }
            switch (s) {
                case "begin", "start transaction" -> {
                    return command(() -> {
                        if (status == TransactionStatus.IDLE) {
                            status = TransactionStatus.IN_TRANSACTION;
                        }
                        return "BEGIN";
                    });
                }
                case "commit", "end" -> {
                    return command(() -> {
                        String tag = status == TransactionStatus.FAILED ? "ROLLBACK" : "COMMIT";
                        status = TransactionStatus.IDLE;
                        return tag;
                    });
                }
                case "rollback" -> {
                    return command(() -> {
                        status = TransactionStatus.IDLE;
                        return "ROLLBACK";
                    });
                }
                case "select sample" -> {
                    return rows(SAMPLE_COLUMNS, p -> List.<Object[]>of(SAMPLE_ROW.clone()));
                }
                case "select 1" -> {
                    return rows(List.of(Column.of("?column?", PgType.INT4)), p -> List.<Object[]>of(new Object[] {1}));
                }
                case "select error" -> throw new SqlException(ErrorFields.error(SqlState.SYNTAX_ERROR, "syntax error at or near \"error\"")
                        .withHint("this is a hint"));
                case "select fail" -> {
                    return fixed(List.of(), (p, m, sink) -> failInTransaction(sink, new SqlException("40001", "could not serialize access")));
                }
                case "drop table if exists nothing" -> {
                    return fixed(List.of(), (p, m, sink) -> {
                        sink.notice(ErrorFields.notice("table \"nothing\" does not exist, skipping"));
                        sink.completed("DROP TABLE");
                    });
                }
                default -> {
                }
            }
            if (s.startsWith("select n.nspname = any(current_schemas(true)), n.nspname, t.typname from pg_catalog.pg_type t")) {
                // pgjdbc's type-cache lookup for OIDs outside its static table.
                PgType hint = hints.isEmpty() || hints.get(0) == null ? PgType.INT4 : hints.get(0);
                List<Column> cols = List.of(Column.of("?column?", PgType.BOOL), Column.of("nspname", PgType.NAME), Column.of("typname", PgType.NAME));
                return new TestPrepared(List.of(hint), true, cols, (p, max, sink) -> {
                    long oid = ((Number) p.params.get(0)).longValue();
                    p.rows = PgType.byOid((int) oid).map(t -> List.<Object[]>of(new Object[] {true, "pg_catalog", t.typeName()})).orElse(List.of());
                    p.emit(max, sink);
                });
            }
            if (s.startsWith("select typinput='pg_catalog.array_in'::regproc as is_array")) {
                PgType hint = hints.isEmpty() || hints.get(0) == null ? PgType.INT4 : hints.get(0);
                List<Column> cols = List.of(Column.of("is_array", PgType.BOOL), Column.of("typtype", PgType.TEXT),
                        Column.of("typname", PgType.NAME), Column.of("oid", PgType.OID));
                return new TestPrepared(List.of(hint), true, cols, (p, max, sink) -> {
                    long oid = ((Number) p.params.get(0)).longValue();
                    p.rows = PgType.byOid((int) oid).map(t -> List.<Object[]>of(new Object[] {t.isArray(), "b", t.typeName(), oid}))
                            .orElse(List.of());
                    p.emit(max, sink);
                });
            }
            Matcher m;
            if ((m = SERIES.matcher(s)).matches()) {
                int n = Integer.parseInt(m.group(1));
                return rows(List.of(Column.of("n", PgType.INT4)), p -> {
                    List<Object[]> out = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        out.add(new Object[] {i});
                    }
                    return out;
                });
            }
            if ((m = WIDE.matcher(s)).matches()) {
                int n = Integer.parseInt(m.group(1));
                String filler = "x".repeat(1000);
                return rows(List.of(Column.of("n", PgType.INT4), Column.of("filler", PgType.TEXT)), p -> {
                    List<Object[]> out = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        out.add(new Object[] {i, filler});
                    }
                    return out;
                });
            }
            if ((m = SLEEP.matcher(s)).matches()) {
                long nanos = (long) (Double.parseDouble(m.group(1)) * 1e9);
                return new TestPrepared(List.of(), true, List.of(Column.of("pg_sleep", PgType.TEXT)), (p, max, sink) -> {
                    sleepingSink = sink;
                    sleeping = loop.schedule(nanos, () -> {
                        sleeping = null;
                        sleepingSink = null;
                        sink.row(new Object[] {""});
                        sink.completed("SELECT 1");
                    });
                });
            }
            if ((m = SET.matcher(s)).matches()) {
                String name = m.group(1);
                String value = sql.replaceAll("(?is).*?(?:=|\\bto\\b)\\s*'?([^']*)'?\\s*;?\\s*$", "$1");
                return command(() -> {
                    String reported = switch (name) {
                        case "application_name" -> "application_name";
                        case "timezone" -> "TimeZone";
                        default -> null;
                    };
                    if (reported != null && reported.equals("TimeZone")) {
                        PgSession.zone(value);
                    }
                    settings.put(name, value);
                    if (reported != null) {
                        changes.add(new ParameterChange(reported, value));
                    }
                    return "SET";
                });
            }
            if (s.startsWith("show ")) {
                String name = s.substring(5);
                return rows(List.of(Column.of(name, PgType.TEXT)), p -> List.<Object[]>of(new Object[] {settings.getOrDefault(name, "")}));
            }
            if ((m = CREATE.matcher(s)).matches()) {
                String table = m.group(1);
                List<Column> cols = new ArrayList<>();
                for (String def : m.group(2).split(",")) {
                    String[] parts = def.trim().split(" ");
                    cols.add(Column.of(parts[0], typeNamed(parts[1])));
                }
                return command(() -> {
                    tables.put(table, new Table(cols, new ArrayList<>()));
                    return "CREATE TABLE";
                });
            }
            if ((m = INSERT.matcher(s)).matches()) {
                Table t = table(m.group(1));
                List<String> names = Arrays.stream(m.group(2).split(",")).map(x -> x.trim().replace("\"", "")).toList();
                List<PgType> types = names.stream().map(n -> column(t, n).type()).toList();
                return new TestPrepared(types, false, List.of(), (p, max, sink) -> {
                    Object[] row = new Object[t.columns().size()];
                    for (int i = 0; i < names.size(); i++) {
                        row[t.columns().indexOf(column(t, names.get(i)))] = p.params.get(i);
                    }
                    t.rows().add(row);
                    sink.completed("INSERT 0 1");
                });
            }
            if ((m = SELECT_TABLE.matcher(s)).matches()) {
                Table t = table(m.group(2));
                if (!m.group(1).equals("*")) {
                    throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "test engine selects * only");
                }
                return rows(t.columns(), p -> t.rows());
            }
            if (s.startsWith("select $")) {
                int n = 0;
                Matcher pm = PARAM.matcher(s);
                while (pm.find()) {
                    n = Math.max(n, Integer.parseInt(pm.group(1)));
                }
                List<PgType> types = new ArrayList<>();
                List<Column> cols = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    PgType t = i < hints.size() && hints.get(i) != null ? hints.get(i) : PgType.TEXT;
                    types.add(t);
                    cols.add(Column.of("?column?", t));
                }
                return new TestPrepared(types, true, cols, (p, max, sink) -> {
                    p.rows = List.<Object[]>of(p.params.toArray());
                    p.emit(max, sink);
                });
            }
            throw new SqlException(ErrorFields.error(SqlState.SYNTAX_ERROR, "test engine cannot run: " + sql).withDetail("detail here"));
        }

        private void failInTransaction(ResultSink sink, SqlException e) {
            if (status == TransactionStatus.IN_TRANSACTION) {
                status = TransactionStatus.FAILED;
            }
            sink.failed(e);
        }

        private Table table(String name) {
            Table t = tables.get(name);
            if (t == null) {
                throw new SqlException("42P01", "relation \"" + name + "\" does not exist");
            }
            return t;
        }

        private Column column(Table t, String name) {
            return t.columns().stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new SqlException("42703", "column \"" + name + "\" does not exist"));
        }

        private PgType typeNamed(String name) {
            return switch (name) {
                case "int", "integer", "int4" -> PgType.INT4;
                case "bigint", "int8" -> PgType.INT8;
                case "text" -> PgType.TEXT;
                case "bool", "boolean" -> PgType.BOOL;
                case "float8" -> PgType.FLOAT8;
                case "numeric" -> PgType.NUMERIC;
                case "date" -> PgType.DATE;
                case "timestamptz" -> PgType.TIMESTAMPTZ;
                default -> throw new SqlException("42704", "type \"" + name + "\" does not exist");
            };
        }

        private TestPrepared command(java.util.function.Supplier<String> action) {
            return fixed(List.of(), (p, m, sink) -> sink.completed(action.get()));
        }

        private TestPrepared fixed(List<Column> columns, Run run) {
            return new TestPrepared(List.of(), !columns.isEmpty(), columns, run);
        }

        private TestPrepared rows(List<Column> columns, java.util.function.Function<TestPortal, List<Object[]>> rows) {
            return new TestPrepared(List.of(), true, columns, (p, max, sink) -> {
                if (p.rows == null) {
                    p.rows = rows.apply(p);
                }
                p.emit(max, sink);
            });
        }

        @Override
        public Portal bind(Prepared statement, List<Object> parameters) {
            return new TestPortal((TestPrepared) statement, parameters);
        }

        @Override
        public TransactionStatus transactionStatus() {
            return status;
        }

        @Override
        public List<ParameterChange> takeParameterChanges() {
            List<ParameterChange> out = List.copyOf(changes);
            changes.clear();
            return out;
        }

        @Override
        public void cancel() {
            if (sleeping != null) {
                sleeping.cancel();
                sleeping = null;
                ResultSink sink = sleepingSink;
                sleepingSink = null;
                failInTransaction(sink, new SqlException(SqlState.QUERY_CANCELED, "canceling statement due to user request"));
            }
        }

        @Override
        public void close() {
            if (sleeping != null) {
                sleeping.cancel();
            }
        }
    }
}
