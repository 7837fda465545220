package dev.otter.lambda.http;

import static dev.otter.lambda.http.RoomRoutesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.ApiKeys;
import dev.otter.core.Ids;
import dev.otter.testing.HttpDriver;
import dev.otter.testing.TestWorld;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /apiKeys} and {@code DELETE /apiKeys/{id}} through the real handlers and authorizer on dynalite. Each
 * test has an API-keys table of its own, so "every key" and "the last current key" mean this test's keys.
 */
class ApiKeyRevocationTest {
    private TestWorld world;
    private ApiKeyAuthorizer authorizer;
    private RotateApiKeyHandler rotate;
    private ApiKeysHandler keys;

    @BeforeEach
    void start() {
        world = TestWorld.embeddedWithOwnTables("otter-keys-" + Ids.random(6).replace('_', 'x').replace('-', 'y') + "-");
        authorizer = new ApiKeyAuthorizer(world.services);
        rotate = new RotateApiKeyHandler(world.services);
        keys = new ApiKeysHandler(world.services);
    }

    @AfterEach
    void stop() {
        world.dynamoDb.deleteTable(r -> r.tableName(world.tables.apiKeys()));
        world.dynamoDb.deleteTable(r -> r.tableName(world.tables.rooms()));
        world.close();
    }

    private boolean authorized(String key) {
        return authorizer.handleRequest(HttpDriver.authorizerEvent("GET", "/apiKeys",
                Map.of("authorization", "Bearer " + key), List.of()), null).getIsAuthorized();
    }

    private APIGatewayV2HTTPResponse rotate(String key, int graceSeconds) {
        return rotate.handleRequest(HttpDriver.event("POST /apiKeys/rotate", Map.of("rawPath", "/apiKeys/rotate",
                "headers", Map.of("authorization", "Bearer " + key, "content-type", "application/json"),
                "body", "{\"graceSeconds\":" + graceSeconds + "}")), null);
    }

    private APIGatewayV2HTTPResponse list(String key) {
        return keys.handleRequest(HttpDriver.event("GET /apiKeys", Map.of("rawPath", "/apiKeys",
                "headers", Map.of("authorization", "Bearer " + key))), null);
    }

    private APIGatewayV2HTTPResponse revoke(String key, String id, Map<String, String> query) {
        Map<String, Object> values = new HashMap<>();
        values.put("rawPath", "/apiKeys/" + id);
        values.put("id", id);
        values.put("headers", Map.of("authorization", "Bearer " + key));
        APIGatewayV2HTTPEvent event = HttpDriver.event("DELETE /apiKeys/{id}", values);
        event.setQueryStringParameters(query);
        event.setRawQueryString(null);
        return keys.handleRequest(event, null);
    }

    private APIGatewayV2HTTPResponse revoke(String key, String id) {
        return revoke(key, id, null);
    }

    private static String id(String key) {
        return ApiKeys.id(ApiKeys.hash(key));
    }

