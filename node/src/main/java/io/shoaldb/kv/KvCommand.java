package io.shoaldb.kv;

/**
 * A write as it travels through the Raft log: the client's session id and sequence number make a
 * retried request apply exactly once.
 *
 * @param clientId the client session, chosen by the client (unique per client incarnation)
 * @param seq      the client's request number, increasing with every new request; a retry reuses it
 */
public record KvCommand(long clientId, long seq, KvOp op) {

    public KvCommand {
        if (seq < 1) {
            throw new IllegalArgumentException("sequence numbers start at 1: " + seq);
        }
        if (op instanceof KvOp.Get) {
            throw new IllegalArgumentException("reads are not logged");
        }
    }
}
