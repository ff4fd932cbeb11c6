package io.shoaldb.checker;

/** What a checker concluded about a history. */
public enum Verdict {
    /** A correct system could have produced the history (for the transactional checkers: no anomaly was observable). */
    VALID,
    /** No correct system could have produced it; the explanation says why. */
    INVALID,
    /** The search budget ran out before a decision. Never a pass. */
    UNKNOWN;

    /** The CLI exit code: 0 valid, 1 invalid, 2 unknown. */
    public int exitCode() {
        return switch (this) {
            case VALID -> 0;
            case INVALID -> 1;
            case UNKNOWN -> 2;
        };
    }
}