    private static JsonNode listed(JsonNode list, String id) {
        return StreamSupport.stream(list.path("apiKeys").spliterator(), false)
                .filter(key -> key.path("id").asText().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void list_showsIdCreationStateAndExpiry_neverAKeyOrItsHash() {
        // GIVEN a key rotated out with 10 minutes of grace, its successor, and a revoked key
        String old = world.services.apiKeys().createKey();
        JsonNode rotated = HttpDriver.body(rotate(old, 600));
        String fresh = rotated.path("apiKey").asText();
        String doomed = world.services.apiKeys().createKey();
        assertThat(revoke(fresh, id(doomed)).getStatusCode()).isEqualTo(200);

        // WHEN the keys are listed
        APIGatewayV2HTTPResponse response = list(fresh);

        // THEN each shows its id, creation time, state and expiry, and no secret or hash appears anywhere
        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = HttpDriver.body(response);
        assertThat(body.path("apiKeys")).hasSize(3);
        assertThat(rotated.path("id").asText()).isEqualTo(id(fresh));
        assertThat(rotated.path("previousKeyId").asText()).isEqualTo(id(old));
        JsonNode grace = listed(body, id(old));
        assertThat(grace.path("state").asText()).isEqualTo("grace");
        assertThat(grace.path("createdAt").asText()).isEqualTo(TestWorld.START.toString());
        assertThat(grace.path("expiresAt").asText()).isEqualTo(TestWorld.START.plusSeconds(600).toString());
        JsonNode current = listed(body, id(fresh));
        assertThat(current.path("state").asText()).isEqualTo("current");
        assertThat(current.has("expiresAt")).isFalse();
        JsonNode revoked = listed(body, id(doomed));
        assertThat(revoked.path("state").asText()).isEqualTo("revoked");
        assertThat(revoked.path("revokedAt").asText()).isEqualTo(TestWorld.START.toString());
        for (String key : List.of(old, fresh, doomed)) {
            assertThat(response.getBody()).doesNotContain(key.substring(ApiKeys.PREFIX.length()))
                    .doesNotContain(ApiKeys.hash(key)).doesNotContain(ApiKeys.hash(key).substring(0, 16));
        }
        assertThat(id(fresh)).matches("key_[0-9a-f]{20}");

        // AND past the grace the old key is listed as expired
        world.clock.advance(Duration.ofSeconds(600));
        assertThat(listed(HttpDriver.body(list(fresh)), id(old)).path("state").asText()).isEqualTo("expired");
    }

    @Test
    void revokedKey_isRefusedByTheAuthorizerAtOnce_andCannotRotate() {
        // GIVEN two current keys, both accepted
        String admin = world.services.apiKeys().createKey();
        String leaked = world.services.apiKeys().createKey();
        assertThat(authorized(leaked)).isTrue();

        // WHEN one revokes the other
        APIGatewayV2HTTPResponse response = revoke(admin, id(leaked));

        // THEN the revoked key is refused from the very next request, and can mint nothing
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(HttpDriver.body(response).path("state").asText()).isEqualTo("revoked");
        assertThat(authorized(leaked)).isFalse();
        assertError(rotate(leaked, 3600), 403, "forbidden");
        assertThat(authorized(admin)).isTrue();
        // revoking it again changes nothing
        assertThat(HttpDriver.body(revoke(admin, id(leaked))).path("state").asText()).isEqualTo("revoked");
    }

    @Test
    void revoke_endsAKeyInGraceAtOnce() {
        String old = world.services.apiKeys().createKey();
        String fresh = HttpDriver.body(rotate(old, 86_400)).path("apiKey").asText();
        assertThat(authorized(old)).isTrue();

        assertThat(revoke(fresh, id(old)).getStatusCode()).isEqualTo(200);

        assertThat(authorized(old)).isFalse();
        assertThat(authorized(fresh)).isTrue();
    }

    @Test
    void revoke_ofTheLastCurrentKey_isRefused409_unlessAllowNoCurrentKey() {
        // GIVEN one current key and one in grace
        String old = world.services.apiKeys().createKey();
        String last = HttpDriver.body(rotate(old, 3600)).path("apiKey").asText();

        // WHEN the last current key is revoked without saying so, THEN it is refused and still works
        assertError(revoke(old, id(last)), 409, "last-current-key");
        assertError(revoke(last, id(last), Map.of("allowNoCurrentKey", "false")), 409, "last-current-key");
        assertError(revoke(last, id(last), Map.of("allowNoCurrentKey", "yes")), 400, "invalid-field");
        assertThat(authorized(last)).isTrue();

        // WHEN it is revoked explicitly, THEN it goes at once
        assertThat(revoke(last, id(last), Map.of("allowNoCurrentKey", "true")).getStatusCode()).isEqualTo(200);
        assertThat(authorized(last)).isFalse();
    }

    @Test
    void revoke_unknownId_is404() {
        String key = world.services.apiKeys().createKey();

        assertError(revoke(key, "key_00000000000000000000"), 404, "api-key-not-found");
        assertError(revoke(key, ApiKeys.hash(key)), 404, "api-key-not-found");
        assertThat(authorized(key)).isTrue();
    }
}
