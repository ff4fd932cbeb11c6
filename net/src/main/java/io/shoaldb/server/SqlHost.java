package io.shoaldb.server;

import io.shoaldb.runtime.NodeProcess;
import io.shoaldb.runtime.NodeRuntime;
import io.shoaldb.sql.node.SqlNode;
import io.shoaldb.sql.node.SqlNodeConfig;
import io.shoaldb.sql.session.SqlEngine;
import java.util.List;

/**
 * The node process that owns the SQL engine. Every method is called on the node's event loop.
 */
public interface SqlHost extends NodeProcess {

    /** The engine pgwire sessions run on (its catalog holds the roles); valid once {@link #isReady()}. */
    SqlEngine engine();

    /** A new session on the current engine; may refuse with an {@code SqlException} (57P03 while recovering). */
    default io.shoaldb.sql.session.Session openSession() {
        return engine().openSession();
    }

    /** Whether the engine accepts statements (a durable host first recovers its state from disk). */
    boolean isReady();

    /** A reason the host cannot serve (a refused or failed disk), or null. */
    String failure();

    /** Whether committed data survives a restart. {@code ./shoal run} warns loudly when it does not. */
    boolean durable();

    /** Makes the host for one node incarnation. */
    interface Factory {
        SqlHost create(NodeRuntime runtime);
    }

    /**
     * The durable engine: a {@link SqlNode}, whose tables are the state machine of a Raft group of one on the
     * node's WAL (the runtime's disk port, in the data directory). A statement that commits completes once its
     * log entry is durable and applied; after a restart the node recovers from its snapshot and log.
     */
    static SqlHost durable(NodeRuntime runtime) {
        SqlNode node = new SqlNode(runtime, SqlNodeConfig.defaults(ShoalServer.CLUSTER, List.of(runtime.nodeId())));
        return new SqlHost() {
            @Override
            public SqlEngine engine() {
                return node.engine();
            }

            @Override
            public io.shoaldb.sql.session.Session openSession() {
                return node.openSession();
            }

            @Override
            public boolean isReady() {
                return node.isServing();
            }

            @Override
            public String failure() {
                return node.failure();
            }

            @Override
            public boolean durable() {
                return true;
            }

            @Override
            public void start() {
                node.start();
            }

            @Override
            public void onMessage(int from, byte[] payload) {
                node.onMessage(from, payload);
            }
        };
    }

    /**
     * The engine in memory, on the node's loop: nothing is written to disk, so every table and role is lost
     * when the process stops. Password salts come from the node's entropy port.
     */
    static SqlHost inMemory(NodeRuntime runtime) {
        SqlEngine engine = new SqlEngine(runtime.clock(), runtime.entropy());
        return new SqlHost() {
            @Override
            public SqlEngine engine() {
                return engine;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public String failure() {
                return null;
            }

            @Override
            public boolean durable() {
                return false;
            }

            @Override
            public void start() {
            }

            @Override
            public void onMessage(int from, byte[] payload) {
                // A group of one has no peers; the transport's cluster-id check keeps strangers out, and a
                // frame that still arrives carries nothing this host understands.
                runtime.trace().warn("ignoring an unexpected message from node " + from + " (" + payload.length + " bytes)");
            }
        };
    }
}
