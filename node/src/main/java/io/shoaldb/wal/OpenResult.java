package io.shoaldb.wal;

/** How {@link Wal#open} ended: a recovered, writable log, or a refusal to start with the reason. */
public sealed interface OpenResult {

    /** The directory was recovered (or initialised, if it held no log); {@code wal} accepts saves. */
    record Opened(Wal wal, Recovered recovered) implements OpenResult {
    }

    /**
     * The node must not start on this directory. {@code message} says why in words for an operator:
     * which file, which offset, which record, and what to do.
     */
    record Refused(Reason reason, String message) implements OpenResult {
    }

    /** Why a directory was refused. */
    enum Reason {
        /** A checksum, length or structure check failed before the tail, or a file the log needs is missing. */
        CORRUPT,
        /** The directory belongs to another cluster. */
        WRONG_CLUSTER,
        /** The directory was written by another node of this cluster. */
        WRONG_NODE,
        /** The directory was written by a newer ShoalDB with a format this build does not know. */
        NEWER_FORMAT,
        /** The disk failed while recovering. */
        IO_ERROR
    }
}
