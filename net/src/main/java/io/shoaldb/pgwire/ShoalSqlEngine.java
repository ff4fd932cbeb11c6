package io.shoaldb.pgwire;

import io.shoaldb.sql.parser.ParameterRewriter;
import io.shoaldb.sql.parser.PgCreateIndex;
import io.shoaldb.sql.parser.PgCreateTable;
import io.shoaldb.sql.parser.PgDropObject;
import io.shoaldb.sql.parser.PgExplain;
import io.shoaldb.sql.parser.PgParser;
import io.shoaldb.sql.parser.PgSettingStatement;
import io.shoaldb.sql.parser.PgTransaction;
import io.shoaldb.sql.parser.PgTruncateTable;
import io.shoaldb.sql.plan.CompiledPlan;
import io.shoaldb.sql.session.StatementResult;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlNode;

/**
 * The pgwire engine boundary over ShoalDB's SQL engine ({@code io.shoaldb.sql.session}). The SQL session
 * executes a statement and returns its rows, at once or (a commit on a durable engine) once its log entry
 * is applied; this adapter describes statements by planning
 * them (so Parse reports errors and Describe knows parameter and result types before anything runs),
 * executes at the first Execute of a portal, and streams the rows out in as many fetches as the client
 * asks for. Parameters travel to the engine as PostgreSQL text, which the engine casts to the type it
 * inferred. Values come back in the engine's runtime classes and are converted to the classes
 * {@link PgType} documents. Everything runs on the node's loop, like the engine itself.
 */
public final class ShoalSqlEngine implements SqlEngine {
    private final java.util.function.Supplier<io.shoaldb.sql.session.Session> sessions;

    /** Over an engine of the node's own (memory or durable); sessions are opened on it directly. */
    public ShoalSqlEngine(io.shoaldb.sql.session.SqlEngine engine) {
        this(engine::openSession);
    }

    /**
     * Over a source of sessions, such as a durable SQL node's {@code SqlNode::openSession}, whose engine
     * may be replaced when it recovers. The source may refuse with an {@code io.shoaldb.sql.error.SqlException}
     * (57P03 while the node recovers), which refuses the connection.
     */
    public ShoalSqlEngine(java.util.function.Supplier<io.shoaldb.sql.session.Session> sessions) {
        this.sessions = sessions;
    }

    @Override
    public SqlEngine.Session open(SessionContext context) {
        io.shoaldb.sql.session.Session session;
        try {
            session = sessions.get();
        } catch (io.shoaldb.sql.error.SqlException e) {
            throw translate(e);
        }
        // pgwire has vetted client_encoding, DateStyle and TimeZone; the engine applies what it knows and
        // skips the rest, so a connection is never refused over a startup parameter.
        session.configure(context.user(), context.database(), context.superuser(), context.parameters());
        return new AdapterSession(session);
    }

    static SqlException translate(io.shoaldb.sql.error.SqlException e) {
        ErrorFields fields = ErrorFields.error(e.sqlState(), e.getMessage());
        return new SqlException(e.detail() == null ? fields : fields.withDetail(e.detail()));
    }

    /** Our type for one of the engine's; the engine's "unknown" reaches clients as text, as in PostgreSQL. */
    static PgType type(io.shoaldb.sql.catalog.PgType t) {
        return PgType.byOid(t.oid).orElse(PgType.TEXT);
    }

    /** The engine's runtime value as the class {@link PgType} documents for {@code type}. */
    static Object value(Object v, PgType type) {
        if (v == null) {
            return null;
        }
        return switch (type) {
            case BOOL -> (Boolean) v;
            case INT2 -> ((Number) v).shortValue();
            case INT4 -> ((Number) v).intValue();
            case INT8 -> ((Number) v).longValue();
            case FLOAT4 -> ((Number) v).floatValue();
            case FLOAT8 -> ((Number) v).doubleValue();
            case NUMERIC -> v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
            case DATE -> v instanceof Number days ? LocalDate.ofEpochDay(days.longValue()) : (LocalDate) v;
            case TIMESTAMP -> v instanceof Number millis
                    ? LocalDateTime.ofEpochSecond(Math.floorDiv(millis.longValue(), 1000L),
                            (int) Math.floorMod(millis.longValue(), 1000L) * 1_000_000, ZoneOffset.UTC)
                    : (LocalDateTime) v;
            case BYTEA -> (byte[]) v;
            case UUID -> (java.util.UUID) v;
            case TIME -> (java.time.LocalTime) v;
            case TIMESTAMPTZ -> java.time.OffsetDateTime.ofInstant((java.time.Instant) v, ZoneOffset.UTC);
            case JSON, JSONB -> (String) v;
            case INTERVAL -> (io.shoaldb.storage.Interval) v;
            default -> {
                if (type.isArray() && v instanceof List<?> list) {
                    List<Object> out = new ArrayList<>(list.size());
                    for (Object e : list) {
                        out.add(value(e, type.element()));
                    }
                    yield java.util.Collections.unmodifiableList(out);
                }
                yield v instanceof String s ? s : io.shoaldb.sql.exec.Values.format(v);
            }
        };
    }

