package io.shoaldb.wal;

/** How a {@link Wal#save} ended. Exactly one result is delivered per save, in the order of the saves. */
public sealed interface SaveResult {

    /** Everything the save carried is durable: an fsync of it has completed. */
    record Durable() implements SaveResult {
    }

    /**
     * Nothing of the save was written because the WAL is overloaded (too many saves queued). The WAL
     * is still healthy. A Raft host treats it as back-pressure: it stops handing out Readys until
     * earlier saves have completed and then saves the same content again.
     */
    record Rejected(String reason) implements SaveResult {
    }

    /**
     * The disk failed. Whether the save reached the disk is unknown, and the WAL has stopped: every
     * later save fails too. The node must stop this incarnation and recover from the disk (restart),
     * because after a failed write or fsync the contents of the file are no longer known.
     */
    record Failed(String reason) implements SaveResult {
    }

    SaveResult DURABLE = new Durable();
}
