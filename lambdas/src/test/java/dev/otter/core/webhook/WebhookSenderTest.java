package dev.otter.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.core.port.WebhookStore;
import dev.otter.core.port.WebhookTransport;
import dev.otter.testing.MutableClock;
import dev.otter.testing.RecordingWebhookQueue;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sender's rules over an in-memory store, a recording queue and a scripted endpoint; the clock is moved by hand. */
class WebhookSenderTest {
    private final MutableClock clock = new MutableClock(Instant.now());
    private final MemoryStore store = new MemoryStore();
    private final RecordingWebhookQueue queue = new RecordingWebhookQueue();
    private final ScriptedEndpoint endpoint = new ScriptedEndpoint();
    private final WebhookSender sender = new WebhookSender(store, queue, endpoint, RetrySchedule.DEFAULT, clock);
    private WebhookEndpoint registered;

    @BeforeEach
    void register() {
        registered = new Webhooks(store, Webhooks.UrlPolicy.HTTPS, clock).register("https://receiver.example.test/hooks").endpoint();
    }

    private QueuedWebhook event() {
        return QueuedWebhook.of(WebhookEvent.roomCreated("RoomRoomRoomRoomRoom00", clock.instant()));
    }

    /** Hands the last queued message to the sender, as the queue would once its delay is over. */
    private void deliverLastQueued() {
        RecordingWebhookQueue.Queued last = queue.queued().get(queue.queued().size() - 1);
        clock.advance(last.delay());
        sender.handle(last.message());
    }

    @Test
    void anEvent_isFannedOutToOneMessagePerEndpoint_andNothingIsSentYet() {
        WebhookEndpoint second = new Webhooks(store, Webhooks.UrlPolicy.HTTPS, clock).register("https://other.example.test/").endpoint();

        sender.handle(event());

        assertThat(queue.queued()).extracting(q -> q.message().endpointId()).containsExactly(registered.id(), second.id());
        assertThat(queue.queued()).allMatch(q -> q.delay().isZero());
        assertThat(endpoint.requests).isEmpty();
    }

    @Test
    void aDelivery_isSignedForItsEndpoint_andEndsOnA2xx() {
        QueuedWebhook event = event();
        sender.handle(event);
        endpoint.answers.add(204);

        deliverLastQueued();

        assertThat(endpoint.requests).hasSize(1);
        Request request = endpoint.requests.get(0);
        assertThat(request.url()).isEqualTo("https://receiver.example.test/hooks");
        assertThat(request.body()).isEqualTo(event.payload());
        assertThat(request.headers().get("webhook-id")).isEqualTo(event.eventId());
        assertThat(request.headers().get("webhook-signature")).isEqualTo(WebhookSignature.sign(registered.secret(), event.eventId(),
                clock.instant().getEpochSecond(), event.payload()));
        assertThat(queue.queued()).hasSize(1); // only the fan-out's message: nothing to retry
    }

    @Test
    void aFailedDelivery_isRetriedWithBackoff_withTheSameIdAndBody_andAFreshTimestamp() {
        QueuedWebhook event = event();
        sender.handle(event);
        endpoint.answers.addAll(List.of(500, 503, 200));

        deliverLastQueued();
        deliverLastQueued();
        deliverLastQueued();

        assertThat(endpoint.requests).hasSize(3);
        assertThat(endpoint.requests).extracting(r -> r.headers().get("webhook-id")).containsOnly(event.eventId());
        assertThat(endpoint.requests).extracting(Request::body).containsOnly(event.payload());
        assertThat(endpoint.requests).extracting(r -> r.headers().get("webhook-timestamp")).doesNotHaveDuplicates();
        assertThat(queue.queued()).extracting(RecordingWebhookQueue.Queued::delay)
                .containsExactly(Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(20));
        assertThat(store.deadLetters()).isEmpty();
    }

    @Test
    void aDeliveryFailingForADay_becomesADeadLetter_withItsPayloadAndLastResult() {
        QueuedWebhook event = event();
        sender.handle(event);
        Instant first = clock.instant();
        endpoint.refuseConnections = true;

        int attempts = 0;
        while (store.deadLetters().isEmpty() && attempts < 50) {
            deliverLastQueued();
            attempts++;
        }

        assertThat(attempts).isEqualTo(10);
        DeadLetter letter = store.deadLetters().get(0);
        assertThat(letter.eventId()).isEqualTo(event.eventId());
        assertThat(letter.endpointId()).isEqualTo(registered.id());
        assertThat(letter.attempts()).isEqualTo(10);
        assertThat(letter.lastResult()).contains("no answer");
        assertThat(letter.payload()).isEqualTo(event.payload());
        assertThat(Duration.between(first, letter.failedAt())).isLessThanOrEqualTo(Duration.ofDays(1));
    }

    @Test
    void aMessageBackEarly_goesBackOnTheQueueUntilItsTime_unsent() {
        QueuedWebhook early = event().forEndpoint(registered.id()).retry(3, clock.instant(), clock.instant().plus(Duration.ofHours(2)));

        sender.handle(early);

        assertThat(endpoint.requests).isEmpty();
        assertThat(queue.queued()).singleElement().satisfies(q -> {
            assertThat(q.delay()).isEqualTo(Duration.ofHours(2));
            assertThat(q.message()).isEqualTo(early);
        });
    }

    @Test
    void aDeletedEndpoint_getsNoMoreDeliveries() {
        sender.handle(event());
        store.deleteEndpoint(registered.id());

        deliverLastQueued();

        assertThat(endpoint.requests).isEmpty();
    }

    private record Request(String url, Map<String, String> headers, String body) {}

    private static final class ScriptedEndpoint implements WebhookTransport {
        final List<Request> requests = new CopyOnWriteArrayList<>();
        final Deque<Integer> answers = new ArrayDeque<>();
        boolean refuseConnections;

        @Override
        public int post(String url, Map<String, String> headers, String body) throws IOException {
            requests.add(new Request(url, Map.copyOf(headers), body));
            if (refuseConnections) throw new ConnectException("refused");
            return answers.isEmpty() ? 200 : answers.removeFirst();
        }
    }

    /** The store's contract in memory; the DynamoDB adapter is tested against dynalite separately. */
    private static final class MemoryStore implements WebhookStore {
        private final List<WebhookEndpoint> endpoints = new ArrayList<>();
        private final List<DeadLetter> deadLetters = new ArrayList<>();

        @Override public void putEndpoint(WebhookEndpoint endpoint) { endpoints.add(endpoint); }
        @Override public List<WebhookEndpoint> endpoints() { return List.copyOf(endpoints); }
        @Override public Optional<WebhookEndpoint> endpoint(String id) {
            return endpoints.stream().filter(e -> e.id().equals(id)).findFirst();
        }
        @Override public boolean deleteEndpoint(String id) { return endpoints.removeIf(e -> e.id().equals(id)); }
        @Override public void putDeadLetter(DeadLetter letter) { deadLetters.add(letter); }
        @Override public List<DeadLetter> deadLetters() { return List.copyOf(deadLetters); }
    }
}
