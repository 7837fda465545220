package dev.otter.core.webhook;

import dev.otter.core.port.WebhookQueue;
import dev.otter.core.port.WebhookStore;
import dev.otter.core.port.WebhookTransport;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Delivers the webhook queue, the same code on AWS (the sender Lambda) and locally (the runner's in-process queue).
 * An event is first fanned out into one message per registered endpoint, so each endpoint's delivery is tried,
 * retried and given up on by itself and a slow endpoint delays no other. A delivery succeeds on a 2xx answer;
 * anything else is tried again on the {@link RetrySchedule}, with a fresh timestamp and signature and the same id and
 * body, until the schedule gives up and the delivery becomes a {@link DeadLetter}.
 */
public final class WebhookSender {
    private static final System.Logger LOG = System.getLogger(WebhookSender.class.getName());

    private final WebhookStore store;
    private final WebhookQueue queue;
    private final WebhookTransport transport;
    private final RetrySchedule schedule;
    private final Clock clock;

    public WebhookSender(WebhookStore store, WebhookQueue queue, WebhookTransport transport, RetrySchedule schedule, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.transport = transport;
        this.schedule = schedule;
        this.clock = clock;
    }

    /** Handles one queue message; a failure of the store or the queue throws, so the queue hands it back later. */
    public void handle(QueuedWebhook message) {
        Instant now = clock.instant();
        if (message.notBefore() != null && message.notBefore().isAfter(now)) {
            queue.enqueue(message, Duration.between(now, message.notBefore()));
            return;
        }
        if (message.endpointId() == null) {
            for (WebhookEndpoint endpoint : store.endpoints()) {
                queue.enqueue(message.forEndpoint(endpoint.id()), Duration.ZERO);
            }
            return;
        }
        Optional<WebhookEndpoint> endpoint = store.endpoint(message.endpointId());
        if (endpoint.isEmpty()) return; // deleted since: its deliveries stop
        deliver(message, endpoint.get(), now);
    }

    private void deliver(QueuedWebhook message, WebhookEndpoint endpoint, Instant now) {
        int attempt = message.attemptsMade() + 1;
        Instant firstAttemptAt = message.firstAttemptAt() == null ? now : message.firstAttemptAt();
        Map<String, String> headers = WebhookSignature.headers(endpoint.secret(), message.eventId(), now, message.payload());
        String result;
        try {
            int status = transport.post(endpoint.url(), headers, message.payload());
            if (status >= 200 && status < 300) return;
            result = "HTTP " + status;
        } catch (IOException e) {
            result = "no answer (" + e.getClass().getSimpleName() + ")";
        }
        Optional<Duration> delay = schedule.delayAfter(attempt, firstAttemptAt, now);
        if (delay.isPresent()) {
            LOG.log(System.Logger.Level.INFO, "webhook " + message.eventId() + " to endpoint " + endpoint.id() + ": " + result
                    + " on attempt " + attempt + ", next in " + delay.get());
            queue.enqueue(message.retry(attempt, firstAttemptAt, now.plus(delay.get())), delay.get());
        } else {
            LOG.log(System.Logger.Level.WARNING, "webhook " + message.eventId() + " to endpoint " + endpoint.id() + ": " + result
                    + " on attempt " + attempt + "; given up, kept as a dead letter");
            store.putDeadLetter(new DeadLetter(message.eventId(), endpoint.id(), message.type(), attempt, result, firstAttemptAt,
                    now, message.payload()));
        }
    }
}
