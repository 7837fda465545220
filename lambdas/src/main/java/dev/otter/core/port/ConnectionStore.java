package dev.otter.core.port;

import dev.otter.core.Seat;
import dev.otter.core.SeatState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Seats (room, peer) and the connection holding each. Every change to who holds a seat keeps the room's
 * participant count in step, atomically.
 */
public interface ConnectionStore {
    /**
     * Takes a new seat if the room exists, is open at {@code now} and has a free seat, counting it.
     *
     * @throws dev.otter.core.OtterException ROOM_NOT_FOUND, ROOM_ENDED, ROOM_FULL or BUSY
     */
    void admit(Seat seat, Instant now);

    /**
     * Hands an existing seat to a new connection without counting it again, if the seat is still held by
     * {@code previousConnectionId} and the room is open.
     *
     * @return false when the seat changed hands meanwhile
     * @throws dev.otter.core.OtterException ROOM_NOT_FOUND or ROOM_ENDED
     */
    boolean takeOver(String roomId, String peerId, String previousConnectionId, String newConnectionId, Instant now);

    /** A strongly consistent read of one seat. */
    Optional<Seat> find(String roomId, String peerId);

    /** Every seat of the room, strongly consistent. */
    List<Seat> seatsOf(String roomId);

    /**
     * Names the seat and marks it {@link SeatState#JOINED} if {@code connectionId} still holds it.
     *
     * @return the state before, or empty when this connection no longer holds the seat
     */
    Optional<SeatState> markJoined(String roomId, String peerId, String connectionId, String name);

    /**
     * Frees the seat if {@code connectionId} still holds it, uncounting it.
     *
     * @return whether this call freed it (false: already freed, or taken over by a newer connection)
     */
    boolean release(String roomId, String peerId, String connectionId);
}
