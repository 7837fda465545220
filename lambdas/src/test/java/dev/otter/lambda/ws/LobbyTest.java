package dev.otter.lambda.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.Rooms;
import dev.otter.core.SeatState;
import dev.otter.testing.SignalingDriver.Connection;
import dev.otter.testing.SignalingWorld;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A lobby room: guests knock, hosts admit or deny, through the real handlers on dynalite. */
class LobbyTest extends SignalingWorld {
    private Rooms.CreatedRoom room;

    @BeforeEach
    void newRoom() {
        room = world.createLobbyRoom(5);
    }

    private SeatState state(Connection connection) {
        return seatOf(room, connection.peerId()).orElseThrow().state();
    }

    private List<String> types(Connection connection) {
        return world.messenger.typesSentTo(connection.connectionId());
    }

    private void admit(Connection host, Connection guest) {
        gateway.send(host, "{\"action\":\"admit\",\"peerId\":\"" + guest.peerId() + "\"}");
    }

    private void deny(Connection host, Connection guest) {
        gateway.send(host, "{\"action\":\"deny\",\"peerId\":\"" + guest.peerId() + "\"}");
    }

    private void signal(Connection from, Connection to) {
        gateway.send(from, "{\"action\":\"signal\",\"to\":\"" + to.peerId() + "\",\"data\":{\"candidate\":{}}}");
    }

    /** A guest let in by {@code host}, so that the room has a joined guest. */
    private Connection admittedGuest(Connection host, String name) {
        Connection guest = gateway.connect(room.guestToken());
        gateway.join(guest, name);
        admit(host, guest);
        return guest;
    }

    /** Who a knock scene has: a joined host (and a co-host if asked for), an admitted guest, a visitor knocking. */
    private record Scene(Connection host, Connection coHost, Connection guest, Connection knocking) {}

    /** Builds that scene in the room and forgets the messages it caused, so a test sees only its own. */
    private Scene aKnockDuringTheCall(boolean withCoHost) {
        Connection host = gateway.connect(room.hostToken());
        Connection coHost = withCoHost ? gateway.connect(room.hostToken()) : null;
        gateway.join(host, "Host");
        if (coHost != null) gateway.join(coHost, "Co-host");
        Connection guest = admittedGuest(host, "Guest");
        Connection knocking = gateway.connect(room.guestToken());
        gateway.join(knocking, "Visitor");
        world.messenger.clear();
        return new Scene(host, coHost, guest, knocking);
    }

    @Test
    void guestJoin_waitsInTheLobby_andKnocksAtEveryHostOnly() {
        Connection host = gateway.connect(room.hostToken());
        Connection coHost = gateway.connect(room.hostToken());
        gateway.join(host, "Host");
        gateway.join(coHost, "Co-host");
        Connection guest = admittedGuest(host, "Guest");
        world.messenger.clear();

        Connection knocking = gateway.connect(room.guestToken());
        JsonNode reply = gateway.join(knocking, "Visitor");

        assertThat(types(knocking)).containsExactly("lobby-waiting");
        assertThat(reply.path("resumeToken").asText()).startsWith("v1.");
        assertThat(reply.has("peers")).isFalse();
        for (Connection h : List.of(host, coHost)) {
            JsonNode knock = world.messenger.last(h.connectionId());
            assertThat(knock.path("type").asText()).isEqualTo("knock");
            assertThat(knock.path("peer").path("peerId").asText()).isEqualTo(knocking.peerId());
            assertThat(knock.path("peer").path("name").asText()).isEqualTo("Visitor");
            assertThat(knock.path("peer").path("role").asText()).isEqualTo("guest");
        }
        assertThat(types(guest)).isEmpty();
        assertThat(state(knocking)).isEqualTo(SeatState.WAITING);
        assertThat(participantsOf(room)).isEqualTo(4);
    }

    @Test
    void hostJoin_isNeverHeld_andAHostArrivingLaterSeesWhoWaits() {
        Connection first = gateway.connect(room.guestToken());
        Connection second = gateway.connect(room.guestToken());
        gateway.join(first, "First");
        gateway.join(second, "Second");

        Connection host = gateway.connect(room.hostToken());
        JsonNode joined = gateway.join(host, "Host");

        assertThat(joined.path("type").asText()).isEqualTo("joined");
        assertThat(joined.path("peers")).isEmpty();
        assertThat(joined.path("waiting")).extracting(p -> p.path("peerId").asText())
                .containsExactlyInAnyOrder(first.peerId(), second.peerId());
        assertThat(joined.path("waiting")).extracting(p -> p.path("name").asText()).containsExactlyInAnyOrder("First", "Second");
        assertThat(types(first)).containsExactly("lobby-waiting");
        assertThat(types(second)).containsExactly("lobby-waiting");
    }

