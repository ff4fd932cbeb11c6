package io.shoaldb.pgwire;

/** The text or csv layout of COPY data, with PostgreSQL's defaults for each. */
record CopyFormat(boolean csv, char delimiter, String nullString, boolean header, char quote, char escape) {
    static final CopyFormat TEXT = new CopyFormat(false, '\t', "\\N", false, '"', '"');

    CopyFormat {
        if (delimiter == '\n' || delimiter == '\r' || (!csv && delimiter == '\\')) {
            throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "COPY delimiter cannot be newline, carriage return or backslash");
        }
        if (csv && delimiter == quote) {
            throw new SqlException(SqlState.FEATURE_NOT_SUPPORTED, "COPY delimiter and quote must be different");
        }
    }

    CopyFormat withCsv(boolean on) {
        if (on == csv) {
            return this;
        }
        return on ? new CopyFormat(true, delimiter == '\t' ? ',' : delimiter, nullString.equals("\\N") ? "" : nullString, header, quote, escape)
                : new CopyFormat(false, delimiter == ',' ? '\t' : delimiter, nullString.isEmpty() ? "\\N" : nullString, header, quote, escape);
    }

    CopyFormat withDelimiter(char c) {
        return new CopyFormat(csv, c, nullString, header, quote, escape);
    }

    CopyFormat withNullString(String s) {
        return new CopyFormat(csv, delimiter, s, header, quote, escape);
    }

    CopyFormat withHeader(boolean on) {
        return new CopyFormat(csv, delimiter, nullString, on, quote, escape);
    }

    CopyFormat withQuote(char c) {
        boolean escapeFollowsQuote = escape == quote;
        return new CopyFormat(csv, delimiter, nullString, header, c, escapeFollowsQuote ? c : escape);
    }

    CopyFormat withEscape(char c) {
        return new CopyFormat(csv, delimiter, nullString, header, quote, c);
    }
}
