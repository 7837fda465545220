package dev.otter.core.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.core.ResumeTokens;
import dev.otter.core.Role;
import dev.otter.core.RoomOptions;
import dev.otter.core.Rooms;
import dev.otter.core.RoomTokens;
import dev.otter.core.SeatState;
import dev.otter.core.TurnCredentials;
import dev.otter.core.webhook.EndReason;
import dev.otter.testing.InMemoryRoomStore;
import dev.otter.testing.MutableClock;
import dev.otter.testing.TestWorld;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seat lifecycle on the in-memory store: its transitions and the outcomes it returns, as data. */
class SeatLifecycleTest {
    private final InMemoryRoomStore store = new InMemoryRoomStore();
    private final MutableClock clock = new MutableClock(TestWorld.START);
    private final ResumeTokens resumeTokens = new ResumeTokens(TestWorld.JWT_SECRET, clock);
    private final SeatLifecycle seats = new SeatLifecycle(store, () -> resumeTokens, clock);
    private final String roomId = new Rooms(store, clock).create(
            new RoomOptions(3, 1, "Lobby", false, true, List.of()), new RoomTokens(TestWorld.JWT_SECRET, clock)).room().roomId();
    private final Caller host = new Caller(roomId, "host", Role.HOST, "conn-host");
    private final Caller guest = new Caller(roomId, "guest", Role.GUEST, "conn-guest");

    /** Where each message goes and its type, in order (webhook events are WebhookEventsTest's). */
    private static List<String> sends(Outcome outcome) {
        return outcome.deliveries().stream().filter(d -> !(d instanceof Outcome.Publish)).map(d -> {
            if (d instanceof Outcome.Send send) {
                return send.connectionId() + " " + Wire.write(send.message()).replaceAll(".*\"type\":\"([a-z-]+)\".*", "$1");
            }
            if (d instanceof Outcome.Close close) return "close " + close.connectionId();
            Outcome.RevokeRelays revoke = (Outcome.RevokeRelays) d;
            return "revoke relays of " + (revoke.peerId() == null ? "everyone" : revoke.peerId());
        }).toList();
    }

    @Test
    void aRemoval_endsTheRemovedPeersRelays_andTheEnd_everyonesRelays() {
        seats.connect(host, false);
        seats.join(host, "Host");
        seats.connect(guest, false);
        seats.join(guest, "Guest");
        seats.admit(host, "guest");

        Outcome removed = seats.remove(host, "guest");
        Outcome ended = seats.end(roomId, EndReason.API).outcome();

        assertThat(sends(removed)).containsExactly("conn-guest removed", "conn-host peer-left", "close conn-guest", "revoke relays of guest");
        assertThat(sends(ended)).containsExactly("conn-host room-ended", "close conn-host", "revoke relays of everyone");
    }