    /** A result column with its source table OID and attnum when it comes straight from a table, as PostgreSQL sends. */
    private static Column column(CompiledPlan.Column c) {
        return new Column(c.name(), type(c.type()), c.tableOid(), (short) c.attributeNumber(), c.typeModifier());
    }

    private record Described(List<PgType> parameterTypes, boolean returnsRows, List<Column> columns) {
    }

    /** Parses and plans without executing: what Parse and Describe report. */
    private Described describe(io.shoaldb.sql.session.Session session, String sql, List<PgType> hints) {
        ParameterRewriter.Rewritten rw = ParameterRewriter.rewrite(sql);
        SqlNode node = PgParser.parseStatement(rw.sql());
        List<PgType> parameters = new ArrayList<>();
        for (int i = 0; i < rw.parameterCount(); i++) {
            parameters.add(i < hints.size() && hints.get(i) != null ? hints.get(i) : PgType.TEXT);
        }
        return switch (node) {
            case PgTransaction t -> new Described(parameters, false, List.of());
            case PgCreateTable c -> new Described(parameters, false, List.of());
            case PgCreateIndex c -> new Described(parameters, false, List.of());
            case PgDropObject d -> new Described(parameters, false, List.of());
            case PgTruncateTable t -> new Described(parameters, false, List.of());
            case io.shoaldb.sql.parser.PgRoleStatement r -> new Described(parameters, false, List.of());
            case io.shoaldb.sql.parser.PgVacuum v -> new Described(parameters, false, List.of());
            case io.shoaldb.sql.parser.PgAlterTable a -> new Described(parameters, false, List.of());
            case io.shoaldb.sql.parser.PgCreateView v -> new Described(parameters, false, List.of());
            case PgExplain e -> new Described(parameters, true, List.of(Column.of("QUERY PLAN", PgType.TEXT)));
            case PgSettingStatement s -> {
                List<Column> columns = new ArrayList<>();
                for (String name : io.shoaldb.sql.session.Session.resultColumns(s)) {
                    columns.add(Column.of(name, PgType.TEXT));
                }
                yield new Described(parameters, s.returnsRows(), List.copyOf(columns));
            }
            default -> {
                // The session's catalog: inside a block that ran DDL, the block's own tables are visible.
                CompiledPlan plan = session.cachedPlan(rw.sql(), () -> node, rw.markerToParameter().length);
                // A parameter the client left untyped gets the type the planner inferred for its first use.
                for (int marker = 0; marker < rw.markerToParameter().length; marker++) {
                    int p = rw.markerToParameter()[marker];
                    boolean hinted = p < hints.size() && hints.get(p) != null;
                    if (!hinted) {
                        RelDataType inferred = plan.markerTypes().get(marker);
                        parameters.set(p, type(io.shoaldb.sql.catalog.PgType.of(inferred)));
                    }
                }
                List<Column> columns = new ArrayList<>();
                for (CompiledPlan.Column c : plan.columns()) {
                    columns.add(column(c));
                }
                yield new Described(parameters, plan.returnsRows(), List.copyOf(columns));
            }
        };
    }

    private record AdapterPrepared(String sql, Described described) implements Prepared {
        @Override
        public List<PgType> parameterTypes() {
            return described.parameterTypes();
        }

        @Override
        public boolean returnsRows() {
            return described.returnsRows();
        }

        @Override
        public List<Column> columns() {
            return described.columns();
        }

