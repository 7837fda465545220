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
    void issue_capsTheLifetimeAt24Hours_andAtTheRoomsEnd() {
        Room longRoom = room(NOW.plus(Duration.ofDays(5)), false);
        Room shortRoom = room(NOW.plus(Duration.ofMinutes(30)), false);

        TurnCredentials.IceServers forLong = turn.issue(longRoom);
        TurnCredentials.IceServers forShort = turn.issue(shortRoom);

        assertThat(forLong.ttlSeconds()).isEqualTo(86_400);
        assertThat(forLong.username()).isEqualTo((NOW.getEpochSecond() + 86_400) + ":room1");
        assertThat(forShort.ttlSeconds()).isEqualTo(1_800);
        assertThat(forShort.credential()).isEqualTo(turn.credential(forShort.username()));
        assertThat(forLong.urls()).containsExactly("stun:turn.example.test:3478",
                "turn:turn.example.test:3478?transport=udp", "turn:turn.example.test:3478?transport=tcp");
    }

    @Test
    void issue_refusesEndedOrExpiredRooms() {
        assertThatThrownBy(() -> turn.issue(room(NOW.plus(Duration.ofHours(1)), true)))
                .isInstanceOf(OtterException.class).extracting("problem").isEqualTo(Problem.ROOM_ENDED);
        assertThatThrownBy(() -> turn.issue(room(NOW, false)))
                .isInstanceOf(OtterException.class).extracting("problem").isEqualTo(Problem.ROOM_ENDED);
    }

    private static Room room(Instant expiresAt, boolean ended) {
        return new Room("room1", RoomOptions.defaults(), NOW, expiresAt, ended, java.util.Map.of());
    }

    @Test
    void none_advertisesNoServer_butStillBoundsTheLifetimeByTheRoom() {
        TurnCredentials none = TurnCredentials.none(clock);

        TurnCredentials.IceServers servers = none.issue(room(NOW.plus(Duration.ofMinutes(30)), false));

        assertThat(servers.urls()).isEmpty();
        assertThat(servers.ttlSeconds()).isEqualTo(1_800);
        assertThatThrownBy(() -> none.issue(room(NOW.plus(Duration.ofMinutes(30)), true)))
                .isInstanceOf(OtterException.class);
    }
}
