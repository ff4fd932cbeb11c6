package io.shoaldb.pgwire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses COPY FROM STDIN data (text or csv) arriving in CopyData chunks that may split rows and UTF-8
 * sequences anywhere, and formats rows for COPY TO STDOUT. A field is a String, or null for NULL.
 * A row longer than the message limit is an error, so a client cannot make us buffer without bound.
 */
final class CopyParser {
    private final CopyFormat format;
    private final int columnCount;
    private final int maxRowBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean inQuotes;
    private boolean escapePending;
    private boolean headerPending;
    private boolean ended;
    private long lineNumber;

    CopyParser(CopyFormat format, int columnCount, int maxRowBytes) {
        this.format = format;
        this.columnCount = columnCount;
        this.maxRowBytes = maxRowBytes;
        this.headerPending = format.header();
    }

    /** Feeds one CopyData payload; returns the rows it completed. */
    List<List<String>> feed(byte[] data) {
        List<List<String>> rows = new ArrayList<>();
        for (byte b : data) {
            if (ended) {
                // PostgreSQL ignores anything after the \. end-of-data marker.
                return rows;
            }
            if (escapePending) {
                escapePending = false;
            } else if (format.csv() && inQuotes && b == format.escape() && format.escape() != format.quote()) {
                // Inside quotes an escape character makes the next byte literal, a quote included.
                escapePending = true;
            } else if (format.csv() && b == format.quote()) {
                inQuotes = !inQuotes;
            }
            if (b == '\n' && !inQuotes) {
                completeLine(rows);
            } else {
                line.write(b);
                if (line.size() > maxRowBytes) {
                    throw error("row is longer than " + maxRowBytes + " bytes");
                }
            }
        }
        return rows;
    }

    /** At CopyDone: a last line without a newline is still a row. */
    List<List<String>> finish() {
        List<List<String>> rows = new ArrayList<>();
        if (inQuotes) {
            throw error("unterminated CSV quoted field");
        }
        if (!ended && line.size() > 0) {
            completeLine(rows);
        }
        return rows;
    }

    private void completeLine(List<List<String>> rows) {
        byte[] bytes = line.toByteArray();
        line.reset();
        lineNumber++;
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r') {
            n--;
        }
        String text;
        try {
            text = Utf8.decode(java.util.Arrays.copyOf(bytes, n));
        } catch (SqlException e) {
            throw new SqlException(e.fields().withDetail("COPY line " + lineNumber));
        }
        if (text.equals("\\.")) {
            ended = true;
            return;
        }
        if (headerPending) {
            headerPending = false;
            return;
        }
        List<String> fields = format.csv() ? csvFields(text) : textFields(text);
        if (fields.size() != columnCount) {
            throw error(fields.size() < columnCount ? "missing data for column " + (fields.size() + 1)
                    : "extra data after last expected column");
        }
        rows.add(fields);
    }

    private List<String> textFields(String text) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean escapedAny = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == format.delimiter()) {
                fields.add(textField(field, escapedAny));
                field.setLength(0);
                escapedAny = false;
            } else if (c == '\\' && i + 1 < text.length()) {
                char e = text.charAt(++i);
                escapedAny = true;
                switch (e) {
                    case 'b' -> field.append('\b');
                    case 'f' -> field.append('\f');
                    case 'n' -> field.append('\n');
                    case 'r' -> field.append('\r');
                    case 't' -> field.append('\t');
                    case 'v' -> field.append('\u000B');
                    case 'N' -> {
                        field.append("\\N");
                        escapedAny = false;
                    }
                    case 'x' -> {
                        int start = i + 1;
                        int end = start;
                        while (end < text.length() && end < start + 2 && Character.digit(text.charAt(end), 16) >= 0) {
                            end++;
                        }
                        if (end == start) {
                            field.append('x');
                        } else {
                            field.append((char) Integer.parseInt(text.substring(start, end), 16));
                            i = end - 1;
                        }
                    }
                    default -> {
                        if (e >= '0' && e <= '7') {
                            int end = i;
                            while (end < text.length() && end < i + 3 && text.charAt(end) >= '0' && text.charAt(end) <= '7') {
                                end++;
                            }
                            field.append((char) Integer.parseInt(text.substring(i, end), 8));
                            i = end - 1;
                        } else {
                            field.append(e);
                        }
                    }
                }
            } else {
                field.append(c);
            }
        }
        fields.add(textField(field, escapedAny));
        return fields;
    }

    private String textField(StringBuilder field, boolean escaped) {
        String s = field.toString();
        // The null marker matches only as written, not after de-escaping other characters.
        return !escaped && s.equals(format.nullString()) ? null : s;
    }

    private List<String> csvFields(String text) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == format.escape() && i + 1 < text.length() && text.charAt(i + 1) == format.quote()
                       ) {
                    field.append(format.quote());
                    i++;
                } else if (c == format.quote()) {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == format.quote()) {
                quoted = true;
                wasQuoted = true;
            } else if (c == format.delimiter()) {
                fields.add(csvField(field, wasQuoted));
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw error("unterminated CSV quoted field");
        }
        fields.add(csvField(field, wasQuoted));
        return fields;
    }

    private String csvField(StringBuilder field, boolean quoted) {
        String s = field.toString();
        // In CSV a quoted empty string is an empty string; only the unquoted null string is NULL.
        return !quoted && s.equals(format.nullString()) ? null : s;
    }

    private SqlException error(String message) {
        return new SqlException(ErrorFields.error(SqlState.BAD_COPY_FILE_FORMAT, message)
                .withDetail("COPY line " + (lineNumber == 0 ? 1 : lineNumber)));
    }

    /** One row of COPY TO STDOUT output, newline included. */
    static byte[] formatRow(CopyFormat format, List<Column> columns, Object[] values, ZoneId zone) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(format.delimiter());
            }
            Object v = values[i];
            if (v == null) {
                sb.append(format.nullString());
                continue;
            }
            String s = TextCodec.encode(columns.get(i).type(), v, zone);
            if (format.csv()) {
                boolean quote = s.isEmpty() && format.nullString().isEmpty() || s.equals(format.nullString())
                        || s.indexOf(format.delimiter()) >= 0 || s.indexOf(format.quote()) >= 0
                        || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
                if (quote) {
                    sb.append(format.quote());
                    for (int j = 0; j < s.length(); j++) {
                        char c = s.charAt(j);
                        if (c == format.quote() || c == format.escape()) {
                            sb.append(format.escape());
                        }
                        sb.append(c);
                    }
                    sb.append(format.quote());
                } else {
                    sb.append(s);
                }
            } else {
                for (int j = 0; j < s.length(); j++) {
                    char c = s.charAt(j);
                    switch (c) {
                        case '\\' -> sb.append("\\\\");
                        case '\n' -> sb.append("\\n");
                        case '\r' -> sb.append("\\r");
                        case '\t' -> sb.append("\\t");
                        default -> {
                            if (c == format.delimiter()) {
                                sb.append('\\');
                            }
                            sb.append(c);
                        }
                    }
                }
            }
        }
        return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
