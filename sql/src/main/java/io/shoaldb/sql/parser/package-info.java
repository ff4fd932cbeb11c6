/**
 * The PostgreSQL dialect on top of Calcite's parser: the AST classes our grammar extension
 * ({@code src/main/codegen/includes/parserImpls.ftl}, compiled with FMPP and JavaCC into
 * {@code io.shoaldb.sql.parser.impl.PgSqlParserImpl}) builds, the {@code $n} parameter rewriter and the
 * parser configuration (PostgreSQL lexing: double-quoted identifiers, unquoted names folded to lower case),
 * and a small hand-written parser for SET/SHOW/RESET, whose values Calcite's grammar cannot take.
 */
package io.shoaldb.sql.parser;
