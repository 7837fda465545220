package dev.otter.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A room as stored: its options, its life span and its seats (by peer id), all in one document. Every seat
 * counts against {@link RoomOptions#maxParticipants()}, whatever its state.
 */
public record Room(String roomId, RoomOptions options, Instant createdAt, Instant expiresAt, boolean ended, Map<String, Seat> seats) {

    public Room {
        seats = Map.copyOf(seats);
    }

    /** A new room with no seats. */
    public static Room create(String roomId, RoomOptions options, Instant createdAt, Instant expiresAt) {
        return new Room(roomId, options, createdAt, expiresAt, false, Map.of());
    }

    /** How many seats are taken, in any state. */
    public int participants() {
        return seats.size();
    }

    public Optional<Seat> seat(String peerId) {
        return Optional.ofNullable(seats.get(peerId));
    }

    /** The seats in the order their holders arrived. */
    public List<Seat> seatsInOrder() {
        return seats.values().stream().sorted(Comparator.comparing(Seat::joinedAt).thenComparing(Seat::peerId)).toList();
    }

    /** Open means joinable: not ended by the developer and not past its expiry. */
    public boolean isOpenAt(Instant now) {
        return !ended && now.isBefore(expiresAt);
    }

    /** @throws OtterException {@code ROOM_ENDED} unless the room is open at {@code now} */
    public Room requireOpen(Instant now) {
        if (!isOpenAt(now)) throw OtterException.roomEnded();
        return this;
    }

    public Room withSeat(Seat seat) {
        Map<String, Seat> changed = new LinkedHashMap<>(seats);
        changed.put(seat.peerId(), seat);
        return new Room(roomId, options, createdAt, expiresAt, ended, changed);
    }

    public Room withoutSeat(String peerId) {
        Map<String, Seat> changed = new LinkedHashMap<>(seats);
        changed.remove(peerId);
        return new Room(roomId, options, createdAt, expiresAt, ended, changed);
    }

    /** Ended, with every seat freed. */
    public Room endedAndEmpty() {
        return new Room(roomId, options, createdAt, expiresAt, true, Map.of());
    }
}
