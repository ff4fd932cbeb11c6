package io.shoaldb.pgwire;

/**
 * json/jsonb input on the wire is checked by the engine's one JSON implementation
 * ({@link io.shoaldb.sql.exec.JsonValue}), with PostgreSQL's 22P02 error and detail.
 */
final class JsonText {
    private JsonText() {
    }

    static String validate(String text) {
        try {
            return io.shoaldb.sql.exec.JsonValue.validateJson(text);
        } catch (io.shoaldb.sql.error.SqlException e) {
            throw ShoalSqlEngine.translate(e);
        }
    }
}
