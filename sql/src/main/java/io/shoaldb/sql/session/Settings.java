package io.shoaldb.sql.session;

import io.shoaldb.sql.error.SqlException;
import io.shoaldb.sql.error.SqlState;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A session's settings (PostgreSQL's GUCs) with PostgreSQL's semantics: names are case-insensitive, an unknown
 * name is 42704, a bad value 22023, a read-only one 55P02; a value ShoalDB cannot honour is refused with
 * 0A000 rather than accepted and ignored. Changes made inside a transaction block are undone by ROLLBACK
 * (and ROLLBACK TO), and SET LOCAL lasts until the block ends — the transaction logic lives in
 * {@link Session}, which snapshots the two maps here. Names containing a dot are custom placeholders
 * ({@code myapp.user_id}), kept as text as PostgreSQL does.
 */
final class Settings {
    /** PostgreSQL's version as {@code version()} and {@code server_version} show it. */
    static final String SERVER_VERSION = "15.0";
    static final String SHOAL_VERSION = "0.1.0";
    static final String VERSION_STRING = "PostgreSQL " + SERVER_VERSION + " (ShoalDB " + SHOAL_VERSION
            + ") on x86_64-pc-linux-gnu, compiled by javac, 64-bit";

    @FunctionalInterface
    private interface Check {
        /** The canonical value of {@code raw} for setting {@code name}, or an exception. */
        String apply(String name, List<String> raw);
    }

    /** One known setting: display name, boot value, whether changes are reported (ParameterStatus), check. */
    record Def(String name, String bootValue, boolean reported, boolean readOnly, String description, Check check) {
    }

    private static final Map<String, Def> DEFS = new TreeMap<>();

    private static void def(String name, String boot, boolean reported, String description, Check check) {
        DEFS.put(name.toLowerCase(Locale.ROOT), new Def(name, boot, reported, false, description, check));
    }

    private static void readOnly(String name, String value, boolean reported, String description) {
        DEFS.put(name.toLowerCase(Locale.ROOT), new Def(name, value, reported, true, description, null));
    }

    static {
        def("application_name", "", true, "Sets the application name to be reported in statistics and logs.",
                (n, v) -> {
                    String s = joined(v);
                    return s.length() > 63 ? s.substring(0, 63) : s;
                });
        def("client_encoding", "UTF8", true, "Sets the client's character set encoding.", Settings::encoding);
        def("DateStyle", "ISO, MDY", true, "Sets the display format for date and time values.", Settings::dateStyle);
        def("IntervalStyle", "postgres", true, "Sets the display format for interval values.",
                (n, v) -> onlyValue(n, v, "postgres", List.of("postgres_verbose", "sql_standard", "iso_8601")));
        def("TimeZone", "Etc/UTC", true, "Sets the time zone for displaying and interpreting time stamps.",
                Settings::timeZone);
        def("extra_float_digits", "1", false, "Sets the number of digits displayed for floating-point values.",
                (n, v) -> Integer.toString(integer(n, v, -15, 3)));
        def("statement_timeout", "0", false, "Sets the maximum allowed duration of any statement.",
                Settings::duration);
        def("lock_timeout", "0", false, "Sets the maximum allowed duration of any wait for a lock.",
                Settings::duration);
        def("idle_in_transaction_session_timeout", "0", false,
                "Sets the maximum allowed idle time between queries, when in a transaction.", Settings::zeroDuration);
        def("standard_conforming_strings", "on", true, "Causes '...' strings to treat backslashes literally.",
                (n, v) -> onOnly(n, v, true));
        def("search_path", "\"$user\", public", false, "Sets the schema search order for names that are not schema-qualified.",
                Settings::searchPath);
        def("default_transaction_isolation", "serializable", false,
                "Sets the transaction isolation level of each new transaction (every level runs SERIALIZABLE).",
                (n, v) -> isolation(n, joined(v)));
        def("transaction_isolation", "serializable", false,
                "Shows the current transaction's isolation level (always serializable).",
                (n, v) -> {
                    isolation(n, joined(v));
                    return "serializable";
                });
        def("default_transaction_read_only", "off", true, "Sets the default read-only status of new transactions.",
                (n, v) -> bool(n, v) ? "on" : "off");
        def("transaction_read_only", "off", false, "Sets the current transaction's read-only status.",
                (n, v) -> bool(n, v) ? "on" : "off");
        def("default_transaction_deferrable", "off", false, "Sets the default deferrable status of new transactions.",
                (n, v) -> bool(n, v) ? "on" : "off");
        def("transaction_deferrable", "off", false, "Whether to defer a read-only serializable transaction.",
                (n, v) -> bool(n, v) ? "on" : "off");
        def("client_min_messages", "notice", false, "Sets the message levels that are sent to the client.",
                (n, v) -> oneOf(n, v, List.of("debug5", "debug4", "debug3", "debug2", "debug1", "debug", "log",
                        "notice", "warning", "error")));
        def("bytea_output", "hex", false, "Sets the output format for bytea.",
                (n, v) -> onlyValue(n, v, "hex", List.of("escape")));
        readOnly("server_version", SERVER_VERSION + " (ShoalDB " + SHOAL_VERSION + ")", true, "Shows the server version.");
        readOnly("server_version_num", "150000", false, "Shows the server version as an integer.");
        readOnly("server_encoding", "UTF8", true, "Shows the server (database) character set encoding.");
        readOnly("integer_datetimes", "on", true, "Shows whether datetimes are integer based.");
        readOnly("in_hot_standby", "off", true, "Shows whether hot standby is currently active.");
        readOnly("max_identifier_length", "63", false, "Shows the maximum identifier length.");
        readOnly("block_size", "8192", false, "Shows the size of a disk block.");
        readOnly("lc_collate", "C", false, "Shows the collation order locale.");
        readOnly("lc_ctype", "C", false, "Shows the character classification and case conversion locale.");
        readOnly("is_superuser", "on", true, "Shows whether the current user is a superuser.");
        readOnly("session_authorization", "", true, "Sets the session user name.");
        readOnly("shoal_version", SHOAL_VERSION, false, "Shows the ShoalDB version.");
    }

