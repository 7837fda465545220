package dev.otter.core.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One message on the webhook queue: an event still to be fanned out to every endpoint ({@code endpointId} null), or
 * one endpoint's delivery to retry. Holds the payload exactly as first written, so retries sign the same bytes.
 *
 * @param attemptsMade   attempts so far for this endpoint (0 for a fan-out)
 * @param firstAttemptAt when the first attempt for this endpoint was made ({@code null} for a fan-out)
 * @param notBefore      not to be tried before this (a queue that cannot hold a message that long hands it back
 *                       early; the sender puts it back until then); {@code null} for at once
 */
public record QueuedWebhook(String eventId, String type, String payload, String endpointId, int attemptsMade,
                            Instant firstAttemptAt, Instant notBefore) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static QueuedWebhook of(WebhookEvent event) {
        return new QueuedWebhook(event.id(), event.type().wire(), WebhookPayload.write(event), null, 0, null, null);
    }

    public QueuedWebhook forEndpoint(String endpoint) {
        return new QueuedWebhook(eventId, type, payload, endpoint, 0, null, null);
    }

    public QueuedWebhook retry(int attempts, Instant firstAttempt, Instant at) {
        return new QueuedWebhook(eventId, type, payload, endpointId, attempts, firstAttempt, at);
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("eventId", eventId);
        node.put("type", type);
        node.put("payload", payload);
        node.put("endpointId", endpointId);
        node.put("attemptsMade", attemptsMade);
        node.put("firstAttemptAt", firstAttemptAt == null ? null : firstAttemptAt.toString());
        node.put("notBefore", notBefore == null ? null : notBefore.toString());
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a queued webhook could not be written", e);
        }
    }

    /** @throws IllegalArgumentException for a body that is not one of ours */
    public static QueuedWebhook fromJson(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            String eventId = node.path("eventId").asText(null);
            String payload = node.path("payload").asText(null);
            if (eventId == null || payload == null) throw new IllegalArgumentException("not a queued webhook");
            return new QueuedWebhook(eventId, node.path("type").asText(""), payload, textOrNull(node, "endpointId"),
                    node.path("attemptsMade").asInt(0), instantOrNull(node, "firstAttemptAt"), instantOrNull(node, "notBefore"));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a queued webhook", e);
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instantOrNull(JsonNode node, String field) {
        String text = textOrNull(node, field);
        return text == null ? null : Instant.parse(text);
    }
}
