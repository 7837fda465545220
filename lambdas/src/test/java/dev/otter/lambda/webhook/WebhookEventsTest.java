package dev.otter.lambda.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.Rooms;
import dev.otter.core.signaling.SeatLifecycle;
import dev.otter.lambda.http.CreateRoomHandler;
import dev.otter.lambda.http.DeveloperRoomsHandler;
import dev.otter.testing.HttpDriver;
import dev.otter.testing.SignalingDriver.Connection;
import dev.otter.testing.SignalingWorld;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The events the real handlers hand to the webhook queue, on dynalite, for calls scripted through them. */
class WebhookEventsTest extends SignalingWorld {
    private static List<String> typesWithReasons(String roomId) {
        return world.webhooks.eventsOf(roomId).stream()
                .map(event -> event.path("type").asText()
                        + (event.path("data").has("reason") ? ":" + event.path("data").path("reason").asText() : ""))
                .toList();
    }

    private static String roomId(Rooms.CreatedRoom room) {
        return room.room().roomId();
    }

    @Test
    void aLobbyCall_queuesEveryEventInTheOrderItHappened() {
        Rooms.CreatedRoom room = world.createLobbyRoom(5);
        Connection host = gateway.connect(room.hostToken());
        gateway.join(host, "Host");
        Connection guest = gateway.connect(room.guestToken());
        gateway.join(guest, "Guest");
        gateway.send(host, "{\"action\":\"admit\",\"peerId\":\"" + guest.peerId() + "\"}");
        Connection visitor = gateway.connect(room.guestToken());
        gateway.join(visitor, "Visitor");
        gateway.send(host, "{\"action\":\"deny\",\"peerId\":\"" + visitor.peerId() + "\"}");
        Connection second = gateway.connect(room.guestToken());
        gateway.join(second, "Second");
        gateway.send(host, "{\"action\":\"admit\",\"peerId\":\"" + second.peerId() + "\"}");
        gateway.send(host, "{\"action\":\"remove\",\"peerId\":\"" + second.peerId() + "\"}");
        gateway.close(guest);
        gateway.send(host, "{\"action\":\"end\"}");

        assertThat(typesWithReasons(roomId(room))).containsExactly(
                "room.started", "participant.joined",
                "participant.knocked", "participant.admitted", "participant.joined",
                "participant.knocked", "participant.denied",
                "participant.knocked", "participant.admitted", "participant.joined",
                "participant.left:removed",
                "participant.left:left",
                "room.ended:host");
    }

    @Test
    void aParticipantEvent_namesThePeerAsItAnnouncedItself_withRoleAndTimes_andNothingElse() {
        Rooms.CreatedRoom room = world.createRoom(4);
        Connection guest = gateway.connect(room.guestToken());
        gateway.join(guest, "Dr. Ada");

        JsonNode joined = world.webhooks.eventsOf(roomId(room)).get(1);
        JsonNode data = joined.path("data");
        assertThat(joined.path("type").asText()).isEqualTo("participant.joined");
        assertThat(joined.path("timestamp").asText()).isEqualTo(world.clock.instant().toString());
        assertThat(data.path("eventId").asText()).startsWith("evt_");
        assertThat(data.path("roomId").asText()).isEqualTo(roomId(room));
        assertThat(data.path("peerId").asText()).isEqualTo(guest.peerId());
        assertThat(data.path("name").asText()).isEqualTo("Dr. Ada");
        assertThat(data.path("role").asText()).isEqualTo("guest");
        assertThat(data.has("linkId")).isTrue();
        assertThat(data.path("linkId").isNull()).isTrue();
        assertThat(data.path("joinedAt").asText()).isNotEmpty();
        List<String> fields = new java.util.ArrayList<>();
        data.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("eventId", "roomId", "peerId", "name", "role", "linkId", "joinedAt");
        assertThat(world.webhooks.queued().get(world.webhooks.queued().size() - 1).message().eventId())
                .isEqualTo(data.path("eventId").asText());
    }

    @Test
    void aParticipantWhoVanished_leavesAsGone_onceTheResumeWindowHasPassed() {
        Rooms.CreatedRoom room = world.createRoom(4);
        Connection stays = gateway.connect(room.guestToken());
        gateway.join(stays, "Stays");
        Connection vanishes = gateway.connect(room.guestToken());
        gateway.join(vanishes, "Vanishes");
        gateway.drop(vanishes);
        assertThat(typesWithReasons(roomId(room))).doesNotContain("participant.left:gone");

        world.clock.advance(SeatLifecycle.RESUME_WINDOW.plus(Duration.ofSeconds(1)));
        gateway.send(stays, "{\"action\":\"ping\"}");

        assertThat(typesWithReasons(roomId(room))).endsWith("participant.left:gone");
        assertThat(world.webhooks.eventsOf(roomId(room)).get(3).path("data").path("peerId").asText()).isEqualTo(vanishes.peerId());
    }

    @Test
    void aResumedConnection_joinsAgainWithoutASecondJoinedEvent() {
        Rooms.CreatedRoom room = world.createRoom(4);
        Connection first = gateway.connect(room.guestToken());
        String resumeToken = gateway.join(first, "Resumer").path("resumeToken").asText();
        gateway.drop(first);

        Connection resumed = gateway.connect(room.guestToken(), resumeToken);
        gateway.join(resumed, "Resumer");

        assertThat(typesWithReasons(roomId(room))).containsExactly("room.started", "participant.joined");
    }

    @Test
    void theDevelopersApi_createsAndEndsRooms_withOneEndedEvent_forRepeatedEnds() {
        CreateRoomHandler create = new CreateRoomHandler(world.services);
        DeveloperRoomsHandler developer = new DeveloperRoomsHandler(world.services);
        String roomId = HttpDriver.body(create.handleRequest(HttpDriver.event("POST /createRoom",
                Map.of("rawPath", "/createRoom", "body", "{}")), null)).path("roomId").asText();

        for (int i = 0; i < 2; i++) {
            assertThat(developer.handleRequest(HttpDriver.event("DELETE /rooms/{id}",
                    Map.of("rawPath", "/rooms/" + roomId, "id", roomId)), null).getStatusCode()).isEqualTo(200);
        }

        assertThat(typesWithReasons(roomId)).containsExactly("room.created", "room.ended:api");
    }
}
