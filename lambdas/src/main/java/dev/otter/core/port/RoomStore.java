package dev.otter.core.port;

import dev.otter.core.Room;
import java.util.List;
import java.util.Optional;

/**
 * Rooms as single documents (the room and its seats). Every change is one atomic conditional write of one room;
 * the store decides no rule of its own: the conditions say what must hold.
 */
public interface RoomStore {
    /** Stores a new room (with whatever seats it has, usually none); the id must be unused. */
    void create(Room room);

    /** A strongly consistent read of the room and its seats. */
    Optional<Room> find(String roomId);

    /**
     * Applies every change, in order, if the room exists and every condition holds; otherwise changes nothing.
     *
     * @return the room as it was just before the change, or empty when there is no such room or a condition failed
     */
    Optional<Room> update(String roomId, List<RoomCondition> conditions, List<RoomChange> changes);

    /** A page of the deployment's rooms, newest first, from an index (never reading every room). */
    RoomListing.Page list(RoomListing listing);

    /**
     * Stores the record unless one with its scope exists (one conditional write).
     *
     * @return the record stored before, or empty when this call stored {@code record}
     */
    Optional<IdempotencyRecord> remember(IdempotencyRecord record);
}
