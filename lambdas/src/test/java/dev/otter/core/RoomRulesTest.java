package dev.otter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RoomRulesTest {
    @Test
    void options_acceptTwoToEightParticipants_andOneTo168Hours() {
        assertThat(new RoomOptions(2, 1, null, false).maxParticipants()).isEqualTo(2);
        assertThat(new RoomOptions(8, 168, "n".repeat(100), true).ttlHours()).isEqualTo(168);
        assertThat(RoomOptions.defaults()).isEqualTo(new RoomOptions(4, 48, null, false));
        assertThat(RoomOptions.defaults().lobby()).isFalse();
        assertThat(RoomOptions.defaults().embedOrigins()).isEmpty();
        assertThat(new RoomOptions(4, 48, null, false, true, null).embedOrigins()).isEmpty();
    }

    @Test
    void options_outsideTheRanges_areInvalidFields() {
        for (Runnable bad : new Runnable[] {
                () -> new RoomOptions(1, 48, null, false),
                () -> new RoomOptions(9, 48, null, false),
                () -> new RoomOptions(4, 0, null, false),
                () -> new RoomOptions(4, 169, null, false),
                () -> new RoomOptions(4, 48, "n".repeat(101), false)}) {
            assertThatThrownBy(bad::run).isInstanceOf(OtterException.class).extracting("problem").isEqualTo(Problem.INVALID_FIELD);
        }
    }

    @Test
    void room_isOpenUntilItsExpiry_unlessEnded() {
        Instant expiry = Instant.now().plus(Duration.ofDays(2));
        Room room = new Room("r", RoomOptions.defaults(), expiry.minusSeconds(3600), expiry, false, java.util.Map.of());

        assertThat(room.isOpenAt(expiry.minusSeconds(1))).isTrue();
        assertThat(room.isOpenAt(expiry)).isFalse();
        assertThat(new Room("r", RoomOptions.defaults(), expiry, expiry, true, java.util.Map.of()).isOpenAt(expiry.minusSeconds(10))).isFalse();
    }

    @Test
    void ids_areUrlSafe_andLongEnough() {
        assertThat(Ids.roomId()).matches("[A-Za-z0-9_-]{22}");
        assertThat(Ids.peerId()).matches("[A-Za-z0-9_-]{16}");
        assertThat(Ids.roomId()).isNotEqualTo(Ids.roomId());
    }

    @Test
    void apiKeyHash_isTheSha256HexOfTheKey() {
        // printf '%s' 'otter' | openssl dgst -sha256 -hex
        assertThat(ApiKeys.hash("otter")).isEqualTo("914cb64a1bfac4c6f9507c9d26b81ed91757fa051e3f8508140053834d1dda81");
    }
}
