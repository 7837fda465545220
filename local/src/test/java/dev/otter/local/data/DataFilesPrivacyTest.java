package dev.otter.local.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.local.LocalOtter;
import dev.otter.local.LocalSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the runner and its children write into the data directory is theirs alone. */
class DataFilesPrivacyTest {
    private static final Set<PosixFilePermission> OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path temp;

    @Test
    void everyFileTheRunnerDynaliteAndCoturnWrite_isOwnerOnly() throws Exception {
        Path data = temp.resolve("data");
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        LocalSettings settings = LocalSettings.defaults(data).withPort(0).withWebDir(temp.resolve("web")).withTurn(true)
                .withTurnConfig(repo.resolve("coturn/turnserver.conf"))
                .withDynaliteDir(repo.resolve("tools/dynalite"));
        try (LocalOtter otter = LocalOtter.start(settings)) {
            List<Path> shared;
            try (Stream<Path> paths = Files.walk(data)) {
                shared = paths.filter(path -> !Files.isSymbolicLink(path)).filter(path -> {
                    try {
                        Set<PosixFilePermission> modes = Files.getPosixFilePermissions(path);
                        modes.retainAll(OTHERS);
                        return !modes.isEmpty();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList();
            }

            assertThat(Files.list(data.resolve("dynalite")).toList()).as("dynalite wrote its database").isNotEmpty();
            assertThat(otter.turnPort()).as("coturn runs (apt-get install coturn)").isPresent();
            assertThat(data.resolve("turnserver.out")).exists();
            assertThat(shared).as("files others may read, write or enter").isEmpty();
        }
    }
}
