package io.shoaldb.pgwire;

/** {@link ClientAcceptanceCore} against ShoalDB: a pgwire server on the real SQL engine. */
class ShoalClientAcceptanceTest extends ClientAcceptanceCore {
    @Override
    protected Target start(String user, String password) {
        return pgwire(loop -> new ShoalSqlEngine(new io.shoaldb.sql.session.SqlEngine()));
    }
}
