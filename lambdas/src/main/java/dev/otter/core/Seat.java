package dev.otter.core;

import java.time.Instant;

/** One participant's place in a room, held by one WebSocket connection at a time. */
public record Seat(String roomId, String peerId, String connectionId, Role role, String name, SeatState state, Instant joinedAt) {
}
