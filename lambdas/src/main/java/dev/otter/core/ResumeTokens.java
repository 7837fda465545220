package dev.otter.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

/**
 * Stateless proof that a connection may take back a seat: {@code v1.<roomId>.<peerId>.<expiry>.<mac>} with an
 * HMAC-SHA256 under a key derived from the room-token secret for this purpose only, so a resume token can
 * never be passed off as a room token or the other way round. It expires with the room.
 */
public final class ResumeTokens {
    private static final String VERSION = "v1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final byte[] key;
    private final Clock clock;

    public ResumeTokens(byte[] roomTokenSecret, Clock clock) {
        this.key = Hmac.sha256(roomTokenSecret, "otter resume-token key v1");
        this.clock = clock;
    }

    public String issue(String roomId, String peerId, Instant expiresAt) {
        String payload = String.join(".", VERSION, roomId, peerId, Long.toString(expiresAt.getEpochSecond()));
        return payload + "." + ENCODER.encodeToString(Hmac.sha256(key, payload));
    }

    /** @return the peer id the token gives back, if it is genuine, unexpired and for {@code roomId} */
    public String verify(String token, String roomId) throws InvalidToken {
        if (token == null) throw new InvalidToken("no resume token");
        String[] parts = token.split("\\.", -1);
        if (parts.length != 5 || !VERSION.equals(parts[0])) throw new InvalidToken("malformed resume token");
        String payload = String.join(".", parts[0], parts[1], parts[2], parts[3]);
        byte[] expected = ENCODER.encodeToString(Hmac.sha256(key, payload)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, parts[4].getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidToken("bad resume mac");
        }
        if (!parts[1].equals(roomId)) throw new InvalidToken("resume token for another room");
        long expiry;
        try {
            expiry = Long.parseLong(parts[3]);
        } catch (NumberFormatException e) {
            throw new InvalidToken("malformed resume expiry");
        }
        if (!clock.instant().isBefore(Instant.ofEpochSecond(expiry))) throw new InvalidToken("resume token expired");
        return parts[2];
    }
}
