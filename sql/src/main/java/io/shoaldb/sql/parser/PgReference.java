package io.shoaldb.sql.parser;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNodeList;

/**
 * {@code [CONSTRAINT name] REFERENCES table [(columns)] [ON DELETE action] [ON UPDATE action]} as written, of a
 * column or of a table's FOREIGN KEY constraint. Actions are pg_constraint's letters: 'a' NO ACTION (the
 * default), 'r' RESTRICT, 'c' CASCADE, 'n' SET NULL, 'd' SET DEFAULT.
 */
public record PgReference(SqlIdentifier name, SqlIdentifier table, SqlNodeList columns, char onDelete, char onUpdate) {
}
