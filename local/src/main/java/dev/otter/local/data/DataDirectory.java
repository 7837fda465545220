package dev.otter.local.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Local Otter's data directory: dynalite's tables, the generated secrets (mode 600) and the first API key.
 * One runner at a time holds it (a lock file), so two runners never write the same database.
 */
public final class DataDirectory implements AutoCloseable {
    public static final String JWT_SECRET = "jwt-secret";
    public static final String TURN_SECRET = "turn-secret";
    public static final String API_KEY = "api-key";
    public static final String LOCAL_JSON = "local.json";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating it if needed) and locks {@code dir}. A directory that already exists, made by hand or by an
     * older runner, is made private first: it holds secrets, the API key and every room's data.
     */
    public static DataDirectory open(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        }
        makePrivate(root);
        FileChannel channel = FileChannel.open(root.resolve(".lock"), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("another local Otter is using the data directory " + root
                    + "; stop it or start with another --data-dir");
        }
        return new DataDirectory(root, channel, lock);
    }

    /** Owner-only modes on the directory and everything below it (symbolic links are left as they are). */
    private static void makePrivate(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                Files.setPosixFilePermissions(path, Files.isDirectory(path) ? OWNER_ONLY_DIRECTORY : OWNER_ONLY_FILE);
            }
        }
    }

    public Path root() {
        return root;
    }

    public Path resolve(String name) {
        return root.resolve(name);
    }

    /** The secret in {@code name}, generated from {@code bytes} random bytes on first use. */
    public byte[] secret(String name, int bytes) throws IOException {
        Path file = root.resolve(name);
        if (Files.isRegularFile(file)) {
            return Base64.getUrlDecoder().decode(Files.readString(file, StandardCharsets.UTF_8).trim());
        }
        byte[] secret = new byte[bytes];
        RANDOM.nextBytes(secret);
        PrivateFiles.write(file, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n");
        return secret;
    }

    public Optional<String> read(String name) throws IOException {
        Path file = root.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim()) : Optional.empty();
    }

    public void writePrivate(String name, String content) throws IOException {
        PrivateFiles.write(root.resolve(name), content);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        lockChannel.close();
    }
}