    @Test
    void aDeniedGuest_cannotTakeASeatAgain_withItsPeerId() {
        seats.connect(host, false);
        seats.join(host, "Host");
        seats.connect(guest, false);
        seats.join(guest, "Guest");

        Outcome denied = seats.deny(host, "guest");

        assertThat(sends(denied)).containsExactly("conn-guest lobby-denied", "close conn-guest", "conn-host knock-resolved");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> seats.connect(new Caller(roomId, "guest", Role.GUEST, "conn-again"), true),
                dev.otter.core.OtterException.class).problem()).isEqualTo(dev.otter.core.Problem.DENIED);
    }

    @Test
    void unlock_reopensAStoppedGuestLink_andTellsTheHosts() {
        seats.connect(host, false);
        seats.join(host, "Host");
        assertThat(sends(seats.lock(host))).containsExactly("conn-host locked");
        Caller newcomer = new Caller(roomId, "new", Role.GUEST, "conn-new");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> seats.connect(newcomer, false),
                dev.otter.core.OtterException.class).problem()).isEqualTo(dev.otter.core.Problem.GUEST_LINK_STOPPED);

        Outcome unlocked = seats.unlock(host);
        seats.connect(newcomer, false);

        assertThat(sends(unlocked)).containsExactly("conn-host unlocked");
        assertThat(store.find(roomId).orElseThrow().seat("new")).isPresent();
    }

    @Test
    void aLobbyGuestsJoin_isHeld_tellingItToWait_andKnockingAtTheJoinedHostsOnly() {
        seats.connect(host, false);
        seats.join(host, "Host");
        seats.connect(guest, false);

        Outcome knock = seats.join(guest, "Guest");

        assertThat(sends(knock)).containsExactly("conn-guest lobby-waiting", "conn-host knock");
        assertThat(store.find(roomId).orElseThrow().seat("guest").orElseThrow().state()).isEqualTo(SeatState.WAITING);
    }

    @Test
    void admit_tellsTheGuestFirst_unannounced_thenTheRoom() {
        seats.connect(host, false);
        seats.join(host, "Host");
        seats.connect(guest, false);
        seats.join(guest, "Guest");

        Outcome admitted = seats.admit(host, "guest");

        assertThat(sends(admitted)).containsExactly("conn-guest joined", "conn-host peer-joined", "conn-host knock-resolved");
        assertThat(((Outcome.Send) admitted.deliveries().get(0)).unannounced()).isTrue();
    }

    @Test
    void departures_tellOnlyThoseWhoSawThePeer() {
        seats.connect(host, false);
        seats.join(host, "Host");
        seats.connect(guest, false);
        Caller unjoined = new Caller(roomId, "quiet", Role.GUEST, "conn-quiet");
        seats.connect(unjoined, false);
        seats.join(guest, "Guest");

        Outcome waitingLeft = seats.depart(roomId, "guest", "conn-guest", LeaveReason.LEFT, true);
        Outcome neverJoinedLeft = seats.depart(roomId, "quiet", "conn-quiet", LeaveReason.LEFT, true);
        Outcome staleLeft = seats.depart(roomId, "host", "an-old-connection", LeaveReason.LEFT, true);

        assertThat(sends(waitingLeft)).containsExactly("conn-host knock-resolved");
        assertThat(sends(neverJoinedLeft)).isEmpty();
        assertThat(staleLeft.deliveries()).isEmpty();
        assertThat(store.find(roomId).orElseThrow().seats().keySet()).containsExactly("host");
    }

    @Test
    void resume_handsTheSeatOver_closingTheOldConnection_evenInAFullRoom() {
        for (String peer : List.of("a", "b", "c")) seats.connect(new Caller(roomId, peer, Role.HOST, "conn-" + peer), false);

        Outcome resumed = seats.connect(new Caller(roomId, "b", Role.HOST, "conn-b2"), true);

        assertThat(sends(resumed)).containsExactly("close conn-b");
        assertThat(store.find(roomId).orElseThrow().seat("b").orElseThrow().connectionId()).isEqualTo("conn-b2");
    }

    @Test
    void aHostArrivingAtARoomFullOfWaitingGuests_deniesTheLongestWaiting_andTellsTheJoinedHosts() {
        seats.connect(host, false);
        seats.join(host, "Host");
        seats.connect(guest, false);
        seats.join(guest, "Guest");
        clock.advance(java.time.Duration.ofSeconds(1));
        Caller later = new Caller(roomId, "later", Role.GUEST, "conn-later");
        seats.connect(later, false);
        seats.join(later, "Later");

        Outcome displaced = seats.connect(new Caller(roomId, "host2", Role.HOST, "conn-host2"), false);

        assertThat(sends(displaced)).containsExactly("conn-guest lobby-denied", "conn-host knock-resolved", "close conn-guest");
        assertThat(store.find(roomId).orElseThrow().seats().keySet()).containsExactlyInAnyOrder("host", "later", "host2");
    }

    @Test
    void theJoinDeadline_freesAnUnjoinedSeat_closingItsSocket_andTellingNobody() {
        seats.connect(host, false);
        seats.join(host, "Host");
        seats.connect(guest, false);
        clock.advance(SeatLifecycle.JOIN_DEADLINE);

        Outcome swept = seats.sweep(roomId);

        assertThat(sends(swept)).containsExactly("close conn-guest");
        assertThat(store.find(roomId).orElseThrow().seats().keySet()).containsExactly("host");
    }

    private ServerMessage.Joined joinedOf(Outcome outcome, String connectionId) {
        return outcome.deliveries().stream()
                .filter(d -> d instanceof Outcome.Send send && send.connectionId().equals(connectionId) && send.message() instanceof ServerMessage.Joined)
                .map(d -> (ServerMessage.Joined) ((Outcome.Send) d).message()).findFirst().orElseThrow();
    }

    @Test
    void joined_carriesTheSeatsTurnCredentials_andGoesWithoutThemWhenTheyCannotBeIssued() {
        TurnCredentials.TurnServer server = new TurnCredentials.TurnServer("turn.example.test", 3478, null, 443);
        SeatLifecycle issuing = new SeatLifecycle(store, () -> resumeTokens,
                () -> new TurnCredentials(TestWorld.TURN_SECRET, server, clock), clock);
        SeatLifecycle failing = new SeatLifecycle(store, () -> resumeTokens,
                () -> new TurnCredentials(() -> { throw new IllegalStateException("Secrets Manager is unreachable"); }, server, clock), clock);
        issuing.connect(host, false);
        failing.connect(new Caller(roomId, "host2", Role.HOST, "conn-host2"), false);

        ServerMessage.Joined withCredentials = joinedOf(issuing.join(host, "Host"), "conn-host");
        ServerMessage.Joined without = joinedOf(failing.join(new Caller(roomId, "host2", Role.HOST, "conn-host2"), "Co-host"), "conn-host2");

        assertThat(withCredentials.credentials().iceServers()).hasSize(1);
        assertThat(withCredentials.credentials().iceServers().get(0).username()).endsWith(":" + roomId + ":host");
        assertThat(withCredentials.credentials().ttlSeconds()).isEqualTo(3_600);
        assertThat(without.credentials()).isNull();
        assertThat(Wire.write(without)).doesNotContain("credentials");
    }
}
