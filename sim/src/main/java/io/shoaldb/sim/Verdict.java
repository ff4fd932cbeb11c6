package io.shoaldb.sim;

/** A run's outcome: passed or not, with a one-line summary a person can act on. */
public record Verdict(boolean passed, String summary) {

    public Verdict {
        if (summary == null || summary.isBlank()) {
            throw new IllegalArgumentException("a verdict needs a summary");
        }
    }

    public static Verdict pass(String summary) {
        return new Verdict(true, summary);
    }

    public static Verdict fail(String summary) {
        return new Verdict(false, summary);
    }
}
