package dev.otter.core;

import java.time.Instant;

/**
 * What a verified room token says: which room, which role, valid until when, and for a per-person link its id
 * ({@code null} for the room's shared guest and host links).
 */
public record RoomClaims(String roomId, Role role, Instant expiresAt, String linkId) {
    public RoomClaims(String roomId, Role role, Instant expiresAt) {
        this(roomId, role, expiresAt, null);
    }
}
