package dev.otter.core.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The body of a webhook, in the Standard Webhooks payload shape {@code {"type", "timestamp", "data"}}, with the
 * event id in {@code data.eventId} too (the {@code webhook-id} header carries it as well). Written once when the
 * event is queued, so every retry sends (and signs) the same bytes.
 */
public final class WebhookPayload {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookPayload() {}

    public static String write(WebhookEvent event) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", event.type().wire());
        root.put("timestamp", event.timestamp().toString());
        ObjectNode data = root.putObject("data");
        data.put("eventId", event.id());
        data.put("roomId", event.roomId());
        if (event.peerId() != null) {
            data.put("peerId", event.peerId());
            data.put("name", event.name());
            data.put("role", event.role());
            data.put("linkId", event.linkId());
            data.put("joinedAt", text(event.joinedAt()));
        }
        if (event.reason() != null) data.put("reason", event.reason());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a webhook payload could not be written", e);
        }
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
