package io.shoaldb.net;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A node's data directory: {@value #META} names the cluster, the node and the format the directory was
 * created for, {@value #LOCK} keeps a second process out, and {@value #DISK}/ is the directory behind
 * the node's {@link io.shoaldb.runtime.Disk} port. A directory of another cluster or node, or of a newer
 * format, is refused with a message that says so, before the node reads anything else from it.
 */
public final class DataDirectory implements AutoCloseable {

    /** The layout version this build writes and reads. */
    public static final int FORMAT = 1;
    public static final String META = "shoal.meta";
    public static final String LOCK = "shoal.lock";
    public static final String DISK = "disk";

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating on first use) the data directory of node {@code nodeId} of the named cluster. */
    public static DataDirectory open(Path root, String clusterName, long clusterId, int nodeId) throws DataDirectoryException {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new DataDirectoryException("cannot create data directory " + root + ": " + e.getMessage(), e);
        }
        FileChannel lockChannel;
        FileLock lock;
        try {
            lockChannel = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new DataDirectoryException("data directory " + root + " is in use by another ShoalDB process");
            }
        } catch (IOException e) {
            throw new DataDirectoryException("cannot lock data directory " + root + ": " + e.getMessage(), e);
        }
        DataDirectory dir = new DataDirectory(root, lockChannel, lock);
        try {
            dir.checkOrInitialise(clusterName, clusterId, nodeId);
            return dir;
        } catch (DataDirectoryException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    public Path root() {
        return root;
    }

    public Path diskDirectory() {
        return root.resolve(DISK);
    }

    private void checkOrInitialise(String clusterName, long clusterId, int nodeId) throws DataDirectoryException {
        Path meta = root.resolve(META);
        if (!Files.exists(meta)) {
            initialise(clusterName, clusterId, nodeId);
            return;
        }
        Map<String, String> fields;
        try {
            fields = parse(Files.readString(meta, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new DataDirectoryException("data directory " + root + " has an unreadable " + META + ": " + e.getMessage(), e);
        }
        int format = intField(fields, "format");
        if (format > FORMAT) {
            throw new DataDirectoryException("data directory " + root + " was written by a newer ShoalDB (format " + format
                    + "); this build reads format " + FORMAT + " and will not touch it");
        }
        if (format < 1) {
            throw new DataDirectoryException("data directory " + root + " has an invalid format " + format + " in " + META);
        }
        String storedCluster = fields.getOrDefault("cluster-id", "");
        if (!storedCluster.equals(Long.toHexString(clusterId))) {
            throw new DataDirectoryException("data directory " + root + " belongs to cluster '" + fields.get("cluster")
                    + "' (id " + storedCluster + "), not to cluster '" + clusterName + "' (id " + Long.toHexString(clusterId) + ")");
        }
        int storedNode = intField(fields, "node-id");
        if (storedNode != nodeId) {
            throw new DataDirectoryException("data directory " + root + " belongs to node " + storedNode + ", not to node " + nodeId);
        }
        if (!Files.isDirectory(diskDirectory())) {
            throw new DataDirectoryException("data directory " + root + " has " + META + " but no " + DISK + "/ directory");
        }
    }

    private void initialise(String clusterName, long clusterId, int nodeId) throws DataDirectoryException {
        try (Stream<Path> entries = Files.list(root)) {
            if (entries.anyMatch(p -> !p.getFileName().toString().equals(LOCK))) {
                throw new DataDirectoryException("data directory " + root + " is not empty but has no " + META
                        + "; refusing to use a directory that ShoalDB did not create");
            }
            Files.createDirectories(diskDirectory());
            String text = "format=" + FORMAT + "\ncluster=" + clusterName + "\ncluster-id=" + Long.toHexString(clusterId)
                    + "\nnode-id=" + nodeId + "\n";
            // Temp file, fsync, rename, fsync of the directory: a crash leaves either no meta or a whole one.
            Path tmp = root.resolve(META + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, root.resolve(META), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(root, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            throw new DataDirectoryException("cannot initialise data directory " + root + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad line '" + line + "'");
            }
            fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return fields;
    }

    private int intField(Map<String, String> fields, String name) throws DataDirectoryException {
        try {
            return Integer.parseInt(fields.get(name));
        } catch (NumberFormatException e) {
            throw new DataDirectoryException("data directory " + root + " has no valid '" + name + "' in " + META);
        }
    }

    /** Releases the lock; the directory stays as it is. */
    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // The lock goes away with the descriptor, which the process exit releases in any case.
        }
    }
}
