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

    /**
     * The plain forms of BEGIN, COMMIT/END and ROLLBACK (optionally with WORK or TRANSACTION, any case,
     * surrounding blanks and one trailing semicolon) without the grammar: clients send these around
     * every transaction (pgbench's TPC-B-like script twice per transaction), and building Calcite's
     * generated parser costs more than running a point update. Anything else, comments and
     * transaction modes included, returns null and goes through the grammar.
     */
    public static PgTransaction plain(String sql) {
        int n = sql.length();
        if (n > 40) {
            return null;
        }
        String[] words = sql.strip().toLowerCase(java.util.Locale.ROOT).split("\\s+");
        int count = words.length;
        if (count > 0 && words[count - 1].endsWith(";")) {
            words[count - 1] = words[count - 1].substring(0, words[count - 1].length() - 1);
            if (words[count - 1].isEmpty()) {
                count--;
            }
        }
        if (count == 0 || count > 2) {
            return null;
        }
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < words[i].length(); j++) {
                if (!Character.isLetter(words[i].charAt(j))) {
                    return null;
                }
            }
        }
        String second = count == 2 ? words[1] : null;
        boolean workOrTransaction = second == null || second.equals("work") || second.equals("transaction");
        Kind kind = switch (words[0]) {
            case "begin" -> workOrTransaction ? Kind.BEGIN : null;
            case "start" -> "transaction".equals(second) ? Kind.BEGIN : null;
            case "commit", "end" -> workOrTransaction ? Kind.COMMIT : null;
            case "rollback" -> workOrTransaction ? Kind.ROLLBACK : null;
            default -> null;
        };
        return kind == null ? null : new Builder(kind).build(new SqlParserPos(1, 1, 1, Math.max(1, n)));
    }
}
