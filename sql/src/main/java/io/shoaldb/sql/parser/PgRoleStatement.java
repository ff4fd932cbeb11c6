package io.shoaldb.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * CREATE ROLE / CREATE USER, ALTER ROLE / ALTER USER and DROP ROLE / DROP USER, with the role attributes
 * ShoalDB has (SUPERUSER, LOGIN, PASSWORD). Parsed by {@link PgUtilityParser}; the password text is held
 * only until the executor turns it into a SCRAM verifier.
 */
public final class PgRoleStatement extends PgStatement {
    public enum Kind { CREATE, ALTER, DROP }

    public final Kind kind;
    /** The role (CREATE, ALTER) or roles (DROP), as written (unquoted names folded to lower case). */
    public final List<String> names;
    /** DROP ... IF EXISTS. */
    public final boolean ifExists;
    /** SUPERUSER (true), NOSUPERUSER (false) or not given (null). */
    public final Boolean superuser;
    /** LOGIN (true), NOLOGIN (false) or not given (null; CREATE USER means LOGIN, CREATE ROLE NOLOGIN). */
    public final Boolean login;
    /** Whether a PASSWORD clause was given; {@link #password} is then the text, or null for PASSWORD NULL. */
    public final boolean passwordGiven;
    public final String password;

    PgRoleStatement(Kind kind, List<String> names, boolean ifExists, Boolean superuser, Boolean login,
            boolean passwordGiven, String password) {
        super(SqlParserPos.ZERO, kind.name() + " ROLE", SqlKind.OTHER_DDL);
        this.kind = kind;
        this.names = List.copyOf(names);
        this.ifExists = ifExists;
        this.superuser = superuser;
        this.login = login;
        this.passwordGiven = passwordGiven;
        this.password = password;
    }

    /** The same statement with {@code verifier} as its password (what is executed, and what a log may record). */
    public PgRoleStatement withPassword(String verifier) {
        return new PgRoleStatement(kind, names, ifExists, superuser, login, true, verifier);
    }

    /**
     * The statement as SQL that {@link PgUtilityParser} parses back to an equal statement: quoted names,
     * attributes spelled out, CREATE USER's implied LOGIN explicit. Holds the password as given, so callers
     * render it only once the password has become a verifier.
     */
    public String toSql() {
        StringBuilder sb = new StringBuilder(kind.name()).append(" ROLE ");
        if (kind == Kind.DROP) {
            if (ifExists) {
                sb.append("IF EXISTS ");
            }
            for (int i = 0; i < names.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(quote(names.get(i)));
            }
            return sb.toString();
        }
        sb.append(quote(names.getFirst()));
        if (superuser != null) {
            sb.append(superuser ? " SUPERUSER" : " NOSUPERUSER");
        }
        if (login != null) {
            sb.append(login ? " LOGIN" : " NOLOGIN");
        }
        if (passwordGiven) {
            sb.append(" PASSWORD ").append(password == null ? "NULL" : "'" + password.replace("'", "''") + "'");
        }
        return sb.toString();
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** PostgreSQL's command tag: "CREATE ROLE" even for CREATE USER. */
    public String commandTag() {
        return kind.name() + " ROLE";
    }

    /** Never the password: statements may be logged. */
    @Override
    public String toString() {
        return commandTag() + " " + names + (passwordGiven ? " PASSWORD ********" : "");
    }
}
