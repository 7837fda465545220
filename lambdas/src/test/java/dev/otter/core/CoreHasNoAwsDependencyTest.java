package dev.otter.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The domain core stays portable: no AWS type may appear in its compiled classes. */
class CoreHasNoAwsDependencyTest {
    private static final Path CORE_CLASSES = Path.of("target", "classes", "dev", "otter", "core");

    @Test
    void compiledCoreClasses_referenceNoAwsPackage() throws IOException {
        List<Path> classes;
        try (Stream<Path> files = Files.walk(CORE_CLASSES)) {
            classes = files.filter(file -> file.toString().endsWith(".class")).toList();
        }
        assertThat(classes).hasSizeGreaterThan(20);
        for (Path file : classes) {
            // Class references sit in the constant pool as internal names (software/amazon/..., com/amazonaws/...).
            String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertThat(constants).as(file.toString()).doesNotContain("software/amazon/").doesNotContain("com/amazonaws/");
        }
    }

    @Test
    void coreSources_importNoAwsPackage() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java", "dev", "otter", "core"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                assertThat(Files.readString(file)).as(file.toString())
                        .doesNotContain("software.amazon.").doesNotContain("com.amazonaws.");
            }
        }
    }
}
