package io.shoaldb.sim.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A parsed scenario file: {@code key: value} lines, {@code #} comments, blank lines ignored. Values are
 * read through typed getters that validate them and name the line on bad input; every key must be
 * read by someone (the simulator or the workload), so a misspelt key is an error rather than a
 * silently ignored setting. See docs/simulation.md for the keys.
 */
public final class Scenario {

    /** Bound on a scenario file, so a wrong path to a huge file fails fast. */
    public static final int MAX_BYTES = 256 * 1024;

    private record Entry(String value, int line) {
    }

    private final String source;
    private final Map<String, Entry> entries;
    private final TreeSet<String> consumed = new TreeSet<>();

    private Scenario(String source, Map<String, Entry> entries) {
        this.source = source;
        this.entries = entries;
    }

    /** Parses scenario text; {@code source} names it in error messages (a file name). */
    public static Scenario parse(String source, String text) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new ScenarioException(source + ":" + lineNo + ": expected 'key: value', got '" + line + "'");
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (!key.matches("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*")) {
                throw new ScenarioException(source + ":" + lineNo + ": bad key '" + key
                        + "' (lower-case words separated by dots, e.g. net.loss)");
            }
            if (value.isEmpty()) {
                throw new ScenarioException(source + ":" + lineNo + ": key '" + key + "' has no value");
            }
            Entry previous = entries.put(key, new Entry(value, lineNo));
            if (previous != null) {
                throw new ScenarioException(source + ":" + lineNo + ": key '" + key + "' repeats line " + previous.line());
            }
        }
        return new Scenario(source, entries);
    }

    /**
     * Loads a scenario by file path, or by the name of a built-in scenario ({@code default},
     * {@code default.scenario}), which is one of the files of the repository's scenarios/ folder
     * packaged on the classpath.
     */
    public static Scenario load(String pathOrName) {
        Path path = Path.of(pathOrName);
        if (Files.isRegularFile(path)) {
            try {
                if (Files.size(path) > MAX_BYTES) {
                    throw new ScenarioException(pathOrName + ": larger than " + MAX_BYTES + " bytes, not a scenario");
                }
                return parse(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new ScenarioException(pathOrName + ": cannot read: " + e.getMessage());
            }
        }
        String name = pathOrName.endsWith(".scenario") ? pathOrName : pathOrName + ".scenario";
        if (name.matches("[A-Za-z0-9_-]+\\.scenario")) {
            try (InputStream in = Scenario.class.getResourceAsStream("/scenarios/" + name)) {
                if (in != null) {
                    return parse(name, new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new ScenarioException(name + ": cannot read built-in scenario: " + e.getMessage());
            }
        }
        throw new ScenarioException(pathOrName + ": no such file, and no built-in scenario of that name (built in: "
                + String.join(", ", builtInNames()) + ")");
    }

    /** Names of the built-in scenarios. */
    public static List<String> builtInNames() {
        List<String> names = new ArrayList<>();
        try (InputStream in = Scenario.class.getResourceAsStream("/scenarios/index")) {
            if (in != null) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        names.add(line.strip());
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return Collections.unmodifiableList(names);
    }

    /** A copy with {@code key} set to {@code value}, as if it were the file's last line (for tests and sweeps). */
    public Scenario with(String key, String value) {
        Map<String, Entry> copy = new LinkedHashMap<>(entries);
        copy.put(key, new Entry(value, 0));
        return new Scenario(source, copy);
    }

    public String source() {
        return source;
    }

    /** The scenario's name: its {@code name} key, else its file name without the extension. */
    public String name() {
        String fallback = source.endsWith(".scenario") ? source.substring(0, source.length() - 9) : source;
        return string("name", fallback);
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** "file:line" of a key, for error messages of code that validates a value itself. */
    public String where(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return source;
        }
        return e.line() == 0 ? source + " (override " + key + ")" : source + ":" + e.line();
    }

    private String raw(String key) {
        consumed.add(key);
        Entry e = entries.get(key);
        return e == null ? null : e.value();
    }

    private ScenarioException bad(String key, String expected) {
        return new ScenarioException(where(key) + ": " + key + ": expected " + expected + ", got '"
                + entries.get(key).value() + "'");
    }

    public String string(String key, String defaultValue) {
        String v = raw(key);
        return v == null ? defaultValue : v;
    }

    public boolean bool(String key, boolean defaultValue) {
        String v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw bad(key, "on or off");
        };
    }

    public long integer(String key, long defaultValue, long min, long max) {
        String v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n < min || n > max) {
                throw bad(key, "an integer in [" + min + ", " + max + "]");
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(key, "an integer in [" + min + ", " + max + "]");
        }
    }

    /**
     * An integer or an inclusive range {@code lo..hi} (for settings drawn per seed, such as the cluster
     * size), as {@code [lo, hi]}.
     */
    public long[] integerRange(String key, long defaultValue, long min, long max) {
        String v = raw(key);
        if (v == null) {
            return new long[] {defaultValue, defaultValue};
        }
        int dots = v.indexOf("..");
        try {
            long lo = Long.parseLong((dots < 0 ? v : v.substring(0, dots)).strip().replace("_", ""));
            long hi = dots < 0 ? lo : Long.parseLong(v.substring(dots + 2).strip().replace("_", ""));
            if (lo < min || hi > max || hi < lo) {
                throw bad(key, "an integer or a range lo..hi within [" + min + ", " + max + "]");
            }
            return new long[] {lo, hi};
        } catch (NumberFormatException e) {
            throw bad(key, "an integer or a range lo..hi within [" + min + ", " + max + "]");
        }
    }

    /** A probability: a decimal in [0, 1] or a percentage such as {@code 2.5%}. */
    public double probability(String key, double defaultValue) {
        String v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            double p = v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1).strip()) / 100
                    : Double.parseDouble(v);
            if (!(p >= 0 && p <= 1)) {
                throw bad(key, "a probability in [0, 1] or a percentage");
            }
            return p;
        } catch (NumberFormatException e) {
            throw bad(key, "a probability in [0, 1] or a percentage");
        }
    }

    /** Events per simulated second: a non-negative decimal, optionally followed by {@code /s}. */
    public double ratePerSecond(String key, double defaultValue) {
        String v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        String n = v.endsWith("/s") ? v.substring(0, v.length() - 2).strip() : v;
        try {
            double r = Double.parseDouble(n);
            if (!(r >= 0 && r <= 1_000_000)) {
                throw bad(key, "a rate per second in [0, 1000000]");
            }
            return r;
        } catch (NumberFormatException e) {
            throw bad(key, "a rate per second such as 0.5 or 0.5/s");
        }
    }

    /** A duration such as {@code 250us}, {@code 50ms}, {@code 2s}, {@code 1m}, in nanoseconds. */
    public long durationNanos(String key, long defaultNanos) {
        String v = raw(key);
        if (v == null) {
            return defaultNanos;
        }
        long d = parseDuration(v);
        if (d < 0) {
            throw bad(key, "a duration such as 500us, 50ms, 2s or 1m (at most 1 day)");
        }
        return d;
    }

    /** A duration range {@code lo..hi} (or a single duration), in nanoseconds; {@code [lo, hi]}. */
    public long[] durationRangeNanos(String key, long defaultLo, long defaultHi) {
        String v = raw(key);
        if (v == null) {
            return new long[] {defaultLo, defaultHi};
        }
        int dots = v.indexOf("..");
        long lo = parseDuration(dots < 0 ? v : v.substring(0, dots).strip());
        long hi = dots < 0 ? lo : parseDuration(v.substring(dots + 2).strip());
        if (lo < 0 || hi < 0 || hi < lo) {
            throw bad(key, "a duration range such as 1ms..10ms");
        }
        return new long[] {lo, hi};
    }

    /** A size such as {@code 4096}, {@code 64KiB}, {@code 16MiB}, {@code 1GiB}, in bytes. */
    public long sizeBytes(String key, long defaultBytes) {
        String v = raw(key);
        if (v == null) {
            return defaultBytes;
        }
        String[][] units = {{"GiB", "1073741824"}, {"MiB", "1048576"}, {"KiB", "1024"}, {"B", "1"}};
        try {
            for (String[] u : units) {
                if (v.endsWith(u[0])) {
                    long n = Long.parseLong(v.substring(0, v.length() - u[0].length()).strip());
                    return checkedSize(key, Math.multiplyExact(n, Long.parseLong(u[1])));
                }
            }
            return checkedSize(key, Long.parseLong(v));
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(key, "a size such as 4096, 64KiB, 16MiB or 1GiB");
        }
    }

    private long checkedSize(String key, long n) {
        if (n < 0 || n > (1L << 40)) {
            throw bad(key, "a size between 0 and 1TiB");
        }
        return n;
    }

    /** Parses a duration, or returns -1. */
    static long parseDuration(String v) {
        if (v.equals("0")) {
            return 0;
        }
        String[][] units = {{"ns", "1"}, {"us", "1000"}, {"ms", "1000000"}, {"s", "1000000000"},
            {"m", "60000000000"}, {"h", "3600000000000"}};
        for (String[] u : units) {
            if (v.endsWith(u[0])) {
                String num = v.substring(0, v.length() - u[0].length()).strip();
                if (num.isEmpty() || !num.matches("[0-9]+(\\.[0-9]+)?")) {
                    continue;
                }
                double nanos = Double.parseDouble(num) * Long.parseLong(u[1]);
                return nanos > 86_400e9 ? -1 : Math.round(nanos);
            }
        }
        return -1;
    }

    /** Fails on the first key (in file order) nobody read: a misspelt or unsupported setting. */
    public void requireAllUsed() {
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (!consumed.contains(e.getKey())) {
                String hint = e.getKey().startsWith("workload.")
                        ? " (the workload does not support it)"
                        : " (see docs/simulation.md for the keys)";
                throw new ScenarioException(where(e.getKey()) + ": unknown key '" + e.getKey() + "'" + hint);
            }
        }
    }
}
