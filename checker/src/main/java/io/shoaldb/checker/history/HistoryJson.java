package io.shoaldb.checker.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.shoaldb.checker.Workload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Histories as JSON lines, one event per line, in real-time order (see docs/checker.md):
 *
 * <pre>
 * {"process":0,"type":"invoke","f":"write","key":"x","value":3}
 * {"process":0,"type":"ok","f":"write","key":"x","value":3}
 * {"process":1,"type":"invoke","f":"txn","value":[["append","x",1],["r","y",null]]}
 * {"process":1,"type":"ok","f":"txn","value":[["append","x",1],["r","y",[4,7]]]}
 * </pre>
 *
 * Fields: {@code process} (int ≥ 0), {@code type} (invoke/ok/fail/info), {@code f} (read/write/cas/txn),
 * {@code key} (kv only; string or integer), {@code value}; optional {@code time} (nanoseconds, shown only),
 * {@code index} (Jepsen's event index, informational), {@code commit} (white-box commit position). Lines of
 * a Jepsen nemesis ({@code "process":"nemesis"}) are not client operations and are skipped. Any other
 * field, or a value of the wrong shape for the workload, is an error naming the line.
 */
public final class HistoryJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Set<String> FIELDS = Set.of("process", "type", "f", "key", "value", "time", "index", "commit");
    /** One line may not exceed this: a guard against a binary or corrupt file being read into memory. */
    public static final int MAX_LINE_CHARS = 16 * 1024 * 1024;

    private HistoryJson() {
    }

    /** Reads a whole history; throws {@link MalformedHistoryException} naming the first bad line. */
    public static History read(Reader in, Workload workload) throws IOException {
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
        List<Event> events = new ArrayList<>();
        int[] lines = new int[1024];
        int lineNo = 0;
        Map<String, String> keys = new HashMap<>();
        String line;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.length() > MAX_LINE_CHARS) {
                throw new MalformedHistoryException(lineNo, "line longer than " + MAX_LINE_CHARS + " characters");
            }
            if (line.isBlank()) {
                continue;
            }
            Event e = parseLine(line, lineNo, workload, keys);
            if (e == null) {
                continue;
            }
            if (events.size() == lines.length) {
                lines = Arrays.copyOf(lines, lines.length * 2);
            }
            if (events.size() >= HistoryBuilder.MAX_EVENTS) {
                throw new MalformedHistoryException(lineNo, "history exceeds " + HistoryBuilder.MAX_EVENTS + " events");
            }
            lines[events.size()] = lineNo;
            events.add(e);
        }
        return History.of(events, Arrays.copyOf(lines, events.size()));
    }

    /** Parses one line; {@code null} for a nemesis line. */
    static Event parseLine(String line, int lineNo, Workload workload) {
        return parseLine(line, lineNo, workload, new HashMap<>());
    }

    /**
     * Parses one line with Jackson's streaming parser into plain values (no tree), then builds the event.
     * {@code keys} interns key strings: a long history names few keys many times.
     */
    static Event parseLine(String line, int lineNo, Workload workload, Map<String, String> keys) {
        Object process = null;
        String type = null;
        String f = null;
        Object key = null;
        Object value = null;
        boolean hasValue = false;
        long time = -1;
        long commit = -1;
        String unknown = null;
        Set<String> seen = new HashSet<>(8);
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedHistoryException(lineNo, "expected a JSON object, one event per line");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!seen.add(name)) {
                    throw new MalformedHistoryException(lineNo, "field '" + name + "' appears twice");
                }
                switch (name) {
                    case "process" -> process = readRaw(p, 0, lineNo);
                    case "type" -> type = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : "";
                    case "f" -> f = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "key" -> key = readRaw(p, 0, lineNo);
                    case "value" -> {
                        value = readRaw(p, 0, lineNo);
                        hasValue = true;
                    }
                    case "time" -> time = optionalLong(readRaw(p, 0, lineNo), "time", lineNo);
                    case "commit" -> commit = optionalLong(readRaw(p, 0, lineNo), "commit", lineNo);
                    case "index" -> optionalLong(readRaw(p, 0, lineNo), "index", lineNo);
                    default -> {
                        p.skipChildren();
                        if (unknown == null) {
                            unknown = name;
                        }
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new MalformedHistoryException(lineNo, "one JSON object per line, and nothing after it");
            }
        } catch (JsonProcessingException ex) {
            throw new MalformedHistoryException(lineNo, "not valid JSON: " + ex.getOriginalMessage());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // a String source does no I/O
        }
        if ("nemesis".equals(process)) {
            return null;
        }
        if (unknown != null) {
            throw new MalformedHistoryException(lineNo, "unknown field '" + unknown + "' (known: " + FIELDS + ")");
        }
        if (!(process instanceof Long pr) || pr < 0 || pr > Integer.MAX_VALUE) {
            throw new MalformedHistoryException(lineNo, "'process' must be a non-negative integer");
        }
        EventType eventType = parseType(type, lineNo);
        if (f == null) {
            throw new MalformedHistoryException(lineNo, "'f' must be a string");
        }
        Op op;
        try {
            op = parseOp(f, key, hasValue ? value : null, eventType, workload, lineNo, keys);
        } catch (IllegalArgumentException ex) {
            if (ex instanceof MalformedHistoryException m) {
                throw m;
            }
            throw new MalformedHistoryException(lineNo, ex.getMessage());
        }
        return new Event((int) (long) pr, eventType, op, time, commit);
    }

    /** A JSON object inside a value: no event field holds one, so it is only ever reported as the wrong shape. */
    private static final Object OBJECT = new Object() {
        @Override
        public String toString() {
            return "{...}";
        }
    };

    /**
     * The current JSON value as plain Java: null, Long (integers), Double, String, Boolean, List, or
     * {@link #OBJECT}. Nesting is bounded: no event value is deeper than a transaction's list reads.
     */
    private static Object readRaw(JsonParser p, int depth, int lineNo) throws IOException {
        JsonToken t = p.currentToken();
        return switch (t) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw new MalformedHistoryException(lineNo, "integer " + p.getText() + " is out of range");
                }
                yield p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_STRING -> p.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case START_OBJECT -> {
                p.skipChildren();
                yield OBJECT;
            }
            case START_ARRAY -> {
                if (depth >= 4) {
                    throw new MalformedHistoryException(lineNo, "value nested too deeply");
                }
                List<Object> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readRaw(p, depth + 1, lineNo));
                }
                yield items;
            }
            default -> throw new MalformedHistoryException(lineNo, "unexpected JSON token " + t);
        };
    }

    private static EventType parseType(String t, int lineNo) {
        if (t == null || t.isEmpty()) {
            throw new MalformedHistoryException(lineNo, "'type' must be one of invoke, ok, fail, info");
        }
        return switch (t) {
            case "invoke" -> EventType.INVOKE;
            case "ok" -> EventType.OK;
            case "fail" -> EventType.FAIL;
            case "info" -> EventType.INFO;
            default -> throw new MalformedHistoryException(lineNo, "'type' must be one of invoke, ok, fail, info, not '"
                    + t + "'");
        };
    }

    private static Op parseOp(String f, Object keyRaw, Object value, EventType type, Workload workload, int lineNo,
                              Map<String, String> keys) {
        boolean known = type == EventType.OK;
        if (workload.isTransactional()) {
            if (!f.equals("txn")) {
                throw new MalformedHistoryException(lineNo, "model " + workload + " expects f 'txn', not '" + f + "'");
            }
            if (keyRaw != null) {
                throw new MalformedHistoryException(lineNo, "a txn has no 'key'; keys go in its micro-operations");
            }
            return parseTxn(value, workload, known, lineNo, keys);
        }
        String key = null;
        if (workload == Workload.KV) {
            key = key(keyRaw, lineNo, "'key'", keys);
        } else if (keyRaw != null) {
            throw new MalformedHistoryException(lineNo, "model register has a single register and no 'key' (use --model kv)");
        }
        return switch (f) {
            case "read" -> new Op.Read(key, known ? nullableLong(value, lineNo, "read value") : null);
            case "write" -> new Op.Write(key, requiredLong(value, lineNo, "write value"));
            case "cas" -> {
                if (!(value instanceof List<?> l) || l.size() != 2) {
                    throw new MalformedHistoryException(lineNo, "cas value must be [expected, new]");
                }
                yield new Op.Cas(key, requiredLong(l.get(0), lineNo, "cas expected"),
                        requiredLong(l.get(1), lineNo, "cas new value"));
            }
            default -> throw new MalformedHistoryException(lineNo, "model " + workload + " expects f read, write or cas, not '"
                    + f + "'");
        };
    }

    private static Op.Txn parseTxn(Object value, Workload workload, boolean known, int lineNo, Map<String, String> keys) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new MalformedHistoryException(lineNo, "txn value must be a non-empty array of micro-operations");
        }
        if (list.size() > 100_000) {
            throw new MalformedHistoryException(lineNo, "txn has more than 100000 micro-operations");
        }
        List<Mop> mops = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String where = "micro-operation " + (i + 1);
            if (!(list.get(i) instanceof List<?> m) || m.size() != 3 || !(m.get(0) instanceof String mf)) {
                throw new MalformedHistoryException(lineNo, where + " must be [f, key, value]");
            }
            String key = key(m.get(1), lineNo, where + " key", keys);
            Object v = m.get(2);
            Mop mop = switch (workload) {
                case LIST_APPEND -> switch (mf) {
                    case "append" -> new Mop.Append(key, requiredLong(v, lineNo, where + " append value"));
                    case "r" -> new Mop.ReadList(key, known ? longs(v, lineNo, where) : null);
                    default -> throw new MalformedHistoryException(lineNo, where + ": list-append expects 'append' or 'r', not '"
                            + mf + "'");
                };
                case RW_REGISTER -> switch (mf) {
                    case "w" -> new Mop.Write(key, requiredLong(v, lineNo, where + " write value"));
                    case "r" -> new Mop.ReadRegister(key, known ? nullableLong(v, lineNo, where + " read value") : null);
                    default -> throw new MalformedHistoryException(lineNo, where + ": rw-register expects 'w' or 'r', not '"
                            + mf + "'");
                };
                default -> throw new IllegalStateException("not a transactional workload: " + workload);
            };
            mops.add(mop);
        }
        return new Op.Txn(mops);
    }

    private static long[] longs(Object v, int lineNo, String where) {
        if (v == null) {
            return new long[0]; // Jepsen reads a missing list as nil: the empty list
        }
        if (!(v instanceof List<?> l)) {
            throw new MalformedHistoryException(lineNo, where + ": a list read must be an array or null");
        }
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = requiredLong(l.get(i), lineNo, where + " element " + (i + 1));
        }
        return out;
    }

    private static String key(Object k, int lineNo, String what, Map<String, String> keys) {
        String text;
        if (k instanceof String s) {
            text = s;
        } else if (k instanceof Long l) {
            text = Long.toString(l);
        } else {
            throw new MalformedHistoryException(lineNo, what + " must be a string or an integer");
        }
        String interned = keys.putIfAbsent(text, text);
        return interned == null ? text : interned;
    }

    private static long optionalLong(Object v, String field, int lineNo) {
        if (v == null) {
            return -1;
        }
        if (!(v instanceof Long l) || l < 0) {
            throw new MalformedHistoryException(lineNo, "'" + field + "' must be a non-negative integer");
        }
        return l;
    }

    private static Long nullableLong(Object v, int lineNo, String what) {
        if (v == null) {
            return null;
        }
        return requiredLong(v, lineNo, what);
    }

    private static long requiredLong(Object v, int lineNo, String what) {
        if (!(v instanceof Long x)) {
            throw new MalformedHistoryException(lineNo, what + " must be an integer");
        }
        if (x == Op.NIL) {
            throw new MalformedHistoryException(lineNo, what + " " + Op.NIL + " is reserved for nil");
        }
        return x;
    }

    /** Writes a history as JSON lines, readable by {@link #read}. */
    public static void write(History history, Writer out) throws IOException {
        JsonFactory factory = FACTORY;
        for (Event e : history.events()) {
            writeEvent(factory, e, out);
            out.write('\n');
        }
        out.flush();
    }

    /** One event as a JSON line (without the newline). */
    public static String toJson(Event e) {
        StringWriter w = new StringWriter();
        try {
            writeEvent(FACTORY, e, w);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return w.toString();
    }

    private static void writeEvent(JsonFactory factory, Event e, Writer out) throws IOException {
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeNumberField("process", e.process());
            g.writeStringField("type", e.type().jsonName());
            g.writeStringField("f", e.op().f());
            if (e.op().key() != null) {
                g.writeStringField("key", e.op().key());
            }
            g.writeFieldName("value");
            writeValue(g, e.op(), e.type());
            if (e.timeNanos() >= 0) {
                g.writeNumberField("time", e.timeNanos());
            }
            if (e.commit() >= 0) {
                g.writeNumberField("commit", e.commit());
            }
            g.writeEndObject();
        }
    }

    private static void writeValue(JsonGenerator g, Op op, EventType type) throws IOException {
        switch (op) {
            case Op.Read r -> {
                if (r.value() == null || type != EventType.OK) {
                    g.writeNull();
                } else {
                    g.writeNumber(r.value());
                }
            }
            case Op.Write w -> g.writeNumber(w.value());
            case Op.Cas c -> {
                g.writeStartArray();
                g.writeNumber(c.expected());
                g.writeNumber(c.newValue());
                g.writeEndArray();
            }
            case Op.Txn t -> {
                g.writeStartArray();
                for (Mop m : t.mops()) {
                    g.writeStartArray();
                    switch (m) {
                        case Mop.Append a -> {
                            g.writeString("append");
                            g.writeString(a.key());
                            g.writeNumber(a.value());
                        }
                        case Mop.ReadList r -> {
                            g.writeString("r");
                            g.writeString(r.key());
                            long[] vs = r.valuesUnsafe();
                            if (vs == null || type != EventType.OK) {
                                g.writeNull();
                            } else {
                                g.writeArray(vs, 0, vs.length);
                            }
                        }
                        case Mop.Write w -> {
                            g.writeString("w");
                            g.writeString(w.key());
                            g.writeNumber(w.value());
                        }
                        case Mop.ReadRegister r -> {
                            g.writeString("r");
                            g.writeString(r.key());
                            if (r.value() == null || type != EventType.OK) {
                                g.writeNull();
                            } else {
                                g.writeNumber(r.value());
                            }
                        }
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
        }
    }

    /** A compact human form of an operation: {@code write x 5}, {@code read 3}, {@code txn [append x 1, r y [1 2]]}. */
    public static String describe(Op op) {
        String k = op.key() == null ? "" : op.key() + " ";
        return switch (op) {
            case Op.Read r -> "read " + k + (r.value() == null ? "nil" : r.value().toString());
            case Op.Write w -> "write " + k + w.value();
            case Op.Cas c -> "cas " + k + c.expected() + "->" + c.newValue();
            case Op.Txn t -> {
                StringBuilder b = new StringBuilder("txn [");
                for (int i = 0; i < t.mops().size(); i++) {
                    if (i > 0) {
                        b.append(", ");
                    }
                    b.append(describe(t.mops().get(i)));
                }
                yield b.append(']').toString();
            }
        };
    }

    public static String describe(Mop m) {
        return switch (m) {
            case Mop.Append a -> "append " + a.key() + " " + a.value();
            case Mop.ReadList r -> {
                long[] vs = r.valuesUnsafe();
                if (vs == null) {
                    yield "r " + r.key() + " ?";
                }
                StringBuilder b = new StringBuilder("r ").append(r.key()).append(" [");
                int shown = Math.min(vs.length, 12);
                if (vs.length > shown) {
                    b.append("… ");
                }
                for (int i = vs.length - shown; i < vs.length; i++) {
                    b.append(vs[i]);
                    if (i + 1 < vs.length) {
                        b.append(' ');
                    }
                }
                yield b.append(']').toString();
            }
            case Mop.Write w -> "w " + w.key() + " " + w.value();
            case Mop.ReadRegister r -> "r " + r.key() + " " + (r.value() == null ? "nil" : r.value().toString());
        };
    }

}
