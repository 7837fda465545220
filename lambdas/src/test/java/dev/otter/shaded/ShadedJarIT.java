package dev.otter.shaded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.testing.DynaliteServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable jar on its own, in a fresh JVM as on Lambda: runs after {@code package} (the
 * {@code shaded-jar} surefire execution in the module's pom), so the shade filters are checked on the real jar.
 */
class ShadedJarIT {
    private static final Path TARGET = Path.of("target");

    @Test
    void everyHandlerAndAdapter_runsFromTheShadedJarAlone_againstDynaliteOnLoopback(@TempDir Path probeDir) throws Exception {
        Path jar = shadedJar();
        copyProbeClasses(probeDir);

        try (DynaliteServer dynamoDb = new DynaliteServer()) {
            ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", jar + File.pathSeparator + probeDir, ShadedJarProbe.class.getName(), dynamoDb.endpoint().toString())
                    .redirectErrorStream(true);
            // Nothing from this machine's AWS setup may steer the child's SDK clients away from loopback.
            child.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
            Process process = child.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean finished = process.waitFor(2, TimeUnit.MINUTES);

            assertThat(finished).as(output).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("PROBE OK").doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
        }
    }

    private static Path shadedJar() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(TARGET, "otter-lambdas-*-lambda.jar")) {
            found.forEach(jars::add);
        }
        assertThat(jars).as("the shaded jar; run through `mvn verify`, which packages it first").hasSize(1);
        return jars.get(0).toAbsolutePath();
    }

    // Only the probe itself joins the jar on the class path, not the test classes or their dependencies.
    private static void copyProbeClasses(Path probeDir) throws IOException {
        Path from = TARGET.resolve(Path.of("test-classes", "dev", "otter", "shaded"));
        Path to = Files.createDirectories(probeDir.resolve(Path.of("dev", "otter", "shaded")));
        try (DirectoryStream<Path> classes = Files.newDirectoryStream(from, "ShadedJarProbe*.class")) {
            for (Path c : classes) Files.copy(c, to.resolve(c.getFileName()));
        }
    }
}
