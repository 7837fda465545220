package dev.otter.local;

import static dev.otter.local.LocalOtterFixture.bearer;
import static dev.otter.local.LocalOtterFixture.createRoom;
import static dev.otter.local.LocalOtterFixture.send;
import static dev.otter.local.LocalOtterFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.ApiKeys;
import dev.otter.local.LocalOtterFixture.Reply;
import dev.otter.local.gateway.WebSocketLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every HTTP route of local Otter over real HTTP, with the gateway's own answers where API Gateway gives them. */
class HttpApiTest {
    @TempDir
    static Path temp;
    static LocalOtter otter;
    static String api;
    static String apiKey;

    @BeforeAll
    static void start() throws Exception {
        Path web = Files.createDirectories(temp.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html><p>the app</p>");
        Files.createDirectories(web.resolve("assets"));
        Files.writeString(web.resolve("assets/app-1234.js"), "console.log('app')");
        otter = LocalOtter.start(LocalOtterFixture.settings(temp.resolve("data"), web, false, WebSocketLimits.API_GATEWAY));
        api = otter.endpoints().apiUrl();
        apiKey = otter.endpoints().apiKey();
    }

    @AfterAll
    static void stop() throws Exception {
        otter.close();
    }

    @Test
    void createRoom_returns201WithLinksOnTheLocalWebApp_whenApiKeyValid() throws Exception {
        Reply reply = send("POST", api + "/createRoom", bearer(apiKey), "{\"name\":\"Standup\",\"relayOnly\":true}");

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.body().path("url").asText())
                .startsWith(otter.endpoints().webUrl() + "/room/" + reply.body().path("roomId").asText() + "#token=");
        // The room secret is the developer's backend's to add: a server that made it would have seen it.
        assertThat(reply.body().path("url").asText()).doesNotContain("&k=");
        assertThat(reply.body().path("hostUrl").asText()).doesNotContain("&k=");
        assertThat(reply.body().path("relayOnly").asBoolean()).isTrue();
    }

    @Test
    void createRoom_acceptsTheApiKeyHeader() throws Exception {
        Reply reply = send("POST", api + "/createRoom", Map.of("x-api-key", apiKey), null);

        assertThat(reply.status()).isEqualTo(201);
    }