        @Override
        public void close() {
        }
    }

    private final class AdapterSession implements SqlEngine.Session {
        private final io.shoaldb.sql.session.Session session;

        AdapterSession(io.shoaldb.sql.session.Session session) {
            this.session = session;
        }

        @Override
        public Prepared prepare(String sql, List<PgType> parameterTypeHints) {
            try {
                return new AdapterPrepared(sql, describe(session, sql, parameterTypeHints));
            } catch (io.shoaldb.sql.error.SqlException e) {
                throw translate(e);
            } catch (AssertionError | StackOverflowError e) {
                // Calcite asserts on some inputs it cannot plan: the statement fails, the session lives on
                throw translate(new io.shoaldb.sql.error.SqlException(io.shoaldb.sql.error.SqlState.INTERNAL_ERROR,
                        "internal error while planning: " + e));
            }
        }

        @Override
        public Portal bind(Prepared statement, List<Object> parameters) {
            AdapterPrepared p = (AdapterPrepared) statement;
            List<Object> text = new ArrayList<>(parameters.size());
            for (int i = 0; i < parameters.size(); i++) {
                Object v = parameters.get(i);
                text.add(v == null ? null : TextCodec.encode(p.parameterTypes().get(i), v, ZoneOffset.UTC));
            }
            return new AdapterPortal(session, p, text);
        }

        @Override
        public TransactionStatus transactionStatus() {
            return switch (session.transactionStatus()) {
                case 'I' -> TransactionStatus.IDLE;
                case 'T' -> TransactionStatus.IN_TRANSACTION;
                case 'E' -> TransactionStatus.FAILED;
                default -> throw new IllegalStateException("unknown transaction status " + session.transactionStatus());
            };
        }

        @Override
        public List<ParameterChange> takeParameterChanges() {
            List<ParameterChange> out = new ArrayList<>();
            for (var change : session.takeParameterChanges()) {
                out.add(new ParameterChange(change.getKey(), change.getValue()));
            }
            return out;
        }

        @Override
        public void cancel() {
            // The engine runs each statement to completion inside one loop task, so by the time a cancel
            // reaches the loop the only statement that can be stopped is one waiting for a row lock.
            session.cancel();
        }

        @Override
        public void close() {
            session.close();
        }
    }

    /** Executes at the first fetch and hands out the materialised rows in as many fetches as asked. */
    private static final class AdapterPortal implements Portal {
        private final io.shoaldb.sql.session.Session session;
        private final AdapterPrepared prepared;
        private final List<Object> parameters;
        private StatementResult result;
        private List<Column> resultColumns;
        private int position;

        AdapterPortal(io.shoaldb.sql.session.Session session, AdapterPrepared prepared, List<Object> parameters) {
            this.session = session;
            this.prepared = prepared;
            this.parameters = parameters;
        }

        @Override
        public List<Column> columns() {
            return prepared.columns();
        }

        @Override
        public void fetch(int maxRows, ResultSink sink) {
            if (result == null) {
                // A durable engine completes a commit once its log entry is applied: possibly later, on the loop.
                session.executeAsync(prepared.sql(), parameters, new io.shoaldb.sql.session.Session.Completion() {
                    @Override
                    public void completed(StatementResult r) {
                        result = r;
                        resultColumns = new ArrayList<>();
                        for (CompiledPlan.Column c : r.columns()) {
                            resultColumns.add(column(c));
                        }
                        send(maxRows, sink);
                    }

                    @Override
                    public void failed(io.shoaldb.sql.error.SqlException e) {
                        sink.failed(translate(e));
                    }
                });
                return;
            }
            send(maxRows, sink);
        }

        private void send(int maxRows, ResultSink sink) {
            List<Object[]> rows = result.rows();
            int sent = 0;
            while (position < rows.size()) {
                if (maxRows > 0 && sent == maxRows) {
                    sink.suspended();
                    return;
                }
                Object[] engineRow = rows.get(position++);
                Object[] row = new Object[engineRow.length];
                for (int i = 0; i < row.length; i++) {
                    row[i] = value(engineRow[i], resultColumns.get(i).type());
                }
                sink.row(row);
                sent++;
            }
            sink.completed(result.commandTag());
        }

        @Override
        public void close() {
        }
    }
}
