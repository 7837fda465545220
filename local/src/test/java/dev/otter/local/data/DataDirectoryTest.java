package dev.otter.local.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
    @TempDir
    Path temp;

    @Test
    void aWorldReadableDirectoryFromBefore_isMadeOwnerOnly_withEverythingInIt() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("data/tables"));
        Path key = Files.writeString(temp.resolve("data/api-key"), "otr_old\n");
        Path table = Files.writeString(dir.resolve("000001.log"), "rows");
        Files.setPosixFilePermissions(temp.resolve("data"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(table, PosixFilePermissions.fromString("rw-rw-rw-"));

        try (DataDirectory data = DataDirectory.open(temp.resolve("data"))) {
            data.secret(DataDirectory.JWT_SECRET, 32);

            assertThat(mode(data.root())).isEqualTo("rwx------");
            assertThat(mode(dir)).isEqualTo("rwx------");
            assertThat(mode(key)).isEqualTo("rw-------");
            assertThat(mode(table)).isEqualTo("rw-------");
            assertThat(mode(data.resolve(".lock"))).isEqualTo("rw-------");
            assertThat(mode(data.resolve(DataDirectory.JWT_SECRET))).isEqualTo("rw-------");
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
