package dev.otter.core;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Room tokens: HS256 JWTs with {@code room}, {@code role}, {@code exp}, {@code iat}, {@code jti}, for a per-person
 * link {@code link} (its id), and a {@code kid} header. Verification pins HS256 (so {@code alg:none} and algorithm confusion fail), requires
 * {@code exp} (java-jwt accepts a token without one otherwise) and, when the room is known, the room.
 */
public final class RoomTokens {
    public static final int MIN_SECRET_BYTES = 32;
    private static final String ROOM = "room";
    private static final String ROLE = "role";
    private static final String LINK = "link";

    private final Algorithm algorithm;
    private final String keyId;
    private final Clock clock;

    public RoomTokens(byte[] secret, Clock clock) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the room-token secret must have at least 256 bits, got " + secret.length * 8);
        }
        this.algorithm = Algorithm.HMAC256(secret);
        // Names the key without revealing it, so a later rotation can tell tokens of the old key apart.
        this.keyId = HexFormat.of().formatHex(Hmac.sha256(secret, "otter kid"), 0, 8);
        this.clock = clock;
    }

    public String issue(String roomId, Role role, Instant expiresAt) {
        return issue(roomId, role, expiresAt, null);
    }

    /** A token of a per-person link: {@code link} names it, so the room can tell (and revoke) its holder. */
    public String issue(String roomId, Role role, Instant expiresAt, String linkId) {
        var token = JWT.create();
        if (linkId != null) token = token.withClaim(LINK, linkId);
        return token
                .withKeyId(keyId)
                .withClaim(ROOM, roomId)
                .withClaim(ROLE, role.wire())
                .withIssuedAt(clock.instant())
                .withExpiresAt(expiresAt)
                .withJWTId(UUID.randomUUID().toString())
                .sign(algorithm);
    }

    /** Authentication only: a genuine, unexpired token for some room. */
    public RoomClaims verify(String token) throws InvalidToken {
        return verify(token, null);
    }

    /** A genuine, unexpired token for {@code roomId}. */
    public RoomClaims verifyFor(String token, String roomId) throws InvalidToken {
        return verify(token, roomId);
    }

    private RoomClaims verify(String token, String roomId) throws InvalidToken {
        if (token == null || token.isBlank()) throw new InvalidToken("no token");
        var verification = JWT.require(algorithm)
                .withClaimPresence("exp")
                .withClaimPresence(ROOM)
                .withClaimPresence(ROLE);
        if (roomId != null) verification = verification.withClaim(ROOM, roomId);
        // build(Clock) is on the implementation only; it lets expiry be tested with a fixed clock.
        JWTVerifier verifier = ((com.auth0.jwt.JWTVerifier.BaseVerification) verification).build(clock);
        try {
            DecodedJWT jwt = verifier.verify(token);
            if (!keyId.equals(jwt.getKeyId())) throw new InvalidToken("unknown kid");
            if (jwt.getExpiresAtAsInstant() == null) throw new InvalidToken("exp is null");
            return new RoomClaims(jwt.getClaim(ROOM).asString(), Role.fromWire(jwt.getClaim(ROLE).asString()), jwt.getExpiresAtAsInstant(),
                    jwt.getClaim(LINK).asString());
        } catch (JWTVerificationException | IllegalArgumentException e) {
            throw new InvalidToken(e.getClass().getSimpleName());
        }
    }
}
