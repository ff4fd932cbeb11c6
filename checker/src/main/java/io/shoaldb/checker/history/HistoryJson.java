package io.shoaldb.checker.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shoaldb.checker.Workload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
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
    private static final ObjectMapper MAPPER = new ObjectMapper();
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
        String line;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (line.length() > MAX_LINE_CHARS) {
                throw new MalformedHistoryException(lineNo, "line longer than " + MAX_LINE_CHARS + " characters");
            }
            if (line.isBlank()) {
                continue;
            }
            Event e = parseLine(line, lineNo, workload);
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
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException ex) {
            throw new MalformedHistoryException(lineNo, "not valid JSON: " + ex.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedHistoryException(lineNo, "expected a JSON object, one event per line");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new MalformedHistoryException(lineNo, "unknown field '" + f + "' (known: " + FIELDS + ")");
            }
        }
        JsonNode proc = node.get("process");
        if (proc != null && proc.isTextual() && proc.asText().equals("nemesis")) {
            return null;
        }
        if (proc == null || !proc.canConvertToInt() || !proc.isIntegralNumber() || proc.asInt() < 0) {
            throw new MalformedHistoryException(lineNo, "'process' must be a non-negative integer");
        }
        EventType type = parseType(node.get("type"), lineNo);
        String f = text(node, "f", lineNo);
        long time = optionalLong(node, "time", lineNo);
        long commit = optionalLong(node, "commit", lineNo);
        optionalLong(node, "index", lineNo);
        Op op;
        try {
            op = parseOp(node, f, type, workload, lineNo);
        } catch (IllegalArgumentException ex) {
            if (ex instanceof MalformedHistoryException m) {
                throw m;
            }
            throw new MalformedHistoryException(lineNo, ex.getMessage());
        }
        return new Event(proc.asInt(), type, op, time, commit);
    }

    private static EventType parseType(JsonNode t, int lineNo) {
        if (t == null || !t.isTextual()) {
            throw new MalformedHistoryException(lineNo, "'type' must be one of invoke, ok, fail, info");
        }
        return switch (t.asText()) {
            case "invoke" -> EventType.INVOKE;
            case "ok" -> EventType.OK;
            case "fail" -> EventType.FAIL;
            case "info" -> EventType.INFO;
            default -> throw new MalformedHistoryException(lineNo, "'type' must be one of invoke, ok, fail, info, not '"
                    + t.asText() + "'");
        };
    }

    private static Op parseOp(JsonNode node, String f, EventType type, Workload workload, int lineNo) {
        JsonNode value = node.get("value");
        boolean known = type == EventType.OK;
        if (workload.isTransactional()) {
            if (!f.equals("txn")) {
                throw new MalformedHistoryException(lineNo, "model " + workload + " expects f 'txn', not '" + f + "'");
            }
            if (node.has("key")) {
                throw new MalformedHistoryException(lineNo, "a txn has no 'key'; keys go in its micro-operations");
            }
            return parseTxn(value, workload, known, lineNo);
        }
        String key = null;
        if (workload == Workload.KV) {
            key = key(node.get("key"), lineNo, "'key'");
        } else if (node.has("key")) {
            throw new MalformedHistoryException(lineNo, "model register has a single register and no 'key' (use --model kv)");
        }
        return switch (f) {
            case "read" -> new Op.Read(key, known ? nullableLong(value, lineNo, "read value") : null);
            case "write" -> new Op.Write(key, requiredLong(value, lineNo, "write value"));
            case "cas" -> {
                if (value == null || !value.isArray() || value.size() != 2) {
                    throw new MalformedHistoryException(lineNo, "cas value must be [expected, new]");
                }
                yield new Op.Cas(key, requiredLong(value.get(0), lineNo, "cas expected"),
                        requiredLong(value.get(1), lineNo, "cas new value"));
            }
            default -> throw new MalformedHistoryException(lineNo, "model " + workload + " expects f read, write or cas, not '"
                    + f + "'");
        };
    }

    private static Op.Txn parseTxn(JsonNode value, Workload workload, boolean known, int lineNo) {
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw new MalformedHistoryException(lineNo, "txn value must be a non-empty array of micro-operations");
        }
        if (value.size() > 100_000) {
            throw new MalformedHistoryException(lineNo, "txn has more than 100000 micro-operations");
        }
        List<Mop> mops = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode m = value.get(i);
            String where = "micro-operation " + (i + 1);
            if (!m.isArray() || m.size() != 3 || !m.get(0).isTextual()) {
                throw new MalformedHistoryException(lineNo, where + " must be [f, key, value]");
            }
            String mf = m.get(0).asText();
            String key = key(m.get(1), lineNo, where + " key");
            JsonNode v = m.get(2);
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

    private static long[] longs(JsonNode v, int lineNo, String where) {
        if (v == null || v.isNull()) {
            return new long[0]; // Jepsen reads a missing list as nil: the empty list
        }
        if (!v.isArray()) {
            throw new MalformedHistoryException(lineNo, where + ": a list read must be an array or null");
        }
        long[] out = new long[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = requiredLong(v.get(i), lineNo, where + " element " + (i + 1));
        }
        return out;
    }

    private static String key(JsonNode k, int lineNo, String what) {
        if (k == null || !(k.isTextual() || k.isIntegralNumber())) {
            throw new MalformedHistoryException(lineNo, what + " must be a string or an integer");
        }
        return k.asText();
    }

    private static String text(JsonNode node, String field, int lineNo) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new MalformedHistoryException(lineNo, "'" + field + "' must be a string");
        }
        return v.asText();
    }

    private static long optionalLong(JsonNode node, String field, int lineNo) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return -1;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw new MalformedHistoryException(lineNo, "'" + field + "' must be a non-negative integer");
        }
        return v.asLong();
    }

    private static Long nullableLong(JsonNode v, int lineNo, String what) {
        if (v == null || v.isNull()) {
            return null;
        }
        return requiredLong(v, lineNo, what);
    }

    private static long requiredLong(JsonNode v, int lineNo, String what) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new MalformedHistoryException(lineNo, what + " must be an integer");
        }
        long x = v.asLong();
        if (x == Op.NIL) {
            throw new MalformedHistoryException(lineNo, what + " " + Op.NIL + " is reserved for nil");
        }
        return x;
    }

    /** Writes a history as JSON lines, readable by {@link #read}. */
    public static void write(History history, Writer out) throws IOException {
        JsonFactory factory = MAPPER.getFactory();
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
            writeEvent(MAPPER.getFactory(), e, w);
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
