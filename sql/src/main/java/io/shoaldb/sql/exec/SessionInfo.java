package io.shoaldb.sql.exec;

import java.util.function.Function;

/**
 * What session-dependent functions read at run time (never at planning: plans are cached across sessions).
 *
 * @param currentSchema the first existing schema of search_path, or null
 * @param setting       SHOW's value of a setting by name (throws 42704 for an unknown one)
 */
public record SessionInfo(String user, String database, String currentSchema, int backendPid, String version,
        Function<String, String> setting, java.util.function.Supplier<java.util.List<String[]>> allSettings) {
    /** Without the list of all settings (pg_settings then lists only the fixed ones). */
    public SessionInfo(String user, String database, String currentSchema, int backendPid, String version,
            Function<String, String> setting) {
        this(user, database, currentSchema, backendPid, version, setting, java.util.List::of);
    }

    /** For plans run outside a client session (tests, tools). */
    public static final SessionInfo DEFAULT = new SessionInfo("shoal", "shoal", "public", 0,
            "PostgreSQL 15.0 (ShoalDB)", name -> {
                throw new io.shoaldb.sql.error.SqlException(io.shoaldb.sql.error.SqlState.UNDEFINED_OBJECT,
                        "unrecognized configuration parameter \"" + name + "\"");
            });
}