    @Test
    void admit_givesTheGuestJoined_theOthersPeerJoined_andEveryHostKnockResolved() {
        Scene scene = aKnockDuringTheCall(true);
        Connection host = scene.host();
        Connection coHost = scene.coHost();
        Connection guest = scene.guest();
        Connection knocking = scene.knocking();

        admit(host, knocking);

        JsonNode joined = world.messenger.last(knocking.connectionId());
        assertThat(types(knocking)).containsExactly("joined");
        assertThat(joined.path("peerId").asText()).isEqualTo(knocking.peerId());
        assertThat(joined.path("role").asText()).isEqualTo("guest");
        assertThat(joined.path("resumed").asBoolean()).isFalse();
        assertThat(joined.path("resumeToken").asText()).startsWith("v1.");
        assertThat(joined.path("waiting")).isEmpty();
        assertThat(joined.path("peers")).extracting(p -> p.path("peerId").asText())
                .containsExactlyInAnyOrder(host.peerId(), coHost.peerId(), guest.peerId());
        assertThat(types(guest)).containsExactly("peer-joined");
        assertThat(world.messenger.last(guest.connectionId()).path("peer").path("name").asText()).isEqualTo("Visitor");
        for (Connection h : List.of(host, coHost)) {
            assertThat(types(h)).containsExactly("peer-joined", "knock-resolved");
            JsonNode resolved = world.messenger.last(h.connectionId());
            assertThat(resolved.path("peerId").asText()).isEqualTo(knocking.peerId());
            assertThat(resolved.path("admitted").asBoolean()).isTrue();
        }
        assertThat(state(knocking)).isEqualTo(SeatState.JOINED);
        // Admitted, it is a peer like any other: it can signal and be signalled.
        world.messenger.clear();
        signal(knocking, host);
        signal(guest, knocking);
        assertThat(world.messenger.last(host.connectionId()).path("from").asText()).isEqualTo(knocking.peerId());
        assertThat(world.messenger.last(knocking.connectionId()).path("from").asText()).isEqualTo(guest.peerId());
    }

    @Test
    void deny_tellsTheGuestLobbyDenied_disconnectsIt_freesItsSeat_andTellsTheHostsOnly() {
        Scene scene = aKnockDuringTheCall(true);
        Connection host = scene.host();
        Connection coHost = scene.coHost();
        Connection guest = scene.guest();
        Connection knocking = scene.knocking();

        deny(coHost, knocking);

        assertThat(types(knocking)).containsExactly("lobby-denied");
        assertThat(world.messenger.disconnected()).contains(knocking.connectionId());
        assertThat(seatOf(room, knocking.peerId())).isEmpty();
        assertThat(participantsOf(room)).isEqualTo(3);
        for (Connection h : List.of(host, coHost)) {
            assertThat(types(h)).containsExactly("knock-resolved");
            assertThat(world.messenger.last(h.connectionId()).path("admitted").asBoolean()).isFalse();
        }
        assertThat(types(guest)).isEmpty();
        // Its own $disconnect arrives later and finds nothing left to free or announce.
        world.messenger.clear();
        gateway.close(knocking);
        assertThat(types(host)).isEmpty();
        assertThat(types(guest)).isEmpty();
        assertThat(participantsOf(room)).isEqualTo(3);
    }

    @Test
    void waitingGuest_cannotSignalNorBeSignalled_andLearnsNothingOfTheRoom() {
        Scene scene = aKnockDuringTheCall(false);
        Connection host = scene.host();
        Connection guest = scene.guest();
        Connection knocking = scene.knocking();

        signal(knocking, host);
        signal(host, knocking);
        signal(guest, knocking);
        gateway.send(host, "{\"action\":\"remove\",\"peerId\":\"" + knocking.peerId() + "\"}");
        Connection coHost = gateway.connect(room.hostToken());
        gateway.join(coHost, "Co-host");
        gateway.close(guest);

        assertThat(world.messenger.sentTo(knocking.connectionId())).extracting(m -> m.path("code").asText())
                .containsExactly("not-in-room");
        assertThat(types(host)).startsWith("error", "error").contains("peer-joined", "peer-left").doesNotContain("signal");
        assertThat(world.messenger.sentTo(host.connectionId()).subList(0, 2)).extracting(m -> m.path("code").asText())
                .containsExactly("peer-not-found", "peer-not-found");
        assertThat(world.messenger.sentTo(guest.connectionId()).get(0).path("code").asText()).isEqualTo("peer-not-found");
        assertThat(state(knocking)).isEqualTo(SeatState.WAITING);
    }

