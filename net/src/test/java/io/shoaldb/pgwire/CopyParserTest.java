package io.shoaldb.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CopyParserTest {
    private static List<List<String>> parseAll(CopyFormat format, int columns, String data, int chunkBytes) {
        CopyParser p = new CopyParser(format, columns, 1 << 20);
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += chunkBytes) {
            rows.addAll(p.feed(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunkBytes))));
        }
        rows.addAll(p.finish());
        return rows;
    }

    @Property(tries = 50)
    void textRowsSurviveAnyChunking(@ForAll @IntRange(min = 1, max = 17) int chunkBytes) {
        String data = "1\tzwölf\t\\N\n2\ta\\tb\\\\c\\nd\t\n\\.\nignored after the end marker\n";
        assertEquals(List.of(Arrays.asList("1", "zwölf", null), Arrays.asList("2", "a\tb\\c\nd", "")),
                parseAll(CopyFormat.TEXT, 3, data, chunkBytes));
    }

    @Property(tries = 50)
    void csvQuotesNewlinesAndHeader(@ForAll @IntRange(min = 1, max = 13) int chunkBytes) {
        CopyFormat csv = CopyFormat.TEXT.withCsv(true).withHeader(true);
        String data = "id,note\r\n1,\"multi\nline, \"\"quoted\"\"\"\r\n2,\n3,\"\"\n";
        assertEquals(List.of(Arrays.asList("1", "multi\nline, \"quoted\""), Arrays.asList("2", null), Arrays.asList("3", "")),
                parseAll(csv, 2, data, chunkBytes));
    }

    @Test
    void csvWithABackslashEscape() {
        CopyFormat csv = CopyFormat.TEXT.withCsv(true).withEscape('\\');
        assertEquals(List.of(List.of("1", "say \"hi\"\nthere")), parseAll(csv, 2, "1,\"say \\\"hi\\\"\nthere\"\n", 3));
    }

    @Test
    void badRowsAreErrorsWithTheLineNumber() {
        SqlException missing = assertThrows(SqlException.class, () -> parseAll(CopyFormat.TEXT, 3, "1\t2\t3\n4\t5\n", 64));
        assertEquals("22P04", missing.sqlState());
        assertEquals("COPY line 2", missing.fields().detail());
        assertEquals("22P04", assertThrows(SqlException.class,
                () -> parseAll(CopyFormat.TEXT.withCsv(true), 1, "\"open\n", 64)).sqlState());
        CopyParser p = new CopyParser(CopyFormat.TEXT, 1, 1 << 20);
        SqlException utf8 = assertThrows(SqlException.class, () -> p.feed(new byte[] {'o', 'k', '\n', (byte) 0xFF, '\n'}));
        assertEquals("22021", utf8.sqlState());
        assertEquals("COPY line 2", utf8.fields().detail());
    }

    @Test
    void formatsRowsForCopyTo() {
        List<Column> cols = List.of(Column.of("a", PgType.INT4), Column.of("b", PgType.TEXT), Column.of("c", PgType.TEXT));
        Object[] row = {1, "x\ty", null};
        assertEquals("1\tx\\ty\t\\N\n", new String(CopyParser.formatRow(CopyFormat.TEXT, cols, row, ZoneOffset.UTC), StandardCharsets.UTF_8));
        Object[] csvRow = {2, "a,\"b\"", ""};
        assertEquals("2,\"a,\"\"b\"\"\",\"\"\n", new String(CopyParser.formatRow(CopyFormat.TEXT.withCsv(true), cols, csvRow, ZoneOffset.UTC),
                StandardCharsets.UTF_8));
    }
}
