package dev.otter.core;

import java.time.Instant;

/**
 * One participant's place in a room, held by one WebSocket connection at a time.
 *
 * @param closedAt when its connection closed without the participant leaving (a server-side close, a dropped
 *                 network); {@code null} while the connection is open. Such a seat stays the participant's, for
 *                 a resumed connection to take over, until the resume window has passed.
 * @param joinedAt  when the seat was taken (at {@code $connect}), whatever its state since
 * @param knockedAt when the hosts were last told (by a {@code knock}) that this seat waits in the lobby; {@code null}
 *                  if never, or not since a resumed connection took the seat over
 * @param linkId    the developer's per-person link the seat was taken with ({@link Link}); {@code null} for the shared links
 */
public record Seat(String roomId, String peerId, String connectionId, Role role, String name, SeatState state, Instant joinedAt,
                   Instant closedAt, Instant knockedAt, String linkId) {

    /** A seat taken with a shared link. */
    public Seat(String roomId, String peerId, String connectionId, Role role, String name, SeatState state, Instant joinedAt,
                Instant closedAt, Instant knockedAt) {
        this(roomId, peerId, connectionId, role, name, state, joinedAt, closedAt, knockedAt, null);
    }

    /** A seat whose connection is open. */
    public Seat(String roomId, String peerId, String connectionId, Role role, String name, SeatState state, Instant joinedAt) {
        this(roomId, peerId, connectionId, role, name, state, joinedAt, null, null);
    }

    /** A seat that never knocked. */
    public Seat(String roomId, String peerId, String connectionId, Role role, String name, SeatState state, Instant joinedAt,
                Instant closedAt) {
        this(roomId, peerId, connectionId, role, name, state, joinedAt, closedAt, null);
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

    /**
     * Taken but not joined (nor waiting in the lobby) at least {@code deadline} after it was taken: a connection
     * that squats a seat rather than joining.
     */
    public boolean isUnjoinedPast(Instant now, java.time.Duration deadline) {
        return state == SeatState.CONNECTED && !joinedAt.plus(deadline).isAfter(now);
    }

    /** Held by another (open) connection, which has not knocked yet. */
    public Seat withConnection(String newConnectionId) {
        return new Seat(roomId, peerId, newConnectionId, role, name, state, joinedAt, null, null, linkId);
    }

    public Seat with(SeatState newState, String newName) {
        return new Seat(roomId, peerId, connectionId, role, newName, newState, joinedAt, closedAt, knockedAt, linkId);
    }

    public Seat closedAt(Instant at) {
        return new Seat(roomId, peerId, connectionId, role, name, state, joinedAt, at, knockedAt, linkId);
    }

    public Seat knockedAt(Instant at) {
        return new Seat(roomId, peerId, connectionId, role, name, state, joinedAt, closedAt, at, linkId);
    }
}
