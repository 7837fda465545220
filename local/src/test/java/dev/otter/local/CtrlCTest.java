package dev.otter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.local.data.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner as `./otter local` starts it, stopped by a signal as Ctrl-C would. */
class CtrlCTest {
    @TempDir
    Path temp;

    @Test
    void aSignal_stopsTheRunnerItsTurnserverAndItsDynalite_andReleasesTheDataDirectory() throws Exception {
        Path data = temp.resolve("data");
        Process runner = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                OtterLocalCommand.class.getName(),
                "--port", "0", "--data-dir", data.toString(), "--web-dir", temp.resolve("web").toString(),
                "--turn-config", LocalOtterFixture.repoRoot().resolve("coturn/turnserver.conf").toString(),
                "--dynalite-dir", LocalOtterFixture.repoRoot().resolve("tools/dynalite").toString()))
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("runner.log").toFile())
                .start();
        try {
            JsonNode local = awaitLocalJson(data.resolve("local.json"), runner);
            long turnPid = Long.parseLong(Files.readString(data.resolve("turnserver.pid")).trim());
            List<ProcessHandle> dynalite = runner.toHandle().descendants()
                    .filter(child -> child.info().commandLine().orElse("").contains("start.js")).toList();
            assertThat(dynalite).hasSize(1);
            assertThat(local.path("sampleRoomUrl").asText()).contains("/room/");

            runner.destroy();

            assertThat(runner.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ProcessHandle.of(turnPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(dynalite.get(0).isAlive()).isFalse();
            assertThat(Files.readString(temp.resolve("runner.log"))).contains("Stopped; data kept in " + data);
            try (DataDirectory reopened = DataDirectory.open(data)) {
                assertThat(reopened.read(DataDirectory.API_KEY)).contains(local.path("apiKey").asText());
            }
        } finally {
            runner.destroyForcibly();
        }
    }

    private static JsonNode awaitLocalJson(Path file, Process runner) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline) && runner.isAlive()) {
            if (Files.isRegularFile(file)) {
                return LocalOtterFixture.JSON.readTree(file.toFile());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the runner wrote no local.json (alive: " + runner.isAlive() + ")");
    }
}
