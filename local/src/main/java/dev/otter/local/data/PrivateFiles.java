package dev.otter.local.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Files only the owner may read (mode 600): secrets, configurations that contain them, and what child processes write. */
public final class PrivateFiles {
    private PrivateFiles() {}

    /**
     * A child process whose every file (database, log, pid file) is created owner-only: it runs under
     * {@code umask 077}, set by a shell that then replaces itself with {@code command}, so the pid is the command's.
     */
    public static ProcessBuilder ownerOnlyProcess(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "umask 077 && exec \"$@\"", "sh"));
        wrapped.addAll(command);
        return new ProcessBuilder(wrapped);
    }

    /** {@code file}, created empty if missing, owner-only either way: e.g. a log a child's output is appended to. */
    public static Path ownerOnly(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    public static void write(Path file, String content) throws IOException {
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
