package dev.otter.core.port;

import dev.otter.core.Room;
import java.util.Optional;

public interface RoomStore {
    /** Stores a new room with no participants. */
    void create(Room room);

    /** A strongly consistent read. */
    Optional<Room> find(String roomId);

    /** Marks the room ended (idempotent); empty when there is no such room. */
    Optional<Room> end(String roomId);
}
