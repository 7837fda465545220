package dev.otter.core;

import java.time.Instant;

/**
 * One participant's place in a room, held by one WebSocket connection at a time.
 *
 * @param closedAt when its connection closed without the participant leaving (a server-side close, a dropped
 *                 network); {@code null} while the connection is open. Such a seat stays the participant's, for
 *                 a resumed connection to take over, until the resume window has passed.
 */
public record Seat(String roomId, String peerId, String connectionId, Role role, String name, SeatState state, Instant joinedAt,
                   Instant closedAt) {

    /** A seat whose connection is open. */
    public Seat(String roomId, String peerId, String connectionId, Role role, String name, SeatState state, Instant joinedAt) {
        this(roomId, peerId, connectionId, role, name, state, joinedAt, null);
    }

    public boolean isHost() {
        return role == Role.HOST;
    }

    /** Its connection is open: it can be sent to. */
    public boolean isConnected() {
        return closedAt == null;
    }

    /** Its connection closed at least {@code window} before {@code now} and nobody took the seat over. */
    public boolean isAbandonedAt(Instant now, java.time.Duration window) {
        return closedAt != null && !closedAt.plus(window).isAfter(now);
    }

    /** Held by another (open) connection. */
    public Seat withConnection(String newConnectionId) {
        return new Seat(roomId, peerId, newConnectionId, role, name, state, joinedAt, null);
    }

    public Seat with(SeatState newState, String newName) {
        return new Seat(roomId, peerId, connectionId, role, newName, newState, joinedAt, closedAt);
    }

    public Seat closedAt(Instant at) {
        return new Seat(roomId, peerId, connectionId, role, name, state, joinedAt, at);
    }
}
