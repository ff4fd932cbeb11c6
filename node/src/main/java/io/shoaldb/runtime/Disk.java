package io.shoaldb.runtime;

import java.util.List;
import java.util.function.Consumer;

/**
 * A node's private directory of named files, with asynchronous operations whose completions are
 * delivered on the node's event loop, in an order the caller must not rely on.
 *
 * <p>Operations take effect in the order they are called; only their completions may come back in
 * any order. So an {@link #fsync} covers every append, write and truncation of that file called before
 * it, even one whose completion has not arrived yet, and {@link #fsyncDirectory} every creation,
 * rename and deletion called before it. (Every implementation does this: the simulator's and the test
 * disk apply an operation when it is called, the production disk runs them on one thread in call order.)
 *
 * <p>Durability rules, which the simulator enforces at every crash:
 * <ul>
 *   <li>Data written by {@link #append} or {@link #write} is durable only once a later {@link #fsync}
 *       of that file has completed successfully. Unsynced data may be lost, partly lost (a torn last
 *       write) or kept at a crash.</li>
 *   <li>The existence of a file, a rename and a delete are durable only once {@link #fsyncDirectory}
 *       has completed after them.</li>
 *   <li>Stored bytes may rot (bit flips): every record a node reads back must carry a checksum.</li>
 * </ul>
 *
 * <p>File names are flat: 1 to 128 characters of {@code [A-Za-z0-9._-]}, see {@link #isValidName}.
 */
public interface Disk {

    /** Largest single read or write; larger requests are programmer errors. */
    int MAX_IO_BYTES = 64 * 1024 * 1024;

    /** Appends {@code data} at the end of {@code file}, creating it if absent; completes with the offset it was written at. */
    void append(String file, byte[] data, Consumer<IoResult<Long>> done);

    /** Writes {@code data} at {@code offset} of {@code file}, creating it if absent and zero-filling any gap. */
    void write(String file, long offset, byte[] data, Consumer<IoResult<Void>> done);

    /** Reads up to {@code length} bytes at {@code offset}; fewer only at the end of the file. */
    void read(String file, long offset, int length, Consumer<IoResult<byte[]>> done);

    /** Completes with the file's current size in bytes, synced or not. */
    void size(String file, Consumer<IoResult<Long>> done);

    /** Makes all data written to {@code file} so far durable. */
    void fsync(String file, Consumer<IoResult<Void>> done);

    /** Cuts {@code file} to {@code sizeBytes}; durable after the next {@link #fsync} of the file. */
    void truncate(String file, long sizeBytes, Consumer<IoResult<Void>> done);

    /** Atomically renames {@code from} to {@code to}, replacing {@code to} if it exists. */
    void rename(String from, String to, Consumer<IoResult<Void>> done);

    /** Deletes {@code file}; completes with {@link IoError#NOT_FOUND} if absent. */
    void delete(String file, Consumer<IoResult<Void>> done);

    /** Lists the directory's file names in ascending order. */
    void list(Consumer<IoResult<List<String>>> done);

    /** Makes creations, renames and deletions so far durable. */
    void fsyncDirectory(Consumer<IoResult<Void>> done);

    /** Whether {@code name} is a legal file name for this port. */
    static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > 128 || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
