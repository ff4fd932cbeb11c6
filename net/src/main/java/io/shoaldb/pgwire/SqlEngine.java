package io.shoaldb.pgwire;

import java.util.List;
import java.util.Map;

/**
 * What the wire protocol needs from the SQL engine, and nothing more: prepare a statement (with its
 * parameter and result types), bind parameters into a portal, fetch rows from it with a row limit, cancel,
 * and report the transaction status. Values are Java objects of the classes listed in {@link PgType}; the
 * engine never sees protocol bytes. Every method is called on the node's event loop, and the engine calls
 * {@link ResultSink} back on that same loop (synchronously inside {@code fetch} or later), so a session
 * needs no locks. Failures are {@link SqlException}s carrying a SQLSTATE.
 */
public interface SqlEngine {

    /**
     * Opens a session for an authenticated user. Throws a {@link SqlException} (3D000 no such database,
     * 22023 bad startup parameter, ...) to refuse the connection.
     */
    Session open(SessionContext context);

    /**
     * @param parameters every startup parameter except user and database (application_name, TimeZone,
     *                   options, search_path, ...); the engine applies the ones it knows as settings
     * @param superuser  whether the authenticated role is a superuser (reported as is_superuser)
     */
    record SessionContext(String user, String database, Map<String, String> parameters, int processId, boolean superuser) {
        public SessionContext {
            parameters = Map.copyOf(parameters);
        }
    }

    /** A reported setting changed by a statement (SET application_name, SET TimeZone, ...). */
    record ParameterChange(String name, String value) {
    }

    /** One client session. Not thread-safe: it belongs to the node's loop. */
    interface Session {

        /**
         * Parses and validates one statement. {@code parameterTypeHints} has an entry per type the client
         * specified (null where it asked the server to infer); the statement may have more parameters.
         */
        Prepared prepare(String sql, List<PgType> parameterTypeHints);

        /** Binds decoded parameter values (one per {@link Prepared#parameterTypes()}, null for NULL). */
        Portal bind(Prepared statement, List<Object> parameters);

        TransactionStatus transactionStatus();

        /** Reported settings changed since the last call, in the order they changed. */
        List<ParameterChange> takeParameterChanges();

        /** Cancels the statement now running, which then fails with 57014; a no-op when idle. */
        void cancel();

        /** The connection is gone: roll back and release everything. */
        void close();
    }

    /** A prepared statement. */
    interface Prepared {
        List<PgType> parameterTypes();

        /** Whether executing returns rows (SELECT, VALUES, SHOW, ... RETURNING); if not, {@link #columns()} is empty. */
        boolean returnsRows();

        List<Column> columns();

        void close();
    }

    /** A bound statement, ready to execute, possibly in several fetches. */
    interface Portal {
        List<Column> columns();

        /**
         * Runs until {@code maxRows} rows (0 = all) have been passed to {@code sink}, then calls exactly one
         * of {@link ResultSink#suspended()}, {@link ResultSink#completed(String)} or
         * {@link ResultSink#failed(SqlException)}.
         */
        void fetch(int maxRows, ResultSink sink);

        void close();
    }

    /** Receives a fetch's results on the node's loop. */
    interface ResultSink {
        void row(Object[] values);

        void notice(ErrorFields notice);

        /** The row limit was reached and more rows remain. */
        void suspended();

        /** The statement is done; {@code commandTag} is e.g. "SELECT 5", "INSERT 0 1", "BEGIN". */
        void completed(String commandTag);

        void failed(SqlException error);
    }
}