    @Test
    void developerRoutes_answer403ForbiddenLikeApiGateway_whenApiKeyUnknownOrMissing() throws Exception {
        Reply unknown = send("POST", api + "/createRoom", bearer("otr_notAKeyAtAll0000000000000000"), "{}");
        Reply missing = send("GET", api + "/rooms/abc", Map.of(), null);

        assertThat(unknown.status()).isEqualTo(403);
        assertThat(unknown.raw()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.raw()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void createRoom_passesTheHandlersValidationError_whenBodyInvalid() throws Exception {
        Reply reply = send("POST", api + "/createRoom", bearer(apiKey), "{\"maxParticipants\":99}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().path("error").path("code").asText()).isEqualTo("invalid-field");
    }

    @Test
    void roomRoutes_answer401UnauthorizedLikeApiGateway_whenAuthorizationHeaderMissing() throws Exception {
        Reply room = send("GET", api + "/room/abc", Map.of(), null);
        Reply credentials = send("GET", api + "/credentials", Map.of(), null);

        assertThat(room.status()).isEqualTo(401);
        assertThat(room.raw()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(credentials.status()).isEqualTo(401);
    }

    @Test
    void roomRoutes_answer403Forbidden_whenTokenForged() throws Exception {
        JsonNode room = createRoom(otter, "{}");
        String token = token(room.path("url").asText());
        String forged = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");

        Reply reply = send("GET", api + "/room/" + room.path("roomId").asText(), bearer(forged), null);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.raw()).isEqualTo("{\"message\":\"Forbidden\"}");
    }

    @Test
    void getRoom_returnsTheRoomAndTheCallersRole_whenTokenValid() throws Exception {
        JsonNode room = createRoom(otter, "{\"name\":\"Interview\"}");

        Reply reply = send("GET", api + "/room/" + room.path("roomId").asText(), bearer(token(room.path("hostUrl").asText())), null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("name").asText()).isEqualTo("Interview");
        assertThat(reply.body().path("role").asText()).isEqualTo("host");
    }

    @Test
    void getRoom_answers403WrongRoom_whenTokenIsForAnotherRoom() throws Exception {
        JsonNode room = createRoom(otter, "{}");
        JsonNode other = createRoom(otter, "{}");

        Reply reply = send("GET", api + "/room/" + other.path("roomId").asText(), bearer(token(room.path("url").asText())), null);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body().path("error").path("code").asText()).isEqualTo("wrong-room");
    }

    @Test
    void developerRooms_describesAndEndsARoom() throws Exception {
        String roomId = createRoom(otter, "{}").path("roomId").asText();

        Reply described = send("GET", api + "/rooms/" + roomId, bearer(apiKey), null);
        Reply ended = send("DELETE", api + "/rooms/" + roomId, bearer(apiKey), null);
        Reply afterwards = send("GET", api + "/rooms/" + roomId, bearer(apiKey), null);

        assertThat(described.status()).isEqualTo(200);
        assertThat(described.body().path("ended").asBoolean()).isFalse();
        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.body().path("ended").asBoolean()).isTrue();
        assertThat(afterwards.body().path("ended").asBoolean()).isTrue();
    }

    @Test
    void rotateApiKey_returnsANewKeyThatWorks() throws Exception {
        Reply rotated = send("POST", api + "/apiKeys/rotate", bearer(apiKey), "{\"graceSeconds\":3600}");

        assertThat(rotated.status()).isEqualTo(201);
        String newKey = rotated.body().path("apiKey").asText();
        assertThat(newKey).startsWith("otr_").isNotEqualTo(apiKey);
        assertThat(send("POST", api + "/createRoom", bearer(newKey), "{}").status()).isEqualTo(201);
        assertThat(send("POST", api + "/createRoom", bearer(apiKey), "{}").status()).isEqualTo(201);
    }

    @Test
    void apiKeys_listedWithoutSecrets_andARevokedKeyIsForbiddenAtOnce() throws Exception {
        // GIVEN two more keys
        String admin = otter.services().apiKeys().createKey();
        String leaked = otter.services().apiKeys().createKey();

        // WHEN they are listed, THEN by id, never by key or hash
        Reply listed = send("GET", api + "/apiKeys", bearer(admin), null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().path("apiKeys").findValuesAsText("id")).contains(id(admin), id(leaked));
        assertThat(listed.raw()).doesNotContain(leaked.substring(4)).doesNotContain(ApiKeys.hash(leaked));

        // WHEN one is revoked through the gateway, THEN the gateway's authorizer refuses it on the next request
        Reply revoked = send("DELETE", api + "/apiKeys/" + id(leaked), bearer(admin), null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().path("state").asText()).isEqualTo("revoked");
        Reply refused = send("POST", api + "/createRoom", bearer(leaked), "{}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.raw()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(send("GET", api + "/apiKeys", bearer(admin), null).status()).isEqualTo(200);
    }

    private static String id(String key) {
        return ApiKeys.id(ApiKeys.hash(key));
    }

    @Test
    void unknownRouteOrMethod_answers404NotFoundLikeApiGateway() throws Exception {
        Reply path = send("GET", api + "/nope", bearer(apiKey), null);
        Reply method = send("PUT", api + "/createRoom", bearer(apiKey), "{}");

        assertThat(path.status()).isEqualTo(404);
        assertThat(path.raw()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(method.status()).isEqualTo(404);
        // The 404 read the PUT's body, so the kept-alive connection carries the next request.
        for (int i = 0; i < 5; i++) {
            assertThat(send("PUT", api + "/createRoom", bearer(apiKey), "{\"name\":\"x\"}").status()).isEqualTo(404);
            assertThat(send("POST", api + "/createRoom", bearer(apiKey), "{}").status()).isEqualTo(201);
        }
    }

    @Test
    void configJson_givesTheWebAppItsEndpoints() throws Exception {
        Reply reply = send("GET", otter.endpoints().webUrl() + "/config.json", Map.of(), null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("apiUrl").asText()).isEqualTo(api);
        assertThat(reply.body().path("wsUrl").asText()).isEqualTo(otter.endpoints().wsUrl());
    }

    @Test
    void webApp_servesIndexForRoomLinksAndFilesByPath_andNothingOutsideItsDirectory() throws Exception {
        String web = otter.endpoints().webUrl();

        Reply roomPage = send("GET", web + "/room/abc123", Map.of(), null);
        Reply asset = send("GET", web + "/assets/app-1234.js", Map.of(), null);
        Reply traversal = send("GET", web + "/..%2f..%2fdata/jwt-secret", Map.of(), null);

        assertThat(roomPage.status()).isEqualTo(200);
        assertThat(roomPage.raw()).contains("the app");
        assertThat(asset.raw()).isEqualTo("console.log('app')");
        assertThat(asset.response().headers().firstValue("content-type").orElse("")).contains("javascript");
        assertThat(traversal.raw()).doesNotContain(Files.readString(temp.resolve("data/jwt-secret")).trim());
    }
}
