package dev.otter.core;

import java.time.Instant;

/** One participant's place in a room, held by one WebSocket connection at a time. */
public record Seat(String roomId, String peerId, String connectionId, Role role, String name, SeatState state, Instant joinedAt) {

    public boolean isHost() {
        return role == Role.HOST;
    }

    public Seat withConnection(String newConnectionId) {
        return new Seat(roomId, peerId, newConnectionId, role, name, state, joinedAt);
    }

    public Seat with(SeatState newState, String newName) {
        return new Seat(roomId, peerId, connectionId, role, newName, newState, joinedAt);
    }
}
