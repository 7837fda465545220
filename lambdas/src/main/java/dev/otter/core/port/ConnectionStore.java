package dev.otter.core.port;

import dev.otter.core.Seat;
import dev.otter.core.SeatState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /** Several seats of one room in one strongly consistent read, by peer id; peers without a seat are absent. */
    Map<String, Seat> findAll(String roomId, Set<String> peerIds);

    /**
     * Names the seat and puts it in the lobby ({@link SeatState#WAITING}) if {@code connectionId} still holds it,
     * unless a host admitted it earlier: an admitted seat stays {@link SeatState#JOINED} and is only renamed.
     *
     * @return the state before, or empty when this connection no longer holds the seat
     */
    Optional<SeatState> markWaiting(String roomId, String peerId, String connectionId, String name);

    /**
     * Moves a {@link SeatState#WAITING} seat to {@link SeatState#JOINED}; of two hosts admitting or denying at
     * once, exactly one succeeds.
     *
     * @return the admitted seat, or empty when the peer was not waiting
     */
    Optional<Seat> admitWaiting(String roomId, String peerId);

    /**
     * Frees the seat like {@link #release}, but only while it is still {@link SeatState#WAITING}, so that a deny
     * racing an admit can never free a seat the others were told about.
     */
    boolean releaseWaiting(String roomId, String peerId, String connectionId);

    /**
     * Frees the seat like {@link #release} and says what state it was in, so that the caller knows whom to tell.
     *
     * @return the freed seat's state, or empty when this call freed nothing
     */
    Optional<SeatState> vacate(String roomId, String peerId, String connectionId);
}
