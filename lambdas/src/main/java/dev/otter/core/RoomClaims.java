package dev.otter.core;

import java.time.Instant;

/** What a verified room token says: which room, which role, valid until when. */
public record RoomClaims(String roomId, Role role, Instant expiresAt) {
}
