package dev.otter.lambda.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.Rooms;
import dev.otter.core.signaling.SeatLifecycle;
import dev.otter.testing.SignalingDriver.Connection;
import dev.otter.testing.SignalingWorld;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A link holder must not be able to squat seats, outlast a removal, flood the hosts with knocks or signal
 * without joining: through the real handlers on dynalite.
 */
class SeatAbuseTest extends SignalingWorld {

    private static List<String> types(Connection connection) {
        return world.messenger.typesSentTo(connection.connectionId());
    }

    private static void ping(Connection connection) {
        gateway.send(connection, "{\"action\":\"ping\"}");
    }

    /** {@code count} guests that take a seat a second apart and never join (but keep pinging, so they look alive). */
    private static List<Connection> squatters(Rooms.CreatedRoom room, int count) {
        List<Connection> squatters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            world.clock.advance(Duration.ofSeconds(1));
            Connection squatter = gateway.connect(room.guestToken());
            assertThat(squatter.status()).isEqualTo(200);
            ping(squatter);
            squatters.add(squatter);
        }
        return squatters;
    }

    // Seat squatting

    @Test
    void aHost_getsIntoARoomFilledByGuestsThatNeverJoined_displacingTheOldestOfThem() {
        Rooms.CreatedRoom room = world.createRoom(4);
        List<Connection> squatters = squatters(room, 4);

        Connection host = gateway.connect(room.hostToken());
        JsonNode joined = gateway.join(host, "Host");

        assertThat(host.status()).isEqualTo(200);
        assertThat(joined.path("type").asText()).isEqualTo("joined");
        assertThat(world.messenger.disconnected()).contains(squatters.get(0).connectionId());
        assertThat(seatOf(room, squatters.get(0).peerId())).isEmpty();
        assertThat(participantsOf(room)).isEqualTo(4);
        // A guest still finds the room full.
        assertThat(gateway.connect(room.guestToken()).status()).isEqualTo(409);
    }

    @Test
    void aHost_getsIntoALobbyRoomFilledByWaitingGuests_theOldestIsDenied() {
        Rooms.CreatedRoom room = world.createLobbyRoom(2);
        Connection first = gateway.connect(room.guestToken());
        world.clock.advance(Duration.ofSeconds(1));
        Connection second = gateway.connect(room.guestToken());
        gateway.join(first, "First");
        gateway.join(second, "Second");
        world.messenger.clear();

        Connection host = gateway.connect(room.hostToken());
        JsonNode joined = gateway.join(host, "Host");

        assertThat(host.status()).isEqualTo(200);
        assertThat(types(first)).containsExactly("lobby-denied");
        assertThat(world.messenger.disconnected()).contains(first.connectionId());
        assertThat(joined.path("waiting")).extracting(p -> p.path("peerId").asText()).containsExactly(second.peerId());
    }

    @Test
    void aHost_isRefusedOnlyWhenEverySeatIsHeldByAJoinedParticipant() {
        Rooms.CreatedRoom room = world.createRoom(2);
        gateway.join(gateway.connect(room.guestToken()), "A");
        gateway.join(gateway.connect(room.guestToken()), "B");

        Connection host = gateway.connect(room.hostToken());

        assertThat(host.status()).isEqualTo(409);
        assertThat(host.body()).contains("room-full");
    }

    @Test
    void aSeatThatHasNotJoinedWithinTheDeadline_isFreedByTheNextPing_closingItsSocket_tellingNobody() {
        Rooms.CreatedRoom room = world.createRoom(4);
        Connection member = gateway.connect(room.guestToken());
        gateway.join(member, "Member");
        Connection squatter = squatters(room, 1).get(0);
        world.clock.advance(SeatLifecycle.JOIN_DEADLINE.minusSeconds(1));
        ping(member);
        boolean heldWithinTheDeadline = seatOf(room, squatter.peerId()).isPresent();
        world.clock.advance(Duration.ofSeconds(1));
        world.messenger.clear();

        ping(member);

        assertThat(heldWithinTheDeadline).isTrue();
        assertThat(seatOf(room, squatter.peerId())).isEmpty();
        assertThat(world.messenger.disconnected()).contains(squatter.connectionId());
        assertThat(types(member)).containsExactly("pong");
        // Its socket, were it still open, holds nothing: a late join takes no seat.
        gateway.send(squatter, "{\"action\":\"join\",\"name\":\"Late\"}");
        assertThat(stored(room).seats().keySet()).containsExactly(member.peerId());
    }

    @Test
    void aFullRoomOfSeatsPastTheJoinDeadline_admitsTheNextGuest() {
        Rooms.CreatedRoom room = world.createRoom(2);
        List<Connection> squatters = squatters(room, 2);
        Connection tooSoon = gateway.connect(room.guestToken());
        world.clock.advance(SeatLifecycle.JOIN_DEADLINE);

        Connection later = gateway.connect(room.guestToken());

        assertThat(tooSoon.status()).isEqualTo(409);
        assertThat(later.status()).isEqualTo(200);
        assertThat(stored(room).seats().keySet()).containsExactly(later.peerId());
        assertThat(world.messenger.disconnected()).contains(squatters.get(0).connectionId(), squatters.get(1).connectionId());
    }

    @Test
    void aSeatThatJoinedInTime_isNotFreedByTheDeadline() {
        Rooms.CreatedRoom room = world.createRoom(4);
        Connection a = gateway.connect(room.guestToken());
        Connection b = gateway.connect(room.guestToken());
        gateway.join(a, "A");
        gateway.join(b, "B");
        world.clock.advance(SeatLifecycle.JOIN_DEADLINE.multipliedBy(10));
        world.messenger.clear();

        ping(a);

        assertThat(types(a)).containsExactly("pong");
        assertThat(stored(room).seats().keySet()).containsExactlyInAnyOrder(a.peerId(), b.peerId());
    }

    // Removal sticks

    @Test
    void aRemovedGuest_cannotComeBackWithItsResumeToken() {
        Rooms.CreatedRoom room = world.createRoom(4);
        Connection host = gateway.connect(room.hostToken());
        gateway.join(host, "Host");
        Connection guest = gateway.connect(room.guestToken());
        String resumeToken = gateway.join(guest, "Guest").path("resumeToken").asText();
        gateway.send(host, "{\"action\":\"remove\",\"peerId\":\"" + guest.peerId() + "\"}");
        gateway.drop(guest);
        world.messenger.clear();

        Connection back = gateway.connect(room.guestToken(), resumeToken);

        assertThat(back.status()).isEqualTo(403);
        assertThat(back.body()).contains("\"removed\"");
        assertThat(seatOf(room, guest.peerId())).isEmpty();
        assertThat(world.messenger.sentTo(host.connectionId())).isEmpty();
        // Even after the room is past every window.
        world.clock.advance(SeatLifecycle.RESUME_WINDOW.multipliedBy(3));
        assertThat(gateway.connect(room.guestToken(), resumeToken).status()).isEqualTo(403);
    }

    @Test
    void aRemovedGuest_cannotTakeItsSeatBackBeforeItsOldSocketCloses() {
        Rooms.CreatedRoom room = world.createRoom(4);
        Connection host = gateway.connect(room.hostToken());
        gateway.join(host, "Host");
        Connection guest = gateway.connect(room.guestToken());
        String resumeToken = gateway.join(guest, "Guest").path("resumeToken").asText();

        gateway.send(host, "{\"action\":\"remove\",\"peerId\":\"" + guest.peerId() + "\"}");
        Connection back = gateway.connect(room.guestToken(), resumeToken);

        assertThat(back.status()).isEqualTo(403);
        assertThat(participantsOf(room)).isEqualTo(1);
    }

    @Test
    void aHostStopsTheGuestLink_newGuestsAreRefused_hostsAndResumingGuestsStillGetIn() {
        Rooms.CreatedRoom room = world.createRoom(4);
        Connection host = gateway.connect(room.hostToken());
        Connection coHost = gateway.connect(room.hostToken());
        gateway.join(host, "Host");
        gateway.join(coHost, "Co-host");
        Connection guest = gateway.connect(room.guestToken());
        String resumeToken = gateway.join(guest, "Guest").path("resumeToken").asText();
        world.messenger.clear();

        gateway.send(host, "{\"action\":\"lock\"}");
        Connection newcomer = gateway.connect(room.guestToken());
        gateway.drop(guest);
        Connection back = gateway.connect(room.guestToken(), resumeToken);
        Connection anotherHost = gateway.connect(room.hostToken());

        assertThat(types(host)).containsExactly("locked");
        assertThat(types(coHost)).containsExactly("locked");
        assertThat(world.messenger.sentTo(guest.connectionId())).isEmpty();
        assertThat(newcomer.status()).isEqualTo(403);
        assertThat(newcomer.body()).contains("\"guest-link-stopped\"");
        assertThat(back.status()).isEqualTo(200);
        assertThat(gateway.join(back, "Guest").path("resumed").asBoolean()).isTrue();
        assertThat(anotherHost.status()).isEqualTo(200);
    }

    @Test
    void aGuestCannotStopTheGuestLink() {
        Rooms.CreatedRoom room = world.createRoom(4);
        Connection guest = gateway.connect(room.guestToken());
        gateway.join(guest, "Guest");
        world.messenger.clear();

        gateway.send(guest, "{\"action\":\"lock\"}");

        assertThat(world.messenger.last(guest.connectionId()).path("code").asText()).isEqualTo("forbidden");
        assertThat(gateway.connect(room.guestToken()).status()).isEqualTo(200);
    }

    // Knocks are coalesced

    @Test
    void aWaitingGuestsRepeatedJoins_knockOnce_thenAtMostOncePerInterval() {
        Rooms.CreatedRoom room = world.createLobbyRoom(4);
        Connection host = gateway.connect(room.hostToken());
        gateway.join(host, "Host");
        Connection knocking = gateway.connect(room.guestToken());
        world.messenger.clear();

        for (int i = 0; i < 20; i++) gateway.join(knocking, "Name " + i);
        List<String> flood = types(host);
        String nameShown = world.messenger.last(host.connectionId()).path("peer").path("name").asText();
        world.clock.advance(SeatLifecycle.KNOCK_INTERVAL);
        world.messenger.clear();
        gateway.join(knocking, "Renamed");
        gateway.join(knocking, "Renamed again");

        assertThat(flood).containsExactly("knock");
        assertThat(nameShown).isEqualTo("Name 0");
        assertThat(types(host)).containsExactly("knock");
        assertThat(world.messenger.last(host.connectionId()).path("peer").path("name").asText()).isEqualTo("Renamed");
        assertThat(seatOf(room, knocking.peerId()).orElseThrow().name()).isEqualTo("Renamed");
        // The guest is told it still waits, each time.
        assertThat(world.messenger.typesSentTo(knocking.connectionId())).containsOnly("lobby-waiting");
    }

    // Signalling needs a joined seat

    @Test
    void aHostThatHasNotJoined_cannotSignal_andIsSeenByNobody() {
        Rooms.CreatedRoom room = world.createRoom(4);
        Connection guest = gateway.connect(room.guestToken());
        gateway.join(guest, "Guest");
        Connection host = gateway.connect(room.hostToken());
        world.messenger.clear();

        gateway.send(host, "{\"action\":\"signal\",\"to\":\"" + guest.peerId() + "\",\"data\":{\"candidate\":{}}}");

        assertThat(world.messenger.sentTo(guest.connectionId())).isEmpty();
        assertThat(world.messenger.last(host.connectionId()).path("code").asText()).isEqualTo("not-in-room");
        Connection later = gateway.connect(room.guestToken());
        assertThat(gateway.join(later, "Later").path("peers")).extracting(p -> p.path("peerId").asText())
                .containsExactly(guest.peerId());
    }
}
