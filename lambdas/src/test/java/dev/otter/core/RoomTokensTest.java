package dev.otter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.otter.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RoomTokensTest {
    private static final byte[] SECRET = "unit-test-room-token-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final MutableClock clock = new MutableClock(NOW);
    private final RoomTokens tokens = new RoomTokens(SECRET, clock);
    private final Instant expiry = NOW.plus(Duration.ofHours(48));

    private String kid() {
        return JWT.decode(tokens.issue("room1", Role.GUEST, expiry)).getKeyId();
    }

    @Test
    void issuedToken_verifies_withItsRoomRoleAndExpiry() throws InvalidToken {
        String token = tokens.issue("room1", Role.HOST, expiry);

        RoomClaims claims = tokens.verifyFor(token, "room1");

        assertThat(claims).isEqualTo(new RoomClaims("room1", Role.HOST, expiry));
        var decoded = JWT.decode(token);
        assertThat(decoded.getAlgorithm()).isEqualTo("HS256");
        assertThat(decoded.getKeyId()).isNotBlank();
        assertThat(decoded.getId()).isNotBlank();
        assertThat(decoded.getIssuedAtAsInstant()).isEqualTo(NOW);
    }

    @Test
    void aPerPersonLinksToken_carriesItsLinkId_andASharedLinksNone() throws InvalidToken {
        String linked = tokens.issue("room1", Role.GUEST, expiry, "linkAbcdef01");

        assertThat(tokens.verifyFor(linked, "room1")).isEqualTo(new RoomClaims("room1", Role.GUEST, expiry, "linkAbcdef01"));
        assertThat(JWT.decode(linked).getClaim("link").asString()).isEqualTo("linkAbcdef01");
        assertThat(tokens.verifyFor(tokens.issue("room1", Role.GUEST, expiry), "room1").linkId()).isNull();
    }

    @Test
    void token_isRefused_onceExpired_byTheInjectedClock() throws InvalidToken {
        String token = tokens.issue("room1", Role.GUEST, expiry);
        clock.advance(Duration.ofHours(47));
        assertThat(tokens.verify(token).roomId()).isEqualTo("room1");

        clock.advance(Duration.ofHours(1));

        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(InvalidToken.class);
    }

    @Test
    void algNone_isRefused() {
        String forged = JWT.create().withKeyId(kid()).withClaim("room", "room1").withClaim("role", "host")
                .withExpiresAt(expiry).sign(Algorithm.none());

        assertThatThrownBy(() -> tokens.verify(forged)).isInstanceOf(InvalidToken.class);
    }

    @Test
    void tokenSignedWithAnotherKey_isRefused() {
        String forged = new RoomTokens("another-secret-of-enough-length-0123456789".getBytes(StandardCharsets.UTF_8), clock)
                .issue("room1", Role.HOST, expiry);
        String sameKidOtherKey = JWT.create().withKeyId(kid()).withClaim("room", "room1").withClaim("role", "host")
                .withExpiresAt(expiry).sign(Algorithm.HMAC256("another-secret-of-enough-length-0123456789"));

        assertThatThrownBy(() -> tokens.verify(forged)).isInstanceOf(InvalidToken.class);
        assertThatThrownBy(() -> tokens.verify(sameKidOtherKey)).isInstanceOf(InvalidToken.class);
    }

    @Test
    void tokenWithoutExp_isRefused_evenWhenProperlySigned() {
        String noExpiry = JWT.create().withKeyId(kid()).withClaim("room", "room1").withClaim("role", "guest")
                .withIssuedAt(NOW).sign(Algorithm.HMAC256(SECRET));

        assertThatThrownBy(() -> tokens.verify(noExpiry)).isInstanceOf(InvalidToken.class);
    }

    @Test
    void tokenForAnotherRoom_isRefused_whenTheRoomIsChecked() {
        String token = tokens.issue("room2", Role.HOST, expiry);

        assertThatThrownBy(() -> tokens.verifyFor(token, "room1")).isInstanceOf(InvalidToken.class);
    }

    @Test
    void tamperedPayload_isRefused() {
        String token = tokens.issue("room1", Role.GUEST, expiry);
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"guest\"", "\"host\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThatThrownBy(() -> tokens.verify(tampered)).isInstanceOf(InvalidToken.class);
    }

    @Test
    void tokenWithUnknownKid_orUnknownRole_orGarbage_isRefused() {
        String otherKid = JWT.create().withKeyId("k0").withClaim("room", "room1").withClaim("role", "guest")
                .withExpiresAt(expiry).sign(Algorithm.HMAC256(SECRET));
        String badRole = JWT.create().withKeyId(kid()).withClaim("room", "room1").withClaim("role", "admin")
                .withExpiresAt(expiry).sign(Algorithm.HMAC256(SECRET));

        assertThatThrownBy(() -> tokens.verify(otherKid)).isInstanceOf(InvalidToken.class);
        assertThatThrownBy(() -> tokens.verify(badRole)).isInstanceOf(InvalidToken.class);
        assertThatThrownBy(() -> tokens.verify("a.b.c")).isInstanceOf(InvalidToken.class);
        assertThatThrownBy(() -> tokens.verify("")).isInstanceOf(InvalidToken.class);
        assertThatThrownBy(() -> tokens.verify(null)).isInstanceOf(InvalidToken.class);
    }

    @Test
    void secretShorterThan256Bits_isRejected() {
        assertThatThrownBy(() -> new RoomTokens(new byte[31], clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
