package io.shoaldb.sql.parser;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import io.shoaldb.sql.parser.impl.PgSqlParserImpl;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;

/** Parses PostgreSQL-dialect SQL text into Calcite AST nodes with our generated parser. */
public final class PgParser {
    /** PostgreSQL lexing: "quoted" identifiers keep their case, unquoted ones fold to lower case. */
    public static final SqlParser.Config CONFIG = SqlParser.config()
            .withParserFactory(PgSqlParserImpl.FACTORY)
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.TO_LOWER)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true)
            .withConformance(PgConformance.INSTANCE)
            .withIdentifierMaxLength(63);

    /** Statements PostgreSQL has that ShoalDB does not build yet: refused with 0A000, not a syntax error. */
    private static final List<String> NOT_SUPPORTED_PREFIXES = List.of(
            "alter table", "alter index",
            "create sequence", "drop sequence", "create schema", "drop schema", "create function",
            "create type", "create extension", "create materialized view", "copy ",
            "grant ", "revoke ", "lock ", "listen ", "notify ", "prepare ", "execute ", "deallocate ",
            "declare ", "fetch ", "close ", "do ", "call ", "merge ",
            "discard ", "comment on", "create temp", "create temporary", "create unlogged",
            "select distinct on");

    private PgParser() {
    }

    /** Parses a single statement; the text has already been through {@link ParameterRewriter}. */
    public static SqlNode parseStatement(String sql) {
        PgTransaction plain = PgTransaction.plain(sql);
        if (plain != null) {
            return plain;
        }
        if (PgUtilityParser.handles(sql)) {
            return PgUtilityParser.parseUtility(sql);
        }
        PgRowLocking.Extracted locking = PgRowLocking.extract(sql);
        if (locking != null) {
            SqlNode query = parseStatement(locking.sql());
            if (!query.isA(org.apache.calcite.sql.SqlKind.QUERY)) {
                throw new SqlException(SqlState.SYNTAX_ERROR, "syntax error at or near \"FOR\"");
            }
            return new PgLockingSelect(query.getParserPosition(), query, locking.clauses());
        }
        sql = io.shoaldb.sql.pgcatalog.CatalogSyntax.rewriteText(sql);
        try {
            return SqlParser.create(sql, CONFIG).parseStmt();
        } catch (SqlParseException e) {
            throw toSqlException(sql, e);
        }
    }

    /** Parses one or more statements separated by semicolons (PostgreSQL's simple-query protocol). */
    public static List<SqlNode> parseStatements(String sql) {
        List<String> parts = PgUtilityParser.split(sql);
        boolean anyUtility = false;
        for (String part : parts) {
            // a utility statement or a locking clause: each statement is parsed on its own
            anyUtility |= PgUtilityParser.handles(part) || PgRowLocking.extract(part) != null;
        }
        if (!anyUtility) {
            try {
                SqlNodeList list = SqlParser.create(io.shoaldb.sql.pgcatalog.CatalogSyntax.rewriteText(sql), CONFIG)
                        .parseStmtList();
                return list.getList();
            } catch (SqlParseException e) {
                throw toSqlException(sql, e);
            }
        }
        // Every statement is parsed before any runs, as PostgreSQL parses a whole simple query first.
        List<SqlNode> out = new java.util.ArrayList<>();
        for (String part : parts) {
            out.add(parseStatement(part));
        }
        return out;
    }

    private static SqlException toSqlException(String sql, SqlParseException e) {
        String normalized = sql.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        for (String prefix : NOT_SUPPORTED_PREFIXES) {
            if (normalized.startsWith(prefix.strip()) && (normalized.length() == prefix.strip().length()
                    || normalized.startsWith(prefix))) {
                return SqlException.notSupported(prefix.strip().toUpperCase(Locale.ROOT));
            }
        }
        String near = nearToken(e);
        return new SqlException(SqlState.SYNTAX_ERROR,
                near == null ? "syntax error at end of input" : "syntax error at or near \"" + near + "\"");
    }

    private static String nearToken(SqlParseException e) {
        if (e.getCause() instanceof io.shoaldb.sql.parser.impl.ParseException pe && pe.currentToken != null
                && pe.currentToken.next != null) {
            String image = pe.currentToken.next.image;
            return image == null || image.isEmpty() ? null : image;
        }
        String msg = e.getMessage();
        int at = msg == null ? -1 : msg.indexOf("Encountered \"");
        if (at >= 0) {
            int end = msg.indexOf('"', at + 13);
            if (end > at + 13) {
                return msg.substring(at + 13, end).strip();
            }
        }
        return null;
    }
}
