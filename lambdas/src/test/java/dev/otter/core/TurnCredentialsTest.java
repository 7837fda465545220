package dev.otter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otter.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final MutableClock clock = new MutableClock(NOW);
    private final TurnCredentials turn = new TurnCredentials("coturn-static-auth-secret",
            new TurnCredentials.TurnServer("turn.example.test", 3478, null, 443), clock);

    @Test
    void credential_matchesAnIndependentlyComputedHmacSha1() {
        // printf '%s' '1795262400:f1Kq2' | openssl dgst -sha1 -hmac 'coturn-static-auth-secret' -binary | base64
        assertThat(turn.credential("1795262400:f1Kq2")).isEqualTo("0xp/LQEMMBSQo3yUxGdBYeNyGA8=");
    }

    @Test
    void issue_namesRoomAndPeer_soTwoParticipantsGetDistinctCredentials() {
        Room room = room(NOW.plus(Duration.ofDays(5)), false, "peerA", "peerB");

        TurnCredentials.IceServers forA = turn.issue(room, "peerA");
        TurnCredentials.IceServers forB = turn.issue(room, "peerB");

        assertThat(forA.username()).isEqualTo((NOW.getEpochSecond() + 3_600) + ":room1:peerA");
        assertThat(forB.username()).isEqualTo((NOW.getEpochSecond() + 3_600) + ":room1:peerB");
        assertThat(forA.credential()).isEqualTo(turn.credential(forA.username())).isNotEqualTo(forB.credential());
        assertThat(forA.urls()).containsExactly("stun:turn.example.test:3478",
                "turn:turn.example.test:3478?transport=udp", "turn:turn.example.test:3478?transport=tcp");
    }

    @Test
    void issue_capsTheLifetimeAtOneHour_andAtTheRoomsEnd() {
        Room longRoom = room(NOW.plus(Duration.ofDays(5)), false, "peerA");
        Room shortRoom = room(NOW.plus(Duration.ofMinutes(30)), false, "peerA");

        TurnCredentials.IceServers forLong = turn.issue(longRoom, "peerA");
        TurnCredentials.IceServers forShort = turn.issue(shortRoom, "peerA");

        assertThat(forLong.ttlSeconds()).isEqualTo(3_600);
        assertThat(forShort.ttlSeconds()).isEqualTo(1_800);
        assertThat(forShort.username()).startsWith((NOW.getEpochSecond() + 1_800) + ":");
    }

    @Test
    void issue_laterGivesFreshCredentials_thatStillEndWithTheRoom() {
        Room room = room(NOW.plus(Duration.ofMinutes(90)), false, "peerA");
        clock.advance(Duration.ofMinutes(50));

        TurnCredentials.IceServers refreshed = turn.issue(room, "peerA");

        assertThat(refreshed.ttlSeconds()).isEqualTo(2_400);
        assertThat(refreshed.username()).isEqualTo(room.expiresAt().getEpochSecond() + ":room1:peerA");
    }

    @Test
    void issue_refusesEndedOrExpiredRooms() {
        assertThatThrownBy(() -> turn.issue(room(NOW.plus(Duration.ofHours(1)), true, "peerA"), "peerA"))
                .isInstanceOf(OtterException.class).extracting("problem").isEqualTo(Problem.ROOM_ENDED);
        assertThatThrownBy(() -> turn.issue(room(NOW, false, "peerA"), "peerA"))
                .isInstanceOf(OtterException.class).extracting("problem").isEqualTo(Problem.ROOM_ENDED);
    }

    @Test
    void issue_refusesAnyoneWithoutAJoinedConnectedSeat() {
        Instant expiry = NOW.plus(Duration.ofHours(2));
        Room room = room(expiry, false, "joined")
                .withSeat(seat("waiting", SeatState.WAITING))
                .withSeat(seat("connected", SeatState.CONNECTED))
                .withSeat(seat("dropped", SeatState.JOINED).closedAt(NOW));

        assertThat(turn.issue(room, "joined").username()).endsWith(":room1:joined");
        for (String peerId : java.util.List.of("removed", "waiting", "connected", "dropped")) {
            assertThatThrownBy(() -> turn.issue(room, peerId)).as(peerId)
                    .isInstanceOf(OtterException.class).extracting("problem").isEqualTo(Problem.FORBIDDEN);
        }
    }

    @Test
    void issueForCheck_needsNoSeat_livesMinutes_andSharesOneUsernamePerRoom() {
        Room room = room(NOW.plus(Duration.ofDays(1)), false);

        TurnCredentials.IceServers check = turn.issueForCheck(room);

        assertThat(check.ttlSeconds()).isEqualTo(120);
        assertThat(check.username()).isEqualTo((NOW.getEpochSecond() + 120) + ":room1:check");
        assertThat(check.credential()).isEqualTo(turn.credential(check.username()));
        assertThat(check.urls()).contains("turn:turn.example.test:3478?transport=tcp");
    }

    @Test
    void issueForCheck_endsWithTheRoom_andRefusesEndedRooms() {
        assertThat(turn.issueForCheck(room(NOW.plus(Duration.ofSeconds(30)), false)).ttlSeconds()).isEqualTo(30);
        assertThatThrownBy(() -> turn.issueForCheck(room(NOW.plus(Duration.ofHours(1)), true)))
                .isInstanceOf(OtterException.class).extracting("problem").isEqualTo(Problem.ROOM_ENDED);
    }

    private static Room room(Instant expiresAt, boolean ended, String... joinedPeers) {
        Room room = new Room("room1", RoomOptions.defaults(), NOW, expiresAt, ended, java.util.Map.of());
        for (String peerId : joinedPeers) room = room.withSeat(seat(peerId, SeatState.JOINED));
        return room;
    }

    private static Seat seat(String peerId, SeatState state) {
        return new Seat("room1", peerId, "conn-" + peerId, Role.GUEST, peerId, state, NOW);
    }

    @Test
    void none_advertisesNoServer_butStillBoundsTheLifetimeByTheRoom() {
        TurnCredentials none = TurnCredentials.none(clock);

        TurnCredentials.IceServers servers = none.issue(room(NOW.plus(Duration.ofMinutes(30)), false, "peerA"), "peerA");

        assertThat(servers.urls()).isEmpty();
        assertThat(servers.ttlSeconds()).isEqualTo(1_800);
        assertThatThrownBy(() -> none.issue(room(NOW.plus(Duration.ofMinutes(30)), true, "peerA"), "peerA"))
                .isInstanceOf(OtterException.class);
    }
}
