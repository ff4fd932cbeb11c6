package io.shoaldb.checker.history;

/**
 * An invocation paired with its completion.
 *
 * @param id            dense id, in order of invocation
 * @param process       the client process
 * @param outcome       OK, FAIL or INFO (an invocation never completed counts as INFO)
 * @param invoke        the invoked operation
 * @param result        the completion's operation (with read results) for OK and FAIL; for INFO the invoke
 * @param invokeIndex   position of the invoke event in the history
 * @param completeIndex position of the completion event, or {@link Integer#MAX_VALUE} for INFO: an
 *                      indeterminate operation may take effect at any time after its invocation
 * @param commit        white-box commit position reported on the completion, or -1
 */
public record Operation(int id, int process, EventType outcome, Op invoke, Op result, int invokeIndex,
                        int completeIndex, long commit) {

    public static final int NEVER = Integer.MAX_VALUE;

    public Operation {
        if (outcome == EventType.INVOKE) {
            throw new IllegalArgumentException("outcome must be a completion type");
        }
        if (completeIndex <= invokeIndex) {
            throw new IllegalArgumentException("completion before invocation: " + invokeIndex + " >= " + completeIndex);
        }
        if ((outcome == EventType.INFO) != (completeIndex == NEVER)) {
            throw new IllegalArgumentException("exactly INFO operations complete at NEVER");
        }
    }

    public boolean isOk() {
        return outcome == EventType.OK;
    }

    public boolean isInfo() {
        return outcome == EventType.INFO;
    }

    public boolean isFail() {
        return outcome == EventType.FAIL;
    }

    /**
     * A short printable form: {@code #12 p3 ok write x 5 [events 40..44]}: operation id, process, outcome,
     * operation, and the 0-based positions of its invoke and completion among the history's events (in a
     * JSON-lines file, the event lines, not counting blank and nemesis lines).
     */
    public String describe() {
        return "#" + id + " p" + process + " " + outcome.jsonName() + " " + (outcome != EventType.OK && result instanceof Op.Read r
                ? "read " + (r.key() == null ? "" : r.key() + " ") + "?" : HistoryJson.describe(result)) + " [events "
                + invokeIndex + ".." + (completeIndex == NEVER ? "∞" : Integer.toString(completeIndex)) + "]";
    }
}
