package io.shoaldb.net.disk;

import io.shoaldb.runtime.Disk;
import io.shoaldb.runtime.IoError;
import io.shoaldb.runtime.IoResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The {@link Disk} port over one real directory. Every operation runs on a dedicated I/O thread, in
 * submission order, with {@link FileChannel} positional I/O; its completion is handed to the node's
 * event loop through the {@code completions} executor, so node code never blocks and never sees
 * another thread. {@link #fsync} is {@link FileChannel#force(boolean) force(false)}, i.e. fdatasync(2):
 * on Linux that writes the file's data and every piece of metadata needed to read it back, the size
 * included (so appends and truncations are durable), and skips only the timestamps, whose journal
 * commit made an fsync of a 64-byte in-place WAL state write cost as much as an append.
 * {@link #fsyncDirectory} forces the directory itself, which is what makes creations, renames and
 * deletions durable on Linux.
 *
 * <p>Operating errors become {@link IoResult.Failed} values: a missing file is {@link IoError#NOT_FOUND},
 * ENOSPC or EDQUOT is {@link IoError#DISK_FULL} (and an append or write that hit it is cut back to the
 * size the file had before, so nothing of it stays), anything else {@link IoError#IO_ERROR}. Invalid
 * names, negative offsets and oversized requests are programmer errors and throw at the call.
 */
public final class FileDisk implements Disk, AutoCloseable {

    /** Operations waiting for the I/O thread; beyond this the call completes with IO_ERROR at once. */
    public static final int MAX_PENDING_OPERATIONS = 65_536;
    /** Open file channels kept for reuse; the least recently used is closed beyond this. */
    static final int MAX_OPEN_FILES = 256;

    private final Path directory;
    private final Executor completions;
    private final ThreadPoolExecutor io;
    /** Touched only on the I/O thread. */
    private final LinkedHashMap<String, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, FileChannel> eldest) {
            if (size() > MAX_OPEN_FILES) {
                closeQuietly(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    /**
     * @param directory   an existing directory that this disk owns exclusively
     * @param completions runs completions; in a node this is its event loop
     */
    public FileDisk(Path directory, Executor completions) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("not a directory: " + directory);
        }
        this.directory = directory;
        this.completions = completions;
        this.io = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_PENDING_OPERATIONS),
                r -> {
                    Thread t = new Thread(r, "shoal-disk " + directory.getFileName());
                    t.setDaemon(true);
                    return t;
                });
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void append(String file, byte[] data, Consumer<IoResult<Long>> done) {
        checkName(file);
        checkLength(data.length);
        byte[] copy = data.clone();
        submit("append " + file, () -> {
            FileChannel ch = channel(file, true);
            long offset = ch.size();
            writeFully(file, ch, offset, copy);
            return offset;
        }, done);
    }

    @Override
    public void write(String file, long offset, byte[] data, Consumer<IoResult<Void>> done) {
        checkName(file);
        checkLength(data.length);
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        byte[] copy = data.clone();
        submit("write " + file, () -> {
            writeFully(file, channel(file, true), offset, copy);
            return null;
        }, done);
    }

    @Override
    public void read(String file, long offset, int length, Consumer<IoResult<byte[]>> done) {
        checkName(file);
        checkLength(length);
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        submit("read " + file, () -> {
            FileChannel ch = channel(file, false);
            long available = Math.max(0, ch.size() - offset);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, available));
            while (buffer.hasRemaining()) {
                if (ch.read(buffer, offset + buffer.position()) < 0) {
                    break;
                }
            }
            byte[] result = new byte[buffer.position()];
            buffer.flip().get(result);
            return result;
        }, done);
    }

    @Override
    public void size(String file, Consumer<IoResult<Long>> done) {
        checkName(file);
        submit("size " + file, () -> channel(file, false).size(), done);
    }

    @Override
    public void fsync(String file, Consumer<IoResult<Void>> done) {
        checkName(file);
        submit("fsync " + file, () -> {
            channel(file, false).force(false);
            return null;
        }, done);
    }

    @Override
    public void truncate(String file, long sizeBytes, Consumer<IoResult<Void>> done) {
        checkName(file);
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("negative size " + sizeBytes);
        }
        submit("truncate " + file, () -> {
            FileChannel ch = channel(file, false);
            long current = ch.size();
            if (sizeBytes < current) {
                ch.truncate(sizeBytes);
            } else if (sizeBytes > current) {
                // Like ftruncate(2): growing zero-fills.
                writeFully(file, ch, sizeBytes - 1, new byte[1]);
            }
            return null;
        }, done);
    }

    @Override
    public void rename(String from, String to, Consumer<IoResult<Void>> done) {
        checkName(from);
        checkName(to);
        submit("rename " + from + " to " + to, () -> {
            closeChannel(from);
            closeChannel(to);
            Files.move(directory.resolve(from), directory.resolve(to),
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return null;
        }, done);
    }

    @Override
    public void delete(String file, Consumer<IoResult<Void>> done) {
        checkName(file);
        submit("delete " + file, () -> {
            closeChannel(file);
            Files.delete(directory.resolve(file));
            return null;
        }, done);
    }

    @Override
    public void list(Consumer<IoResult<List<String>>> done) {
        submit("list", () -> {
            List<String> names = new ArrayList<>();
            try (Stream<Path> entries = Files.list(directory)) {
                entries.filter(p -> !Files.isDirectory(p))
                        .map(p -> p.getFileName().toString())
                        .filter(Disk::isValidName)
                        .forEach(names::add);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            names.sort(null);
            return List.copyOf(names);
        }, done);
    }

    @Override
    public void fsyncDirectory(Consumer<IoResult<Void>> done) {
        submit("fsync directory", () -> {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
            return null;
        }, done);
    }

    /** Finishes the operations already submitted (their completions may be dropped), then closes every file. */
    @Override
    public void close() {
        try {
            io.execute(() -> {
                open.values().forEach(FileDisk::closeQuietly);
                open.clear();
            });
        } catch (RejectedExecutionException e) {
            // Already closed, or the queue is full; the channels close with the process.
        }
        io.shutdown();
        try {
            if (!io.awaitTermination(10, TimeUnit.SECONDS)) {
                io.shutdownNow();
            }
        } catch (InterruptedException e) {
            io.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @FunctionalInterface
    private interface Operation<T> {
        T run() throws IOException;
    }

    private <T> void submit(String what, Operation<T> operation, Consumer<IoResult<T>> done) {
        try {
            io.execute(() -> {
                IoResult<T> result;
                try {
                    result = IoResult.ok(operation.run());
                } catch (IOException e) {
                    result = failure(what, e);
                }
                deliver(done, result);
            });
        } catch (RejectedExecutionException e) {
            deliver(done, IoResult.failed(IoError.IO_ERROR, what + ": disk closed or " + MAX_PENDING_OPERATIONS
                    + " operations already pending"));
        }
    }

    private <T> void deliver(Consumer<IoResult<T>> done, IoResult<T> result) {
        try {
            completions.execute(() -> done.accept(result));
        } catch (RejectedExecutionException e) {
            // The node's loop is shut down: the node is gone and nobody waits for this completion.
        }
    }

    static <T> IoResult<T> failure(String what, IOException e) {
        String message = what + ": " + e;
        if (e instanceof NoSuchFileException) {
            return IoResult.failed(IoError.NOT_FOUND, message);
        }
        if (e instanceof FileAlreadyExistsException) {
            return IoResult.failed(IoError.ALREADY_EXISTS, message);
        }
        if (isDiskFull(e)) {
            return IoResult.failed(IoError.DISK_FULL, message);
        }
        return IoResult.failed(IoError.IO_ERROR, message);
    }

    /** ENOSPC and EDQUOT reach Java only as the C library's message text. */
    private static boolean isDiskFull(IOException e) {
        String text = String.valueOf(e.getMessage());
        return text.contains("No space left on device") || text.contains("Disk quota exceeded");
    }

    private FileChannel channel(String file, boolean create) throws IOException {
        FileChannel ch = open.get(file);
        if (ch != null && ch.isOpen()) {
            return ch;
        }
        ch = create
                ? FileChannel.open(directory.resolve(file), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(directory.resolve(file), StandardOpenOption.READ, StandardOpenOption.WRITE);
        open.put(file, ch);
        return ch;
    }

    private void writeFully(String file, FileChannel ch, long offset, byte[] data) throws IOException {
        long sizeBefore = ch.size();
        ByteBuffer buffer = ByteBuffer.wrap(data);
        try {
            while (buffer.hasRemaining()) {
                ch.write(buffer, offset + buffer.position());
            }
        } catch (IOException e) {
            if (isDiskFull(e)) {
                // The port promises that nothing of a DISK_FULL write reached the file.
                try {
                    if (ch.size() > sizeBefore) {
                        ch.truncate(sizeBefore);
                    }
                } catch (IOException ignored) {
                    closeChannel(file);
                }
            }
            throw e;
        }
    }

    private void closeChannel(String file) {
        FileChannel ch = open.remove(file);
        if (ch != null) {
            closeQuietly(ch);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Closing releases the descriptor even when it reports an error; nothing is left to do.
        }
    }

    private static void checkName(String name) {
        if (!Disk.isValidName(name)) {
            throw new IllegalArgumentException("invalid file name: " + name);
        }
    }

    private static void checkLength(int length) {
        if (length < 0 || length > MAX_IO_BYTES) {
            throw new IllegalArgumentException("I/O of " + length + " bytes is outside 0.." + MAX_IO_BYTES);
        }
    }
}
