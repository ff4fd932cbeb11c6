package io.shoaldb.pgwire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/** Checks that json/jsonb input is one well-formed JSON value, as PostgreSQL does on input. */
final class JsonText {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build())
            .build();

    private JsonText() {
    }

    static String validate(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            if (parser.nextToken() == null) {
                throw invalid(text);
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw invalid(text);
            }
            return text;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SqlException sql) {
                throw sql;
            }
            throw invalid(text);
        }
    }

    private static SqlException invalid(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return new SqlException(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type json: \"" + shown + "\"");
    }
}
