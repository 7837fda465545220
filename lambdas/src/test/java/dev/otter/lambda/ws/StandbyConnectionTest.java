package dev.otter.lambda.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.Link;
import dev.otter.core.Links;
import dev.otter.core.Role;
import dev.otter.core.Rooms;
import dev.otter.core.signaling.SeatLifecycle;
import dev.otter.core.webhook.EndReason;
import dev.otter.lambda.AuthorizerContext;
import dev.otter.testing.SignalingDriver.Connection;
import dev.otter.testing.SignalingWorld;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Standby connections ({@code ?standby=1}) through the real authorizer and handlers on dynalite: opened while a
 * person is still on the pre-join screen, they hold no seat and burn no link until their {@code join}.
 */
class StandbyConnectionTest extends SignalingWorld {

    @Test
    void aStandbyConnection_holdsNoSeat_untilItJoins_andIsThenAnnouncedLikeAnyOther() {
        Rooms.CreatedRoom room = world.createRoom(2);
        Connection host = gateway.connect(room.hostToken());
        gateway.join(host, "Ada");
        Connection standby = gateway.connectStandby(room.guestToken());

        assertThat(standby.open()).isTrue();
        assertThat(participantsOf(room)).isEqualTo(1);
        assertThat(seatOf(room, standby.peerId())).isEmpty();
        assertThat(world.messenger.sentTo(standby.connectionId())).isEmpty();

        JsonNode joined = gateway.join(standby, "Grace");

        assertThat(joined.path("type").asText()).isEqualTo("joined");
        assertThat(joined.path("peerId").asText()).isEqualTo(standby.peerId());
        assertThat(joined.path("peers").path(0).path("peerId").asText()).isEqualTo(host.peerId());
        JsonNode announced = world.messenger.last(host.connectionId());
        assertThat(announced.path("type").asText()).isEqualTo("peer-joined");
        assertThat(announced.path("peer").path("name").asText()).isEqualTo("Grace");
        assertThat(participantsOf(room)).isEqualTo(2);
    }

    @Test
    void standbyConnections_beyondTheRoomsSize_connect_andTheLateJoinerIsToldTheRoomIsFull_withNothingAnnounced() {
        Rooms.CreatedRoom room = world.createRoom(2);
        Connection first = gateway.connectStandby(room.guestToken());
        Connection second = gateway.connectStandby(room.guestToken());
        Connection third = gateway.connectStandby(room.guestToken());
        assertThat(third.open()).isTrue();
        gateway.join(first, "One");
        gateway.join(second, "Two");
        world.messenger.clear();

        JsonNode refused = gateway.join(third, "Three");

        assertThat(refused.path("type").asText()).isEqualTo("error");
        assertThat(refused.path("code").asText()).isEqualTo("room-full");
        assertThat(world.messenger.sentTo(first.connectionId())).isEmpty();
        assertThat(world.messenger.sentTo(second.connectionId())).isEmpty();
        assertThat(seatOf(room, third.peerId())).isEmpty();
    }

    @Test
    void aStandbyConnection_thatClosesWithoutJoining_changesNothing() {
        Rooms.CreatedRoom room = world.createRoom(2);
        Connection host = gateway.connect(room.hostToken());
        gateway.join(host, "Ada");
        world.messenger.clear();
        Connection standby = gateway.connectStandby(room.guestToken());

        gateway.drop(standby);

        assertThat(participantsOf(room)).isEqualTo(1);
        assertThat(world.messenger.sentTo(host.connectionId())).isEmpty();
        Connection later = gateway.connect(room.guestToken());
        assertThat(gateway.join(later, "Grace").path("type").asText()).isEqualTo("joined");
    }

    @Test
    void aSingleUseLink_isBurnedByTheJoin_notByAStandbyConnection() {
        Rooms.CreatedRoom room = world.createRoom(4);
        Links.Created link = new Links(world.services.roomStore(), world.clock).create(room.room().roomId(),
                new Links.Request(Role.GUEST, "Dr. Ada", null, Link.Use.SINGLE), world.services.roomTokens());
        Connection lookedOnly = gateway.connectStandby(link.token());
        gateway.drop(lookedOnly);
        Connection first = gateway.connectStandby(link.token());
        Connection second = gateway.connectStandby(link.token());

        JsonNode joined = gateway.join(first, "Ada");
        JsonNode refused = gateway.join(second, "Impostor");

        assertThat(joined.path("type").asText()).isEqualTo("joined");
        assertThat(refused.path("code").asText()).isEqualTo("link-used");
        assertThat(stored(room).link(link.link().linkId()).orElseThrow().state()).isEqualTo(Link.State.USED);
        assertThat(seatOf(room, second.peerId())).isEmpty();
    }

    @Test
    void aRepeatedJoin_ofAStandbyConnection_keepsItsOneSeat() {
        Rooms.CreatedRoom room = world.createRoom(3);
        Connection standby = gateway.connectStandby(room.guestToken());
        gateway.join(standby, "Grace");

        JsonNode again = gateway.join(standby, "Grace Hopper");

        assertThat(again.path("type").asText()).isEqualTo("joined");
        assertThat(participantsOf(room)).isEqualTo(1);
        assertThat(seatOf(room, standby.peerId()).orElseThrow().name()).isEqualTo("Grace Hopper");
    }

    @Test
    void aStandbyGuestOfALobbyRoom_waits_andKnocksAgainOnItsOneSeat() {
        Rooms.CreatedRoom room = world.createLobbyRoom(3);
        Connection host = gateway.connect(room.hostToken());
        gateway.join(host, "Ada");
        Connection guest = gateway.connectStandby(room.guestToken());

        JsonNode waiting = gateway.join(guest, "Grace");
        world.clock.advance(SeatLifecycle.KNOCK_INTERVAL.plusSeconds(1));
        JsonNode again = gateway.join(guest, "Grace");

        assertThat(waiting.path("type").asText()).isEqualTo("lobby-waiting");
        assertThat(again.path("type").asText()).isEqualTo("lobby-waiting");
        assertThat(world.messenger.last(host.connectionId()).path("type").asText()).isEqualTo("knock");
        assertThat(participantsOf(room)).isEqualTo(2);
    }

    @Test
    void aStandbyConnection_toAnEndedRoom_isRefusedAtTheUpgrade() {
        Rooms.CreatedRoom room = world.createRoom(2);
        world.services.seats().end(room.room().roomId(), EndReason.API);

        Connection standby = gateway.connectStandby(room.guestToken());

        assertThat(standby.status()).isEqualTo(410);
    }

    @Test
    void aResumeToken_winsOverStandby_theResumedConnectionTakesItsSeatBackAtOnce() {
        Rooms.CreatedRoom room = world.createRoom(2);
        Connection guest = gateway.connect(room.guestToken());
        String resumeToken = gateway.join(guest, "Grace").path("resumeToken").asText();
        gateway.drop(guest);

        Connection resumed = gateway.connectWith(Map.of("token", room.guestToken(), "resume", resumeToken, "standby", "1"));

        assertThat(resumed.context()).doesNotContainKey(AuthorizerContext.STANDBY);
        assertThat(seatOf(room, guest.peerId()).orElseThrow().connectionId()).isEqualTo(resumed.connectionId());
    }
}
