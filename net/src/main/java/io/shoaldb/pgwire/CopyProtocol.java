package io.shoaldb.pgwire;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * COPY FROM STDIN and COPY TO STDOUT on top of the engine's INSERT and SELECT, as steps of the
 * {@link QueryProcessor}: each received row becomes one step, so inserts that complete asynchronously
 * still run strictly in order and the client's later messages wait for the COPY to end.
 */
final class CopyProtocol {
    private final QueryProcessor qp;
    private final SqlEngine.Session engine;
    private final int maxMessageBytes;
    private CopyIn copyIn;
    /** Rows inserted by the running COPY FROM STDIN. */
    private long rowCount;

    CopyProtocol(QueryProcessor qp, SqlEngine.Session engine, int maxMessageBytes) {
        this.qp = qp;
        this.engine = engine;
        this.maxMessageBytes = maxMessageBytes;
    }

    boolean copyingIn() {
        return copyIn != null;
    }

    /** State of a running COPY FROM STDIN. */
    private final class CopyIn {
        final CopyCommand command;
        final SqlEngine.Prepared insert;
        final CopyParser parser;
        final boolean ownTransaction;
        boolean failed;

        CopyIn(CopyCommand command, SqlEngine.Prepared insert, boolean ownTransaction) {
            this.command = command;
            this.insert = insert;
            this.parser = new CopyParser(command.format(), insert.parameterTypes().size(), maxMessageBytes);
            this.ownTransaction = ownTransaction;
        }
    }

    void start(CopyCommand copy) {
        if (!copy.from()) {
            copyOut(copy);
            return;
        }
        List<String> columnNames = copy.columns();
        if (columnNames.isEmpty()) {
            SqlEngine.Prepared all = engine.prepare("SELECT * FROM " + copy.table(), List.of());
            columnNames = all.columns().stream().map(Column::name).map(CopyCommand::quoteIdentifier).toList();
            all.close();
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(copy.table()).append(" (")
                .append(String.join(", ", columnNames)).append(") VALUES (");
        for (int i = 1; i <= columnNames.size(); i++) {
            sql.append(i > 1 ? ", $" : "$").append(i);
        }
        SqlEngine.Prepared insert = engine.prepare(sql.append(')').toString(), List.of());
        boolean ownTransaction = engine.transactionStatus() == TransactionStatus.IDLE;
        // The steps after this COPY (further statements, ReadyForQuery) wait until CopyDone.
        ArrayDeque<Runnable> rest = new ArrayDeque<>(qp.steps());
        qp.steps().clear();
        CopyIn c = new CopyIn(copy, insert, ownTransaction);
        copyIn = c;
        pendingAfterCopy = rest;
        rowCount = 0;
        if (ownTransaction) {
            utility("BEGIN", () -> {
                qp.out().copyResponse(true, insert.parameterTypes().size());
                qp.flush();
            }, e -> abort(c, e));
        } else {
            qp.out().copyResponse(true, insert.parameterTypes().size());
            qp.flush();
        }
    }

    private ArrayDeque<Runnable> pendingAfterCopy = new ArrayDeque<>();

    void handle(FrontendMessage message) {
        CopyIn c = copyIn;
        try {
            switch (message) {
                case FrontendMessage.CopyData d -> {
                    for (List<String> row : c.parser.feed(d.data())) {
                        qp.steps().add(() -> insertRow(c, row));
                    }
                }
                case FrontendMessage.CopyDone d -> {
                    for (List<String> row : c.parser.finish()) {
                        qp.steps().add(() -> insertRow(c, row));
                    }
                    qp.steps().add(() -> finishCopy(c));
                }
                case FrontendMessage.CopyFail f -> copyFailed(c, new SqlException(SqlState.QUERY_CANCELED, "COPY from stdin failed: " + f.reason()));
                case FrontendMessage.Flush f -> { }
                case FrontendMessage.Sync s -> { }
                case FrontendMessage.Terminate t -> throw new IllegalStateException("the session handles Terminate");
                default -> copyFailed(c, new SqlException(SqlState.PROTOCOL_VIOLATION,
                        "unexpected message type during COPY from stdin"));
            }
        } catch (SqlException e) {
            copyFailed(c, e);
        }
    }

    private void insertRow(CopyIn c, List<String> fields) {
        if (c.failed) {
            return;
        }
        List<PgType> types = c.insert.parameterTypes();
        List<Object> values = new ArrayList<>(types.size());
        try {
            for (int i = 0; i < types.size(); i++) {
                String f = fields.get(i);
                values.add(f == null ? null : TextCodec.decode(types.get(i), f, qp.zone()));
            }
            SqlEngine.Portal portal = engine.bind(c.insert, values);
            qp.fetch(portal, 0, row -> { }, tag -> {
                portal.close();
                rowCount++;
            }, () -> { }, e -> {
                portal.close();
                copyFailed(c, e);
            });
        } catch (SqlException e) {
            copyFailed(c, e);
        }
    }

    private void finishCopy(CopyIn c) {
        if (c.failed) {
            return;
        }
        Runnable done = () -> {
            qp.out().commandComplete("COPY " + rowCount);
            endCopy(c);
        };
        if (c.ownTransaction) {
            utility("COMMIT", done, e -> abort(c, e));
        } else {
            done.run();
        }
    }

    private void copyFailed(CopyIn c, SqlException e) {
        if (c.failed) {
            return;
        }
        c.failed = true;
        qp.steps().clear();
        qp.out().errorResponse(e.fields());
        if (c.ownTransaction) {
            utility("ROLLBACK", () -> {
                pendingAfterCopy.clear();
                endCopy(c);
                qp.out().readyForQuery(engine.transactionStatus());
            }, rollbackError -> abort(c, null));
        } else {
            pendingAfterCopy.clear();
            endCopy(c);
            qp.out().readyForQuery(engine.transactionStatus());
        }
    }

    private void endCopy(CopyIn c) {
        c.insert.close();
        copyIn = null;
        qp.steps().addAll(pendingAfterCopy);
        pendingAfterCopy = new ArrayDeque<>();
    }

    /** Ends the COPY after an error (reported here unless {@code e} is null), dropping the rest of the query. */
    private void abort(CopyIn c, SqlException e) {
        c.failed = true;
        qp.steps().clear();
        if (e != null) {
            qp.out().errorResponse(e.fields());
        }
        pendingAfterCopy.clear();
        endCopy(c);
        qp.out().readyForQuery(engine.transactionStatus());
    }

    private void utility(String sql, Runnable then, java.util.function.Consumer<SqlException> onFailed) {
        qp.runInternal(sql, then, onFailed);
    }

    private void copyOut(CopyCommand copy) {
        SqlEngine.Prepared prepared = engine.prepare(copy.query(), List.of());
        if (!prepared.returnsRows()) {
            throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "COPY query must return rows");
        }
        SqlEngine.Portal portal = engine.bind(prepared, List.of());
        List<Column> columns = portal.columns();
        qp.out().copyResponse(false, columns.size());
        long[] count = {0};
        qp.fetch(portal, 0, values -> {
            qp.out().copyData(CopyParser.formatRow(copy.format(), columns, values, qp.zone()));
            count[0]++;
        }, tag -> {
            portal.close();
            prepared.close();
            qp.out().copyDone();
            qp.out().commandComplete("COPY " + count[0]);
        }, () -> { });
    }
}
