package dev.otter.lambda.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.webhook.DeadLetter;
import dev.otter.core.webhook.Webhooks;
import dev.otter.lambda.http.WebhooksHandler;
import dev.otter.testing.HttpDriver;
import dev.otter.testing.TestWorld;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook routes through their handler, on the DynamoDB store over dynalite (a table of this test's own). */
class WebhookRoutesTest {
    private TestWorld world;
    private WebhooksHandler handler;

    @BeforeEach
    void start() {
        world = TestWorld.embeddedWithOwnTables("webhook-routes-" + System.nanoTime() + "-");
        handler = new WebhooksHandler(world.services);
    }

    @AfterEach
    void stop() {
        world.close();
    }

    private APIGatewayV2HTTPResponse call(String routeKey, String rawPath, String id, String body) {
        Map<String, Object> values = new HashMap<>();
        values.put("rawPath", rawPath);
        values.put("body", body);
        if (id != null) values.put("id", id);
        return handler.handleRequest(HttpDriver.event(routeKey, values), null);
    }

    private static void assertError(APIGatewayV2HTTPResponse response, int status, String code) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(HttpDriver.body(response).path("error").path("code").asText()).isEqualTo(code);
        assertThat(HttpDriver.body(response).path("error").path("message").asText()).isNotBlank();
    }

    @Test
    void register_answersTheSecretOnce_andListingNeverShowsIt() {
        APIGatewayV2HTTPResponse registered = call("POST /webhooks", "/webhooks", null, "{\"url\":\"https://receiver.example.test/otter\"}");

        assertThat(registered.getStatusCode()).isEqualTo(201);
        JsonNode body = HttpDriver.body(registered);
        assertThat(body.path("id").asText()).startsWith("wh_");
        assertThat(body.path("secret").asText()).startsWith("whsec_");
        JsonNode listed = HttpDriver.body(call("GET /webhooks", "/webhooks", null, null));
        assertThat(listed.path("webhooks")).hasSize(1);
        assertThat(listed.path("webhooks").get(0).path("url").asText()).isEqualTo("https://receiver.example.test/otter");
        assertThat(listed.toString()).doesNotContain(body.path("secret").asText()).doesNotContain("whsec_");
    }

    @Test
    void delete_removesTheEndpoint_andAnUnknownIdIs404() {
        String id = HttpDriver.body(call("POST /webhooks", "/webhooks", null, "{\"url\":\"https://a.example.test/\"}")).path("id").asText();

        assertThat(call("DELETE /webhooks/{id}", "/webhooks/" + id, id, null).getStatusCode()).isEqualTo(200);
        assertThat(HttpDriver.body(call("GET /webhooks", "/webhooks", null, null)).path("webhooks")).isEmpty();
        assertError(call("DELETE /webhooks/{id}", "/webhooks/" + id, id, null), 404, "webhook-not-found");
    }

    @Test
    void register_refusesWhatIsNotAnHttpsUrl_with400() {
        for (String body : new String[] {"{}", "{\"url\":\"http://receiver.example.test/\"}", "{\"url\":\"http://127.0.0.1:9/\"}",
                "{\"url\":\"not a url\"}", "{\"url\":\"https://user:pw@example.test/\"}", "{\"url\":42}",
                "{\"url\":\"https://127.0.0.1:9001/\"}", "{\"url\":\"https://169.254.169.254/\"}", "{\"url\":\"https://10.0.0.8/\"}",
                "{\"url\":\"https://[::1]/\"}", "{\"url\":\"https://localhost/\"}", "{\"url\":\"https://[fd00::1]/\"}"}) {
            assertError(call("POST /webhooks", "/webhooks", null, body), 400, "invalid-field");
        }
        assertError(call("POST /webhooks", "/webhooks", null, "{not json"), 400, "invalid-json");
    }

    @Test
    void register_refusesAnEleventhEndpoint_with409() {
        for (int i = 0; i < Webhooks.MAX_ENDPOINTS; i++) {
            assertThat(call("POST /webhooks", "/webhooks", null, "{\"url\":\"https://e" + i + ".example.test/\"}").getStatusCode()).isEqualTo(201);
        }
        assertError(call("POST /webhooks", "/webhooks", null, "{\"url\":\"https://one-more.example.test/\"}"), 409, "webhook-limit");
    }

    @Test
    void deadLetters_listsWhatWasGivenUpOn_oldestFirst() {
        Instant now = world.clock.instant();
        world.services.webhookStore().putDeadLetter(new DeadLetter("evt_2", "wh_a", "room.ended", 10, "HTTP 500",
                now.minusSeconds(90_000), now, "{\"type\":\"room.ended\"}"));
        world.services.webhookStore().putDeadLetter(new DeadLetter("evt_1", "wh_a", "room.created", 10, "no answer",
                now.minusSeconds(99_000), now.minusSeconds(5_000), "{\"type\":\"room.created\"}"));

        JsonNode letters = HttpDriver.body(call("GET /webhooks/deadLetters", "/webhooks/deadLetters", null, null)).path("deadLetters");

        assertThat(letters).hasSize(2);
        assertThat(letters.get(0).path("eventId").asText()).isEqualTo("evt_1");
        assertThat(letters.get(1).path("lastResult").asText()).isEqualTo("HTTP 500");
        assertThat(letters.get(1).path("payload").asText()).isEqualTo("{\"type\":\"room.ended\"}");
    }
}