    @Test
    void waitingGuest_thatResumes_staysWaiting_andKnocksAgain() {
        Connection host = gateway.connect(room.hostToken());
        gateway.join(host, "Host");
        Connection knocking = gateway.connect(room.guestToken());
        String resumeToken = gateway.join(knocking, "Visitor").path("resumeToken").asText();
        world.messenger.clear();

        // The old socket has not been cleaned up yet when the guest comes back.
        Connection back = gateway.connect(room.guestToken(), resumeToken);
        JsonNode reply = gateway.join(back, "Visitor");
        gateway.close(knocking);

        assertThat(back.peerId()).isEqualTo(knocking.peerId());
        assertThat(reply.path("type").asText()).isEqualTo("lobby-waiting");
        assertThat(types(host)).containsExactly("knock");
        assertThat(world.messenger.last(host.connectionId()).path("peer").path("peerId").asText()).isEqualTo(knocking.peerId());
        assertThat(participantsOf(room)).isEqualTo(2);
        admit(host, back);
        assertThat(world.messenger.last(back.connectionId()).path("type").asText()).isEqualTo("joined");
    }

    @Test
    void admittedGuest_thatResumes_isNotHeldAgain() {
        Connection host = gateway.connect(room.hostToken());
        gateway.join(host, "Host");
        Connection guest = admittedGuest(host, "Guest");
        String resumeToken = world.messenger.last(guest.connectionId()).path("resumeToken").asText();
        world.messenger.clear();

        Connection back = gateway.connect(room.guestToken(), resumeToken);
        JsonNode joined = gateway.join(back, "Guest");

        assertThat(joined.path("type").asText()).isEqualTo("joined");
        assertThat(joined.path("resumed").asBoolean()).isTrue();
        assertThat(types(host)).isEmpty();
        assertThat(state(back)).isEqualTo(SeatState.JOINED);
    }

    @Test
    void waitingGuest_thatDisconnects_isResolvedAsNotAdmitted_forTheHosts_withoutPeerLeft() {
        Scene scene = aKnockDuringTheCall(false);
        Connection host = scene.host();
        Connection guest = scene.guest();
        Connection knocking = scene.knocking();

        gateway.close(knocking);

        assertThat(types(host)).containsExactly("knock-resolved");
        assertThat(world.messenger.last(host.connectionId()).path("admitted").asBoolean()).isFalse();
        assertThat(types(guest)).isEmpty();
        assertThat(participantsOf(room)).isEqualTo(2);
    }

    @Test
    void admit_ofAGuestWhoseSocketIsGone_freesTheSeatQuietly() {
        Scene scene = aKnockDuringTheCall(false);
        Connection host = scene.host();
        Connection guest = scene.guest();
        Connection knocking = scene.knocking();
        world.messenger.markGone(knocking.connectionId());

        admit(host, knocking);

        assertThat(types(host)).containsExactly("knock-resolved");
        assertThat(world.messenger.last(host.connectionId()).path("admitted").asBoolean()).isFalse();
        assertThat(types(guest)).isEmpty();
        assertThat(participantsOf(room)).isEqualTo(2);
    }

    @Test
    void admitAndDeny_byAGuest_areForbidden() {
        Scene scene = aKnockDuringTheCall(false);
        Connection host = scene.host();
        Connection guest = scene.guest();
        Connection knocking = scene.knocking();

        admit(guest, knocking);
        deny(guest, knocking);
        admit(knocking, knocking);

        assertThat(world.messenger.sentTo(guest.connectionId())).extracting(m -> m.path("code").asText())
                .containsExactly("forbidden", "forbidden");
        assertThat(world.messenger.last(knocking.connectionId()).path("code").asText()).isEqualTo("forbidden");
        assertThat(types(host)).isEmpty();
        assertThat(state(knocking)).isEqualTo(SeatState.WAITING);
    }

    @Test
    void admitAndDeny_ofAPeerThatIsNotWaiting_arePeerNotFound() {
        Connection host = gateway.connect(room.hostToken());
        gateway.join(host, "Host");
        Connection guest = admittedGuest(host, "Guest");
        Connection notYetJoined = gateway.connect(room.guestToken());
        world.messenger.clear();

        admit(host, guest);
        deny(host, guest);
        admit(host, notYetJoined);
        gateway.send(host, "{\"action\":\"deny\",\"peerId\":\"nobody\"}");
        gateway.send(host, "{\"action\":\"admit\"}");

        assertThat(world.messenger.sentTo(host.connectionId())).extracting(m -> m.path("code").asText())
                .containsExactly("peer-not-found", "peer-not-found", "peer-not-found", "peer-not-found", "invalid-message");
        assertThat(types(guest)).isEmpty();
        assertThat(state(guest)).isEqualTo(SeatState.JOINED);
    }

    @Test
    void waitingGuests_holdTheirSeats_soCapacityStaysExact() {
        Rooms.CreatedRoom pair = world.createLobbyRoom(2);
        Connection host = gateway.connect(pair.hostToken());
        gateway.join(host, "Host");
        Connection knocking = gateway.connect(pair.guestToken());
        gateway.join(knocking, "Visitor");

        Connection third = gateway.connect(pair.guestToken());

        assertThat(third.status()).isEqualTo(409);
    }
}
