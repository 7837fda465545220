package dev.otter.core.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.core.ResumeTokens;
import dev.otter.core.Role;
import dev.otter.core.RoomOptions;
import dev.otter.core.RoomTokens;
import dev.otter.core.Rooms;
import dev.otter.core.port.RelayRevoker;
import dev.otter.core.webhook.EndReason;
import dev.otter.core.webhook.WebhookPublisher;
import dev.otter.testing.InMemoryRoomStore;
import dev.otter.testing.MutableClock;
import dev.otter.testing.RecordingMessenger;
import dev.otter.testing.RecordingWebhookQueue;
import dev.otter.testing.TestWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The expiry sweep on the in-memory store, with a clock that starts now and is moved by hand. */
class RoomExpiryTest {
    private final InMemoryRoomStore store = new InMemoryRoomStore();
    private final MutableClock clock = new MutableClock(TestWorld.START);
    private final RecordingMessenger messenger = new RecordingMessenger();
    private final RecordingWebhookQueue webhooks = new RecordingWebhookQueue();
    private final List<String> revoked = new ArrayList<>();
    private final SeatLifecycle seats = new SeatLifecycle(store, () -> new ResumeTokens(TestWorld.JWT_SECRET, clock), clock);
    private final Notifier notifier = new Notifier(messenger, seats, (RelayRevoker) (roomId, peerId) -> revoked.add(roomId),
            new WebhookPublisher(webhooks));
    private final RoomExpiry expiry = new RoomExpiry(store, seats, notifier, clock);

    private String room(int ttlHours) {
        return new Rooms(store, clock).create(new RoomOptions(4, ttlHours, "Room", false), new RoomTokens(TestWorld.JWT_SECRET, clock))
                .room().roomId();
    }

    private List<String> endedEvents(String roomId) {
        return webhooks.eventsOf(roomId).stream().filter(event -> event.path("type").asText().equals("room.ended"))
                .map(event -> event.path("data").path("reason").asText()).toList();
    }

    @Test
    void sweep_endsOnlyTheRoomsPastTheirExpiry_andPublishesRoomEndedExpiredOnce() {
        String expired = room(1);
        String open = room(2);
        String endedByApi = room(1);
        notifier.carryOut(seats.end(endedByApi, EndReason.API).outcome());
        clock.advance(Duration.ofHours(1).plusSeconds(1));

        int first = expiry.sweep();
        int second = expiry.sweep();

        assertThat(first).isEqualTo(1);
        assertThat(second).isZero();
        assertThat(endedEvents(expired)).containsExactly("expired");
        assertThat(endedEvents(open)).isEmpty();
        assertThat(endedEvents(endedByApi)).containsExactly("api");
        assertThat(store.find(expired).orElseThrow().ended()).isTrue();
        assertThat(store.find(open).orElseThrow().ended()).isFalse();
        assertThat(revoked).contains(expired).doesNotContain(open);
    }

    @Test
    void sweep_atTheExpiryInstant_endsTheRoom_andASecondBefore_doesNot() {
        String roomId = room(1);

        clock.advance(Duration.ofHours(1).minusSeconds(1));
        assertThat(expiry.sweep()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(expiry.sweep()).isEqualTo(1);
        assertThat(endedEvents(roomId)).containsExactly("expired");
    }

    @Test
    void sweep_tellsWhoIsStillInTheRoom_andDisconnectsThem() {
        String roomId = room(1);
        Caller host = new Caller(roomId, "host", Role.HOST, "conn-host");
        notifier.carryOut(seats.connect(host, false));
        notifier.carryOut(seats.join(host, "Host"));
        clock.advance(Duration.ofHours(1));

        expiry.sweep();

        assertThat(messenger.typesSentTo("conn-host")).last().isEqualTo("room-ended");
        assertThat(messenger.disconnected()).containsExactly("conn-host");
        assertThat(store.find(roomId).orElseThrow().participants()).isZero();
    }

    @Test
    void sweep_stopsAtRoomsOlderThanTheLookback() {
        String ancient = room(1);
        clock.advance(RoomExpiry.LOOKBACK.plusHours(1));
        String recent = room(1);
        clock.advance(Duration.ofHours(1));

        assertThat(expiry.sweep()).isEqualTo(1);
        assertThat(endedEvents(recent)).containsExactly("expired");
        assertThat(endedEvents(ancient)).isEmpty();
    }
}
