package io.shoaldb.sql.parser;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/** A table-level constraint of CREATE TABLE. */
public record PgTableConstraint(Kind kind, SqlIdentifier name, SqlNodeList columns, SqlNode check) {
    public enum Kind { PRIMARY_KEY, UNIQUE, CHECK, FOREIGN_KEY }
}
