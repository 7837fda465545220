package dev.otter.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, from the module directory Maven runs tests in. */
final class Repo {
    private Repo() {}

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("coturn/turnserver.conf"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Run the tests inside the Otter repository");
        }
        return dir;
    }
}
