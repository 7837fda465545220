package dev.otter.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.config.WebAppPolicy;
import dev.otter.config.WebOrigins;
import dev.otter.local.gateway.WebSocketLimits;
import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local web app answers with the security headers CloudFront sends for a deployment. */
class WebAppHeadersTest {
    @TempDir
    Path temp;

    @Test
    void everyWebAppAnswer_carriesTheDeployedPolicy_withThisRunnersSocketAsItsOnlyOtherConnectSource() throws Exception {
        Path web = Files.createDirectories(temp.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html><html><head><title>Otter</title></head></html>");
        try (LocalOtter otter = LocalOtter.start(LocalOtterFixture.settings(temp.resolve("data"), web, false,
                WebSocketLimits.API_GATEWAY))) {
            String origin = otter.endpoints().webUrl();
            Map<String, String> expected = WebAppPolicy.headers("'self' " + origin.replaceFirst("^http", "ws"), WebOrigins.NONE);

            for (String path : new String[] {"/", "/room/abc", "/config.json", "/index.html"}) {
                HttpHeaders headers = LocalOtterFixture.send("GET", origin + path, Map.of(), null).response().headers();
                expected.forEach((name, value) -> assertThat(headers.firstValue(name)).as("%s on %s", name, path).hasValue(value));
            }
            assertThat(expected.get("Content-Security-Policy")).contains("frame-ancestors 'none'");
            assertThat(expected).containsEntry("X-Frame-Options", "DENY");
        }
    }

    @Test
    void sitesNamedWithEmbedOrigins_mayFrameTheApp_andNoneOther() throws Exception {
        WebOrigins sites = WebOrigins.parse("--embed-origins", "http://localhost:5173");
        try (LocalOtter otter = LocalOtter.start(LocalOtterFixture.settings(temp.resolve("data"), temp.resolve("web"),
                false, WebSocketLimits.API_GATEWAY).withEmbedOrigins(sites))) {
            HttpHeaders headers = LocalOtterFixture.send("GET", otter.endpoints().webUrl() + "/", Map.of(), null)
                    .response().headers();

            assertThat(headers.firstValue("Content-Security-Policy").orElseThrow())
                    .contains("frame-ancestors 'self' http://localhost:5173;");
            assertThat(headers.firstValue("X-Frame-Options")).isEmpty();
        }
    }
}