    /** Effective values (SET LOCAL included), by lower-case name. */
    private TreeMap<String, String> values = new TreeMap<>();
    /** Session-level values (what COMMIT keeps), by lower-case name. */
    private TreeMap<String, String> sessionValues = new TreeMap<>();
    /** What RESET returns to: boot values overridden by the startup parameters. */
    private final TreeMap<String, String> resetValues = new TreeMap<>();
    /** Reported values the client last heard, by lower-case name. */
    private final TreeMap<String, String> reportedValues = new TreeMap<>();

    Settings(String user, boolean superuser) {
        for (Map.Entry<String, Def> e : DEFS.entrySet()) {
            resetValues.put(e.getKey(), e.getValue().bootValue());
        }
        resetValues.put("session_authorization", user);
        resetValues.put("is_superuser", superuser ? "on" : "off");
        values.putAll(resetValues);
        sessionValues.putAll(resetValues);
        markReported();
    }

    private void markReported() {
        reportedValues.clear();
        for (Map.Entry<String, Def> e : DEFS.entrySet()) {
            if (e.getValue().reported()) {
                reportedValues.put(e.getKey(), values.get(e.getKey()));
            }
        }
    }

    /**
     * Applies the startup packet's parameters (and {@code options} {@code -c name=value}) as the session's
     * reset values. Unknown or bad ones are skipped, as a connection must never be refused over one.
     */
    void applyStartup(Map<String, String> parameters) {
        TreeMap<String, String> all = new TreeMap<>(parameters);
        String options = all.remove("options");
        if (options != null) {
            String[] words = options.trim().split("\\s+");
            for (int i = 0; i < words.length; i++) {
                String w = words[i];
                String assignment = w.equals("-c") && i + 1 < words.length ? words[++i]
                        : w.startsWith("-c") ? w.substring(2) : w.startsWith("--") ? w.substring(2) : null;
                int eq = assignment == null ? -1 : assignment.indexOf('=');
                if (eq > 0) {
                    all.put(assignment.substring(0, eq).replace('-', '_'), assignment.substring(eq + 1));
                }
            }
        }
        for (Map.Entry<String, String> e : all.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            Def d = DEFS.get(key);
            if (d == null || d.readOnly() || key.equals("client_encoding")) {
                continue;
            }
            try {
                resetValues.put(key, d.check().apply(d.name(), List.of(e.getValue())));
            } catch (SqlException bad) {
                // pgwire has already vetted the parameters it cares about; the rest stay at their defaults.
            }
        }
        values.putAll(resetValues);
        sessionValues.putAll(resetValues);
        markReported();
    }

    /** The connected user (session_authorization, is_superuser), also what RESET returns to. */
    void setSessionUser(String user, boolean superuser) {
        for (TreeMap<String, String> m : List.of(resetValues, values, sessionValues)) {
            m.put("session_authorization", user);
            m.put("is_superuser", superuser ? "on" : "off");
        }
        reportedValues.put("session_authorization", user);
        reportedValues.put("is_superuser", superuser ? "on" : "off");
    }

