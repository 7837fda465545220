package dev.otter.lambda.http;

import static dev.otter.lambda.http.RoomRoutesTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.ApiKeys;
import dev.otter.testing.HttpDriver;
import dev.otter.testing.TestWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The API-key authorizer and POST /apiKeys/rotate on dynalite: only a current key may rotate. */
class ApiKeysTest {
    private static TestWorld world;
    private static ApiKeyAuthorizer authorizer;
    private static RotateApiKeyHandler rotate;

    @BeforeAll
    static void start() {
        world = TestWorld.embedded();
        authorizer = new ApiKeyAuthorizer(world.services);
        rotate = new RotateApiKeyHandler(world.services);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static boolean authorized(Map<String, String> headers) {
        return authorizer.handleRequest(HttpDriver.authorizerEvent("POST", "/createRoom", headers, null), null).getIsAuthorized();
    }

    private static boolean authorizedBearer(String key) {
        return authorized(Map.of("authorization", "Bearer " + key));
    }

    private static APIGatewayV2HTTPResponse rotate(String key, String body) {
        Map<String, Object> values = new HashMap<>();
        values.put("rawPath", "/apiKeys/rotate");
        values.put("headers", Map.of("authorization", "Bearer " + key, "content-type", "application/json"));
        values.put("body", body);
        return rotate.handleRequest(HttpDriver.event("POST /apiKeys/rotate", values), null);
    }

    @Test
    void createdKey_isRecognisable_andStoredOnlyAsItsHash() {
        String key = world.services.apiKeys().createKey();

        assertThat(key).matches("otr_[A-Za-z0-9_-]{32}");
        Map<String, AttributeValue> item = world.dynamoDb.getItem(r -> r.tableName(world.tables.apiKeys())
                .key(Map.of("keyHash", AttributeValue.fromS(ApiKeys.hash(key))))).item();
        assertThat(item).isNotEmpty();
        assertThat(item.values()).extracting(AttributeValue::toString).noneMatch(value -> value.contains(key.substring(4)));
    }

    @Test
    void authorizer_allowsAValidKey_asBearerOrXApiKey() {
        String key = world.services.apiKeys().createKey();

        assertThat(authorizedBearer(key)).isTrue();
        assertThat(authorized(Map.of("x-api-key", key))).isTrue();
        assertThat(authorized(Map.of("Authorization", "bearer " + key))).isTrue();
    }

    @Test
    void authorizer_deniesMissingUnknownOrMalformedKeys() {
        String key = world.services.apiKeys().createKey();

        assertThat(authorized(Map.of())).isFalse();
        assertThat(authorized(Map.of("authorization", key))).isFalse();
        assertThat(authorized(Map.of("authorization", "Bearer "))).isFalse();
        assertThat(authorizedBearer("otr_unknownunknownunknownunknown00")).isFalse();
        assertThat(authorizedBearer(key.substring(4))).isFalse();
        assertThat(authorized(Map.of("x-api-key", key + "x"))).isFalse();
        assertThat(authorizer.handleRequest(HttpDriver.authorizerEvent("POST", "/createRoom", null, List.of()), null).getIsAuthorized()).isFalse();
    }

    @Test
    void rotate_returnsANewKey_andTheOldOneWorksUntilTheGraceEnds() {
        String old = world.services.apiKeys().createKey();

        APIGatewayV2HTTPResponse response = rotate(old, "{\"graceSeconds\":600}");

        assertThat(response.getStatusCode()).isEqualTo(201);
        JsonNode body = HttpDriver.body(response);
        String fresh = body.path("apiKey").asText();
        assertThat(fresh).startsWith("otr_").isNotEqualTo(old);
        assertThat(body.path("previousKeyExpiresAt").asText()).isEqualTo(TestWorld.START.plusSeconds(600).toString());
        assertThat(authorizedBearer(old)).isTrue();
        assertThat(authorizedBearer(fresh)).isTrue();
        world.clock.advance(Duration.ofSeconds(600));
        try {
            assertThat(authorizedBearer(old)).isFalse();
            assertThat(authorizedBearer(fresh)).isTrue();
            assertError(rotate(old, null), 403, "forbidden");
        } finally {
            world.clock.advance(Duration.ofSeconds(-600));
        }
    }

    @Test
    void rotate_defaultsToAnHourOfGrace_andZeroEndsTheOldKeyNow() {
        String first = world.services.apiKeys().createKey();
        JsonNode defaulted = HttpDriver.body(rotate(first, null));
        assertThat(Instant.parse(defaulted.path("previousKeyExpiresAt").asText())).isEqualTo(TestWorld.START.plusSeconds(3600));

        String second = defaulted.path("apiKey").asText();
        assertThat(rotate(second, "{\"graceSeconds\":0}").getStatusCode()).isEqualTo(201);
        assertThat(authorizedBearer(second)).isFalse();
    }

    @Test
    void rotate_isRefused403_forAKeyAlreadyRotatedOut_evenDuringItsGrace() {
        // GIVEN a key rotated out with a day of grace
        String old = world.services.apiKeys().createKey();
        String fresh = HttpDriver.body(rotate(old, "{\"graceSeconds\":86400}")).path("apiKey").asText();

        // WHEN the rotated-out key tries to rotate again (to mint another permanent key, or cut its own grace)
        APIGatewayV2HTTPResponse again = rotate(old, "{\"graceSeconds\":0}");

        // THEN it is refused, nothing was minted, and both keys stand as they were
        assertError(again, 403, "forbidden");
        assertThat(authorizedBearer(old)).isTrue();
        assertThat(authorizedBearer(fresh)).isTrue();
        assertError(rotate(old, null), 403, "forbidden");
        world.clock.advance(Duration.ofSeconds(86_400));
        try {
            assertThat(authorizedBearer(old)).isFalse();
            assertThat(authorizedBearer(fresh)).isTrue();
        } finally {
            world.clock.advance(Duration.ofSeconds(-86_400));
        }
    }

    @Test
    void rotate_keepsAtMostOnePreviousKeyInGrace() {
        // GIVEN a rotates to b with a day of grace
        String a = world.services.apiKeys().createKey();
        String b = HttpDriver.body(rotate(a, "{\"graceSeconds\":86400}")).path("apiKey").asText();

        // WHEN b rotates to c
        String c = HttpDriver.body(rotate(b, "{\"graceSeconds\":600}")).path("apiKey").asText();

        // THEN only b is in grace: a's grace ended with its successor's rotation
        assertThat(authorizedBearer(a)).isFalse();
        assertThat(authorizedBearer(b)).isTrue();
        assertThat(authorizedBearer(c)).isTrue();
    }

    @Test
    void rotate_refusesBadGraceOrBody() {
        String key = world.services.apiKeys().createKey();

        assertError(rotate(key, "{\"graceSeconds\":-1}"), 400, "invalid-field");
        assertError(rotate(key, "{\"graceSeconds\":86401}"), 400, "invalid-field");
        assertError(rotate(key, "{\"graceSeconds\":1.5}"), 400, "invalid-field");
        assertError(rotate(key, "nope"), 400, "invalid-json");
        assertThat(authorizedBearer(key)).isTrue();
    }
}
