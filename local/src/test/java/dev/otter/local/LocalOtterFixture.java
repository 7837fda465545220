package dev.otter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otter.local.gateway.WebSocketLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Starts local Otter on a free loopback port and talks to it over real HTTP. */
final class LocalOtterFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static LocalSettings settings(Path dataDir, Path webDir, boolean turn, WebSocketLimits limits) {
        return LocalSettings.defaults(dataDir)
                .withPort(0)
                .withWebDir(webDir)
                .withTurn(turn)
                .withTurnConfig(repoRoot().resolve("coturn/turnserver.conf"))
                .withDynaliteDir(repoRoot().resolve("tools/dynalite"))
                .withLimits(limits);
    }

    static Path repoRoot() {
        return Path.of(System.getProperty("user.dir")).getParent();
    }

    record Reply(int status, JsonNode body, String raw, HttpResponse<String> response) {}

    static Reply send(String method, String url, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        String contentType = response.headers().firstValue("content-type").orElse("");
        if (contentType.contains("json") && !response.body().isEmpty()) {
            json = JSON.readTree(response.body());
        }
        return new Reply(response.statusCode(), json, response.body(), response);
    }

    static Map<String, String> bearer(String credential) {
        return Map.of("Authorization", "Bearer " + credential);
    }

    /** The room token and the seat proof {@code GET /credentials} needs: the resume token of a {@code joined} reply. */
    static Map<String, String> seated(String roomToken, TestSocket.Joined joined) {
        return Map.of("Authorization", "Bearer " + roomToken, "X-Otter-Seat", joined.message().path("resumeToken").asText());
    }

    /** Joins the room as {@code name} (the socket stays open, holding the seat) and fetches its credentials. */
    static JsonNode joinAndFetchCredentials(LocalOtter otter, String roomToken, String name) throws Exception {
        org.eclipse.jetty.websocket.client.WebSocketClient client = new org.eclipse.jetty.websocket.client.WebSocketClient();
        client.start();
        try {
            TestSocket.Joined joined = TestSocket.join(client, otter.endpoints().wsUrl(), roomToken, name);
            Reply reply = send("GET", otter.endpoints().apiUrl() + "/credentials", seated(roomToken, joined), null);
            if (reply.status() != 200) {
                throw new AssertionError("GET /credentials answered " + reply.status() + ": " + reply.raw());
            }
            joined.socket().send("{\"action\":\"leave\"}");
            return reply.body();
        } finally {
            client.stop();
        }
    }

    static JsonNode createRoom(LocalOtter otter, String body) throws Exception {
        Reply reply = send("POST", otter.endpoints().apiUrl() + "/createRoom", bearer(otter.endpoints().apiKey()), body);
        if (reply.status() != 201) {
            throw new AssertionError("createRoom answered " + reply.status() + ": " + reply.raw());
        }
        return reply.body();
    }

    /** The room token in a link's fragment ({@code …#token=<jwt>}). */
    static String token(String link) {
        return link.substring(link.indexOf("#token=") + "#token=".length());
    }

    private LocalOtterFixture() {}
}