    /** The definition of {@code name}, or 42704. */
    private static Def known(String name) {
        Def d = DEFS.get(name.toLowerCase(Locale.ROOT));
        if (d == null) {
            throw new SqlException(SqlState.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
        }
        return d;
    }

    private static boolean custom(String name) {
        return name.indexOf('.') > 0 && !name.endsWith(".");
    }

    /** SHOW name: the value, or 42704 (a custom placeholder never set is 42704 too, as in PostgreSQL). */
    String show(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (custom(key)) {
            String v = values.get(key);
            if (v == null) {
                throw new SqlException(SqlState.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
            }
            return v;
        }
        known(key);
        return values.get(key);
    }

    /** The display name of a known setting (SHOW's column name: {@code DateStyle}, {@code TimeZone}). */
    static String displayName(String name) {
        Def d = DEFS.get(name.toLowerCase(Locale.ROOT));
        return d == null ? name.toLowerCase(Locale.ROOT) : d.name();
    }

    /** SHOW ALL rows: name, setting, description, sorted by name. */
    List<String[]> all() {
        List<String[]> rows = new ArrayList<>();
        for (Map.Entry<String, Def> e : DEFS.entrySet()) {
            rows.add(new String[] {e.getValue().name(), values.get(e.getKey()), e.getValue().description()});
        }
        return rows;
    }

    /** SET [LOCAL] name TO values. */
    void set(String name, List<String> raw, boolean local) {
        String key = name.toLowerCase(Locale.ROOT);
        String value;
        if (custom(key) && !DEFS.containsKey(key)) {
            value = joined(raw);
        } else {
            Def d = known(key);
            if (d.readOnly()) {
                throw new SqlException("55P02", "parameter \"" + key + "\" cannot be changed");
            }
            value = d.check().apply(d.name(), raw);
        }
        values.put(key, value);
        if (!local) {
            sessionValues.put(key, value);
        }
    }

    /** RESET name / SET name TO DEFAULT. */
    void reset(String name, boolean local) {
        String key = name.toLowerCase(Locale.ROOT);
        if (custom(key) && !DEFS.containsKey(key)) {
            values.remove(key);
            if (!local) {
                sessionValues.remove(key);
            }
            return;
        }
        Def d = known(key);
        if (d.readOnly()) {
            throw new SqlException("55P02", "parameter \"" + key + "\" cannot be changed");
        }
        values.put(key, resetValues.get(key));
        if (!local) {
            sessionValues.put(key, resetValues.get(key));
        }
    }

    /** RESET ALL: every changeable setting back to its reset value. */
    void resetAll() {
        for (Map.Entry<String, Def> e : DEFS.entrySet()) {
            if (!e.getValue().readOnly()) {
                values.put(e.getKey(), resetValues.get(e.getKey()));
                sessionValues.put(e.getKey(), resetValues.get(e.getKey()));
            }
        }
        values.keySet().removeIf(Settings::custom);
        sessionValues.keySet().removeIf(Settings::custom);
    }

    /** A copy of both maps, taken at BEGIN and at each SAVEPOINT. */
    record Snapshot(TreeMap<String, String> values, TreeMap<String, String> sessionValues) {
    }

    Snapshot snapshot() {
        return new Snapshot(new TreeMap<>(values), new TreeMap<>(sessionValues));
    }

    /** ROLLBACK / ROLLBACK TO: the settings as they were. */
    void restore(Snapshot s) {
        values = new TreeMap<>(s.values());
        sessionValues = new TreeMap<>(s.sessionValues());
    }

    /** COMMIT: SET LOCAL values end with the block; session-level ones stay. */
    void endBlock() {
        values = new TreeMap<>(sessionValues);
    }

    /** Reported settings whose value changed since the last call, as (display name, value). */
    List<Map.Entry<String, String>> takeReportedChanges() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Map.Entry<String, String> e : reportedValues.entrySet()) {
            String now = values.get(e.getKey());
            if (!now.equals(e.getValue())) {
                out.add(Map.entry(DEFS.get(e.getKey()).name(), now));
                e.setValue(now);
            }
        }
        return out;
    }

    boolean flag(String name) {
        return "on".equals(values.get(name));
    }

    /** current_schema(): the first schema of search_path that exists. */
    String currentSchema() {
        String path = values.get("search_path");
        if (path != schemaOfPath) { // every statement asks; the setting rarely changes (same String instance)
            schemaOfPath = path;
            currentSchema = firstSchema(path);
        }
        return currentSchema;
    }

