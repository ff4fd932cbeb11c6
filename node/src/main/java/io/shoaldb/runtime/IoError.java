package io.shoaldb.runtime;

/** Why a disk operation failed. These are operating errors: node logic handles them, never crashes. */
public enum IoError {
    /** The device reported an I/O error; the data may or may not have reached the disk. */
    IO_ERROR,
    /** No space left; nothing of this write reached the file. */
    DISK_FULL,
    /** The named file does not exist. */
    NOT_FOUND,
    /** The target of a create or rename already exists where that is not allowed. */
    ALREADY_EXISTS
}
