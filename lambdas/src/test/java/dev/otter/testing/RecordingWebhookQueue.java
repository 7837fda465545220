package dev.otter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.port.WebhookQueue;
import dev.otter.core.webhook.QueuedWebhook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what handlers queue, with the delay asked for, so tests can read the events a call caused. */
public final class RecordingWebhookQueue implements WebhookQueue {
    public record Queued(QueuedWebhook message, Duration delay) {}

    private final List<Queued> queued = new CopyOnWriteArrayList<>();

    @Override
    public void enqueue(QueuedWebhook message, Duration delay) {
        queued.add(new Queued(message, delay));
    }

    public List<Queued> queued() {
        return List.copyOf(queued);
    }

    /** The payloads of the events of {@code roomId}, in the order they were queued. */
    public List<JsonNode> eventsOf(String roomId) {
        return queued.stream().map(q -> payload(q.message()))
                .filter(payload -> payload.path("data").path("roomId").asText().equals(roomId)).toList();
    }

    public void clear() {
        queued.clear();
    }

    private static JsonNode payload(QueuedWebhook message) {
        try {
            return Fixtures.MAPPER.readTree(message.payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
