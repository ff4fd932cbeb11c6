package io.shoaldb.sim.event;

import io.shoaldb.sim.entropy.Prng;

/**
 * The rolling trace hash: a 64-bit digest over the deterministic description of every executed event
 * (virtual time, kind, node, size) and every line nodes record through their {@code Trace}. Two runs
 * with equal hashes took the same path; the first event whose running hash differs is where they
 * diverged. Only deterministic values go in, never identity hash codes.
 */
public final class TraceHash {

    private long h = 0x243F6A8885A308D3L;

    public void add(long v) {
        h = Prng.mix64(h ^ v) + 0x9E3779B97F4A7C15L;
    }

    public void addEvent(long timeNanos, EventKind kind, int node, int sizeBytes) {
        add(timeNanos);
        add(((long) kind.ordinal() << 48) ^ ((long) (node + 1) << 24) ^ sizeBytes);
    }

    public void addString(String s) {
        add(s.length());
        long acc = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            acc = acc * 31 + s.charAt(i);
            if ((i & 7) == 7) {
                add(acc);
                acc = 0;
            }
        }
        add(acc);
    }

    public long value() {
        return Prng.mix64(h);
    }

    public static String hex(long hash) {
        return String.format("%016x", hash);
    }
}
