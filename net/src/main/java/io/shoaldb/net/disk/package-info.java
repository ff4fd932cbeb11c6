/**
 * The {@link io.shoaldb.runtime.Disk} port over a real directory: FileChannel I/O on a dedicated thread,
 * completions delivered into the node's event loop, real fsync, and OS errors mapped to
 * {@link io.shoaldb.runtime.IoError} values.
 */
package io.shoaldb.net.disk;
