package io.shoaldb.sql.parser;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;

/** BEGIN / START TRANSACTION, COMMIT, ROLLBACK [TO SAVEPOINT], SAVEPOINT, RELEASE SAVEPOINT. */
public final class PgTransaction extends PgStatement {
    public enum Kind { BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK_TO }

    public final Kind kind;
    /** Savepoint name for SAVEPOINT, RELEASE and ROLLBACK TO, else null. */
    public final String savepoint;
    /** Isolation level the client asked for (every level runs SERIALIZABLE), or null. */
    public final String isolation;
    /** READ ONLY was asked for. */
    public final boolean readOnly;
    /** READ WRITE was written explicitly (overrides default_transaction_read_only). */
    public final boolean readWrite;

    private PgTransaction(SqlParserPos pos, Kind kind, String savepoint, String isolation, boolean readOnly,
            boolean readWrite) {
        super(pos, kind.name(), SqlKind.OTHER);
        this.kind = kind;
        this.savepoint = savepoint;
        this.isolation = isolation;
        this.readOnly = readOnly;
        this.readWrite = readWrite;
    }

    /** Collects the clauses while the grammar reads them. */
    public static final class Builder {
        private final Kind kind;
        public SqlIdentifier savepoint;
        public String isolation;
        public boolean readOnly;
        public boolean readWrite;

        public Builder(Kind kind) {
            this.kind = kind;
        }

        public PgTransaction build(SqlParserPos pos) {
            return new PgTransaction(pos, kind, savepoint == null ? null : savepoint.getSimple(), isolation, readOnly, readWrite);
        }
    }
}
