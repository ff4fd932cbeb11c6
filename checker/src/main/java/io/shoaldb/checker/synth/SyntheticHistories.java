package io.shoaldb.checker.synth;

import io.shoaldb.checker.history.Event;
import io.shoaldb.checker.history.EventType;
import io.shoaldb.checker.history.History;
import io.shoaldb.checker.history.Mop;
import io.shoaldb.checker.history.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates valid histories. Each step picks a random client: an idle client invokes a new operation;
 * an invoked one takes effect now (its linearization or commit point, where the model state is read and
 * written) or fails without effect, or times out (info) and either took effect, takes effect at some
 * later step, or never does; an applied one completes ok. The resulting history is linearizable
 * (registers) and strictly serializable (transactions), and every completion carries the position at
 * which the operation took effect as its white-box {@code commit}, when {@link Config#commitOrder} is set.
 */
public final class SyntheticHistories {

    /**
     * @param seed            all choices derive from it
     * @param operations      operations (transactions) to invoke
     * @param processes       concurrent clients
     * @param keys            registers in the map, or active keys of the transactional workloads; 0 for the
     *                        lone register of the {@code register} workload
     * @param failRate        chance an operation fails without effect
     * @param infoRate        chance an operation times out (info)
     * @param maxWritesPerKey transactional workloads retire a key after this many writes, as Jepsen does, so
     *                        lists stay short
     * @param maxMopsPerTxn   micro-operations per transaction, 1 to this
     * @param commitOrder     record the commit position on completions
     */
    public record Config(long seed, int operations, int processes, int keys, double failRate, double infoRate,
                         int maxWritesPerKey, int maxMopsPerTxn, boolean commitOrder) {
        public Config {
            if (operations < 0 || processes < 1 || keys < 0 || maxWritesPerKey < 1 || maxMopsPerTxn < 1) {
                throw new IllegalArgumentException("bad config");
            }
            if (failRate < 0 || infoRate < 0 || failRate + infoRate > 1) {
                throw new IllegalArgumentException("rates must be in [0, 1] and sum to at most 1");
            }
        }

        public static Config of(long seed, int operations, int processes, int keys) {
            return new Config(seed, operations, processes, keys, 0.05, 0.05, 32, 4, true);
        }

        public Config withRates(double fail, double info) {
            return new Config(seed, operations, processes, keys, fail, info, maxWritesPerKey, maxMopsPerTxn, commitOrder);
        }
    }

    private enum Kind { REGISTERS, LIST_APPEND, RW_REGISTER }

    private final Config config;
    private final Kind kind;
    private final SplittableRandom rnd;
    private final List<Event> events = new ArrayList<>();
    private final Map<String, long[]> lists = new HashMap<>();
    private final Map<String, Long> registers = new HashMap<>();
    private final String[] activeKeys;
    private final int[] writesToActive;
    private int nextKeyId;
    private long nextValue = 1;
    private long nextCommit;

    private SyntheticHistories(Config config, Kind kind) {
        this.config = config;
        this.kind = kind;
        this.rnd = new SplittableRandom(config.seed());
        int k = Math.max(1, config.keys());
        this.activeKeys = new String[k];
        this.writesToActive = new int[k];
        for (int i = 0; i < k; i++) {
            activeKeys[i] = kind == Kind.REGISTERS && config.keys() == 0 ? null : Integer.toString(nextKeyId++);
        }
    }

    /** Single-object read/write/cas operations: on one key-less register if {@code keys == 0}, else a kv map. */
    public static History registers(Config config) {
        return new SyntheticHistories(config, Kind.REGISTERS).run();
    }

    public static History listAppend(Config config) {
        return new SyntheticHistories(config, Kind.LIST_APPEND).run();
    }

    public static History rwRegister(Config config) {
        return new SyntheticHistories(config, Kind.RW_REGISTER).run();
    }

    private static final int IDLE = 0;
    private static final int INVOKED = 1;
    private static final int APPLIED = 2;

    private History run() {
        int p = config.processes();
        int[] state = new int[p];
        int[] procId = new int[p];
        Op[] invoked = new Op[p];
        Op[] result = new Op[p];
        long[] commit = new long[p];
        for (int i = 0; i < p; i++) {
            procId[i] = i;
        }
        int nextProc = p;
        int started = 0;
        int busy = 0;
        // Indeterminate operations that will take effect later: (op, index of its info event).
        List<Op> zombies = new ArrayList<>();
        List<Integer> zombieEvents = new ArrayList<>();
        while (started < config.operations() || busy > 0 || !zombies.isEmpty()) {
            if (!zombies.isEmpty() && rnd.nextInt(8) == 0) {
                int z = rnd.nextInt(zombies.size());
                Op done = apply(zombies.remove(z));
                int at = zombieEvents.remove(z);
                if (done != null && config.commitOrder()) {
                    Event e = events.get(at);
                    events.set(at, new Event(e.process(), e.type(), e.op(), e.timeNanos(), nextCommit - 1));
                }
                continue;
            }
            int c = rnd.nextInt(p);
            switch (state[c]) {
                case IDLE -> {
                    if (started == config.operations()) {
                        if (busy == 0 && zombies.isEmpty()) {
                            return History.of(events);
                        }
                        continue;
                    }
                    invoked[c] = newOp();
                    events.add(new Event(procId[c], EventType.INVOKE, invoked[c]));
                    state[c] = INVOKED;
                    started++;
                    busy++;
                }
                case INVOKED -> {
                    double r = rnd.nextDouble();
                    if (r < config.failRate()) {
                        events.add(new Event(procId[c], EventType.FAIL, invoked[c]));
                        state[c] = IDLE;
                        busy--;
                    } else if (r < config.failRate() + config.infoRate()) {
                        int fate = rnd.nextInt(3); // took effect already, takes effect later, never
                        long at = -1;
                        if (fate == 0 && apply(invoked[c]) != null) {
                            at = config.commitOrder() ? nextCommit - 1 : -1;
                        }
                        events.add(new Event(procId[c], EventType.INFO, invoked[c], -1, at));
                        if (fate == 1) {
                            zombies.add(invoked[c]);
                            zombieEvents.add(events.size() - 1);
                        }
                        procId[c] = nextProc++;
                        state[c] = IDLE;
                        busy--;
                    } else {
                        result[c] = apply(invoked[c]);
                        if (result[c] == null) {
                            // A cas whose expected value did not match: it fails, without effect.
                            events.add(new Event(procId[c], EventType.FAIL, invoked[c]));
                            state[c] = IDLE;
                            busy--;
                        } else {
                            commit[c] = config.commitOrder() ? nextCommit - 1 : -1;
                            state[c] = APPLIED;
                        }
                    }
                }
                case APPLIED -> {
                    events.add(new Event(procId[c], EventType.OK, result[c], -1, commit[c]));
                    state[c] = IDLE;
                    busy--;
                }
                default -> throw new IllegalStateException("state " + state[c]);
            }
        }
        return History.of(events);
    }

    private String pickKey(boolean forWrite) {
        int i = rnd.nextInt(activeKeys.length);
        String key = activeKeys[i];
        if (forWrite && kind != Kind.REGISTERS && ++writesToActive[i] >= config.maxWritesPerKey()) {
            activeKeys[i] = Integer.toString(nextKeyId++);
            writesToActive[i] = 0;
        }
        return key;
    }

    private Op newOp() {
        return switch (kind) {
            case REGISTERS -> {
                String key = pickKey(true);
                yield switch (rnd.nextInt(3)) {
                    case 0 -> Op.read(key);
                    case 1 -> Op.write(key, nextValue++);
                    default -> {
                        Long cur = registers.get(key == null ? "" : key);
                        long expected = cur != null && rnd.nextBoolean() ? cur : 1 + rnd.nextLong(Math.max(1, nextValue));
                        yield Op.cas(key, expected, nextValue++);
                    }
                };
            }
            case LIST_APPEND, RW_REGISTER -> {
                int n = 1 + rnd.nextInt(config.maxMopsPerTxn());
                List<Mop> mops = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    boolean write = rnd.nextBoolean();
                    String key = pickKey(write);
                    if (kind == Kind.LIST_APPEND) {
                        mops.add(write ? Mop.append(key, nextValue++) : Mop.readList(key));
                    } else {
                        mops.add(write ? Mop.write(key, nextValue++) : Mop.read(key));
                    }
                }
                yield new Op.Txn(mops);
            }
        };
    }

    /** Takes effect atomically now; returns the completed operation, or null for a cas that fails. */
    private Op apply(Op op) {
        Op done = switch (op) {
            case Op.Read r -> new Op.Read(r.key(), registers.get(regKey(r.key())));
            case Op.Write w -> {
                registers.put(regKey(w.key()), w.value());
                yield w;
            }
            case Op.Cas c -> {
                Long cur = registers.get(regKey(c.key()));
                if (cur == null || cur != c.expected()) {
                    yield null;
                }
                registers.put(regKey(c.key()), c.newValue());
                yield c;
            }
            case Op.Txn t -> {
                List<Mop> out = new ArrayList<>(t.mops().size());
                for (Mop m : t.mops()) {
                    out.add(switch (m) {
                        case Mop.Append a -> {
                            long[] l = lists.getOrDefault(a.key(), new long[0]);
                            long[] n = Arrays.copyOf(l, l.length + 1);
                            n[l.length] = a.value();
                            lists.put(a.key(), n);
                            yield a;
                        }
                        case Mop.ReadList r -> Mop.readList(r.key(), lists.getOrDefault(r.key(), new long[0]));
                        case Mop.Write w -> {
                            registers.put(w.key(), w.value());
                            yield w;
                        }
                        case Mop.ReadRegister r -> Mop.read(r.key(), registers.get(r.key()));
                    });
                }
                yield new Op.Txn(out);
            }
        };
        if (done != null) {
            nextCommit++;
        }
        return done;
    }

    private static String regKey(String key) {
        return key == null ? "" : key;
    }
}
