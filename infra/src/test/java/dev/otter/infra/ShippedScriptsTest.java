package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JavaScript that ships inside the templates, run in the local Node with literal inputs. */
class ShippedScriptsTest {
    @TempDir
    Path dir;

    @Test
    void spaRouting_servesIndexForRoomLinks_andEverythingElseAsStored() throws Exception {
        String output = node(Resources.read("spa-routing.js"), """
                for (const uri of ['/room/abc123', '/room/', '/config.json', '/assets/index-1.js', '/', '/rooms/x']) {
                  console.log(uri + ' -> ' + handler({ request: { uri } }).uri);
                }
                """);
        assertThat(output.lines()).containsExactly(
                "/room/abc123 -> /index.html", "/room/ -> /index.html", "/config.json -> /config.json",
                "/assets/index-1.js -> /assets/index-1.js", "/ -> /", "/rooms/x -> /rooms/x");
    }

    @Test
    void firstApiKey_hasTheApiKeyFormat_andItsHashIsTheSha256HexTheAuthorizerLooksUp() throws Exception {
        String output = node(Resources.read("first-api-key.js"), """
                const a = exports.newApiKey(), b = exports.newApiKey();
                console.log(a);
                console.log(a === b);
                console.log(exports.keyHash('otr_example'));
                """);
        String[] lines = output.split("\n");
        assertThat(lines[0]).matches("otr_[A-Za-z0-9_-]{32}");
        assertThat(lines[1]).isEqualTo("false");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("otr_example".getBytes(StandardCharsets.UTF_8));
        assertThat(lines[2]).isEqualTo(HexFormat.of().formatHex(digest));
    }

    private String node(String code, String driver) throws IOException, InterruptedException {
        Path script = dir.resolve("script.cjs");
        Files.writeString(script, code + "\n" + driver);
        Process process = new ProcessBuilder("node", script.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