    /** The search_path value {@link #currentSchema()} last read, and its answer. */
    private String schemaOfPath;
    private String currentSchema;

    private static String firstSchema(String path) {
        for (String item : path.split(",")) {
            String s = item.strip();
            if (s.startsWith("\"") && s.endsWith("\"") && s.length() >= 2) {
                s = s.substring(1, s.length() - 1);
            }
            if (s.equals("public") || s.equals("pg_catalog")) {
                return s;
            }
        }
        return null;
    }

    // ---- value checks -------------------------------------------------------------------------------------

    private static String joined(List<String> raw) {
        return String.join(", ", raw);
    }

    private static SqlException invalid(String name, String value) {
        return new SqlException(SqlState.INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"" + name + "\": \"" + value + "\"");
    }

    private static String single(String name, List<String> raw) {
        if (raw.size() != 1) {
            throw new SqlException(SqlState.INVALID_PARAMETER_VALUE, "SET " + name + " takes only one argument");
        }
        return raw.get(0);
    }

    private static boolean bool(String name, List<String> raw) {
        String v = single(name, raw).toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            throw new SqlException(SqlState.INVALID_PARAMETER_VALUE, "parameter \"" + name + "\" requires a Boolean value");
        }
        if ("true".startsWith(v) || "yes".startsWith(v) || v.equals("on") || v.equals("1")) {
            return true;
        }
        if ("false".startsWith(v) || "no".startsWith(v) || v.equals("off") || v.equals("of") || v.equals("0")) {
            return false;
        }
        throw new SqlException(SqlState.INVALID_PARAMETER_VALUE, "parameter \"" + name + "\" requires a Boolean value");
    }

    private static String onOnly(String name, List<String> raw, boolean supported) {
        if (bool(name, raw) != supported) {
            throw SqlException.notSupported(name + " = " + (supported ? "off" : "on"));
        }
        return supported ? "on" : "off";
    }

    private static int integer(String name, List<String> raw, int min, int max) {
        String v = single(name, raw);
        int n;
        try {
            n = Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new SqlException(SqlState.INVALID_PARAMETER_VALUE,
                    "invalid value for parameter \"" + name + "\": \"" + v + "\"");
        }
        if (n < min || n > max) {
            throw new SqlException(SqlState.INVALID_PARAMETER_VALUE, n + " is outside the valid range for parameter \""
                    + name + "\" (" + min + " .. " + max + ")");
        }
        return n;
    }

    /** A duration setting ShoalDB cannot enforce yet: only 0 (off) is accepted. */
    /**
     * A duration in milliseconds as PostgreSQL takes it (a number of ms, or with a unit us, ms, s, min, h,
     * d) and shows it (in the largest unit that divides it: 5000 is "5s").
     */
    private static String duration(String name, List<String> raw) {
        long millis = durationMillisOf(name, raw);
        if (millis == 0) {
            return "0";
        }
        String[] units = {"d", "h", "min", "s"};
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        for (int i = 0; i < units.length; i++) {
            if (millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis + "ms";
    }

    /** Milliseconds of a value {@link #duration} accepted and showed ("0", "250ms", "5s", "2min"...). */
    static long durationMillis(String shown) {
        return durationMillisOf("duration", List.of(shown));
    }

    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("(-?\\d+)\\s*(us|ms|s|min|h|d)?");

    private static long durationMillisOf(String name, List<String> raw) {
        String v = single(name, raw).strip().toLowerCase(Locale.ROOT);
        if (v.equals("0")) {
            return 0; // the default, read for every statement
        }
        java.util.regex.Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw invalid(name, raw.get(0));
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw invalid(name, raw.get(0));
        }
        String unit = m.group(2) == null ? "ms" : m.group(2);
        long millis;
        try {
            millis = switch (unit) {
                case "us" -> Math.round(amount / 1000.0);
                case "ms" -> amount;
                case "s" -> Math.multiplyExact(amount, 1000L);
                case "min" -> Math.multiplyExact(amount, 60_000L);
                case "h" -> Math.multiplyExact(amount, 3_600_000L);
                default -> Math.multiplyExact(amount, 86_400_000L);
            };
        } catch (ArithmeticException e) {
            millis = Long.MAX_VALUE;
        }
        if (millis < 0 || millis > Integer.MAX_VALUE) {
            throw new SqlException(SqlState.INVALID_PARAMETER_VALUE, millis
                    + " ms is outside the valid range for parameter \"" + name + "\" (0 .. 2147483647)");
        }
        return millis;
    }

    /** A duration setting ShoalDB accepts only as 0 (parsed and range-checked like {@link #duration}). */
    private static String zeroDuration(String name, List<String> raw) {
        if (durationMillisOf(name, raw) != 0) {
            throw SqlException.notSupported(name + " other than 0 (an idle transaction is never ended by a timeout)");
        }
        return "0";
    }

    private static String oneOf(String name, List<String> raw, List<String> allowed) {
        String v = single(name, raw).toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw invalid(name, raw.get(0));
        }
        return v;
    }

    private static String onlyValue(String name, List<String> raw, String supported, List<String> others) {
        String v = single(name, raw).toLowerCase(Locale.ROOT);
        if (v.equals(supported)) {
            return v;
        }
        if (others.contains(v)) {
            throw SqlException.notSupported(name + " = " + v);
        }
        throw invalid(name, raw.get(0));
    }

    private static final List<String> OTHER_ENCODINGS = List.of("sqlascii", "latin1", "latin2", "latin9",
            "win1250", "win1251", "win1252", "eucjp", "euckr", "euccn", "sjis", "big5", "gbk", "koi8r", "iso88591",
            "iso885915", "windows1252", "mulecode", "gb18030", "uhc", "johab");

    private static String encoding(String name, List<String> raw) {
        String v = single(name, raw);
        String norm = v.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (norm.equals("utf8") || norm.equals("unicode")) {
            return "UTF8";
        }
        if (OTHER_ENCODINGS.contains(norm)) {
            throw SqlException.notSupported("client_encoding " + v + " (only UTF8)");
        }
        throw invalid(name, v);
    }

    private static String dateStyle(String name, List<String> raw) {
        String style = null;
        String order = null;
        for (String item : raw) {
            for (String word : item.split("[,\\s]+")) {
                switch (word.toLowerCase(Locale.ROOT)) {
                    case "" -> { }
                    case "iso" -> style = "ISO";
                    case "sql", "postgres", "german" -> throw SqlException.notSupported("DateStyle " + word + " (only ISO)");
                    case "ymd" -> order = "YMD";
                    case "dmy", "euro", "european" -> order = "DMY";
                    case "mdy", "us", "noneuro", "noneuropean" -> order = "MDY";
                    case "default" -> order = "MDY";
                    default -> throw invalid(name, joined(raw));
                }
            }
        }
        if (order != null && !order.equals("MDY")) {
            throw SqlException.notSupported("DateStyle order " + order + " (only MDY: ambiguous date input is read month first)");
        }
        return (style == null ? "ISO" : style) + ", MDY";
    }

    private static String timeZone(String name, List<String> raw) {
        String v = single(name, raw);
        for (String id : List.of("utc", "gmt", "z")) {
            if (v.equalsIgnoreCase(id)) {
                return v.equalsIgnoreCase("z") ? "UTC" : v.toUpperCase(Locale.ROOT);
            }
        }
        if (v.matches("[A-Za-z][A-Za-z0-9_+\\-]*(/[A-Za-z0-9_+\\-]+)*")) {
            try {
                ZoneId zone = ZoneId.of(v);
                return zone.getId();
            } catch (DateTimeException e) {
                for (String id : new java.util.TreeSet<>(ZoneId.getAvailableZoneIds())) {
                    if (id.equalsIgnoreCase(v)) {
                        return id;
                    }
                }
            }
        }
        if (v.matches("[+-]?\\d+(\\.\\d+)?")) {
            throw SqlException.notSupported("a numeric TimeZone (use a zone name such as 'UTC' or 'Europe/Berlin')");
        }
        throw invalid(name, v);
    }

    private static String searchPath(String name, List<String> raw) {
        List<String> items = new ArrayList<>();
        for (String item : raw) {
            for (String part : item.split(",")) {
                String s = part.strip();
                if (!s.isEmpty()) {
                    items.add(s);
                }
            }
        }
        boolean hasPublic = false;
        for (String s : items) {
            hasPublic |= s.equals("public") || s.equals("\"public\"");
        }
        if (!hasPublic) {
            throw SqlException.notSupported("search_path without public (every table lives in schema public)");
        }
        List<String> shown = new ArrayList<>();
        for (String s : items) {
            shown.add(s.equals("$user") ? "\"$user\"" : s);
        }
        return String.join(", ", shown);
    }

    private static String isolation(String name, String v) {
        String level = v.toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
        if (!List.of("serializable", "repeatable read", "read committed", "read uncommitted").contains(level)) {
            throw invalid(name, v);
        }
        return level;
    }
}
