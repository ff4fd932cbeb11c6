package io.shoaldb.sql.parser;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/** A table-level constraint of CREATE TABLE ({@code reference}: a FOREIGN KEY's, null for the other kinds). */
public record PgTableConstraint(Kind kind, SqlIdentifier name, SqlNodeList columns, SqlNode check, PgReference reference) {
    public enum Kind { PRIMARY_KEY, UNIQUE, CHECK, FOREIGN_KEY }

    public PgTableConstraint(Kind kind, SqlIdentifier name, SqlNodeList columns, SqlNode check) {
        this(kind, name, columns, check, null);
    }
}
