package io.shoaldb.pgwire;

/**
 * {@link ClientAcceptanceSuite} against a real PostgreSQL 15, proving the suite's expectations are
 * PostgreSQL's own. Not part of the default run (the class name does not end in Test); start a server with
 * {@code net/src/test/resources/pgwire/pg-reference.sh} and run
 * {@code -Dtest=PostgresReferenceRun -Dshoal.reference.port=54329}.
 */
class PostgresReferenceRun extends ClientAcceptanceSuite {
    @Override
    protected Target start(String user, String password) {
        String host = System.getProperty("shoal.reference.host", "127.0.0.1");
        int port = Integer.getInteger("shoal.reference.port", 54329);
        return new Target() {
            @Override
            public String host() {
                return host;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {
                // The server belongs to whoever started it.
            }
        };
    }
}
