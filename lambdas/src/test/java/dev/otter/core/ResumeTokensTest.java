package dev.otter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otter.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class ResumeTokensTest {
    private static final byte[] SECRET = "unit-test-room-token-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final MutableClock clock = new MutableClock(NOW);
    private final ResumeTokens resume = new ResumeTokens(SECRET, clock);

    @Test
    void resumeToken_givesBackItsPeer_inItsRoom_untilTheRoomExpires() throws InvalidToken {
        String token = resume.issue("room1", "peerA", NOW.plus(Duration.ofHours(2)));

        assertThat(resume.verify(token, "room1")).isEqualTo("peerA");
        clock.advance(Duration.ofHours(2));
        assertThatThrownBy(() -> resume.verify(token, "room1")).isInstanceOf(InvalidToken.class);
    }

    @Test
    void resumeToken_isRefused_forAnotherRoom_orTampered_orUnderAnotherSecret() {
        String token = resume.issue("room1", "peerA", NOW.plus(Duration.ofHours(2)));
        ResumeTokens other = new ResumeTokens("another-secret-of-enough-length-0123456789".getBytes(StandardCharsets.UTF_8), clock);

        assertThatThrownBy(() -> resume.verify(token, "room2")).isInstanceOf(InvalidToken.class);
        assertThatThrownBy(() -> resume.verify(token.replace("peerA", "peerB"), "room1")).isInstanceOf(InvalidToken.class);
        assertThatThrownBy(() -> resume.verify(token.replace(".peerA.", ".peerA.9"), "room1")).isInstanceOf(InvalidToken.class);
        assertThatThrownBy(() -> other.verify(token, "room1")).isInstanceOf(InvalidToken.class);
        assertThatThrownBy(() -> resume.verify("v1.room1.peerA", "room1")).isInstanceOf(InvalidToken.class);
    }

    @Test
    void resumeKey_isNotTheRoomTokenKey() {
        String token = resume.issue("room1", "peerA", NOW.plus(Duration.ofHours(2)));
        String payload = token.substring(0, token.lastIndexOf('.'));
        String macWithRawSecret = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(Hmac.sha256(SECRET, payload));

        assertThat(token).doesNotEndWith(macWithRawSecret);
    }
}
