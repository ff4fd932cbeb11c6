package io.shoaldb.server;

import io.shoaldb.sql.catalog.ScramSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The bootstrap superuser's password, kept in the data directory as a SCRAM-SHA-256 verifier only
 * ({@value #FILE}, mode 0600): on first start a password is generated and shown once (or taken from the
 * configuration), and every later start reads the verifier back. Whoever can read the data directory learns
 * no password from it.
 *
 * @param verifier  the SCRAM verifier to install for the admin role
 * @param password  the generated password to show, on the start that generated it; null otherwise
 * @param stored    whether the verifier is already in the data directory ({@link #persist} then writes nothing)
 * @param configured whether the password came from the configuration (it then replaces the role's password)
 */
public record AdminCredential(String verifier, String password, boolean stored, boolean configured) {
    public static final String FILE = "admin.scram";
    /** Characters of a generated password: letters and digits, nothing a shell or a URL would mangle. */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int GENERATED_LENGTH = 24;

    /**
     * Chooses the admin credential: the configured password if there is one (it replaces what was stored),
     * else the stored verifier, else a freshly generated password.
     *
     * @throws IOException if the stored verifier cannot be read or is not one
     */
    public static AdminCredential resolve(Path dataDir, String configuredPassword, SecureRandom random) throws IOException {
        if (configuredPassword != null) {
            return new AdminCredential(derive(configuredPassword, random), null, false, true);
        }
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!ScramSecret.isVerifier(text)) {
                throw new IOException(file + " does not hold a SCRAM-SHA-256 verifier; remove it and set the admin "
                        + "password through the configuration (admin-password or SHOAL_ADMIN_PASSWORD)");
            }
            return new AdminCredential(text, null, true, false);
        }
        StringBuilder password = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new AdminCredential(derive(password.toString(), random), password.toString(), false, false);
    }

    private static String derive(String password, SecureRandom random) {
        byte[] salt = new byte[ScramSecret.SALT_BYTES];
        random.nextBytes(salt);
        return ScramSecret.verifier(password, salt, ScramSecret.DEFAULT_ITERATIONS);
    }

    /** Writes the verifier (temp file with mode 0600, fsync, atomic rename) unless it is already stored. */
    public void persist(Path dataDir) throws IOException {
        if (stored) {
            return;
        }
        Path tmp = dataDir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            Files.createFile(tmp);
        }
        try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap((verifier + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (var d = java.nio.channels.FileChannel.open(dataDir, java.nio.file.StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    @Override
    public String toString() {
        return "AdminCredential[verifier=********, generated=" + (password != null) + "]";
    }
}
