package dev.otter.testing;

import dev.otter.core.Room;
import dev.otter.core.port.RoomChange;
import dev.otter.core.port.RoomCondition;
import dev.otter.core.port.RoomStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link RoomStore} in a map, for fast core tests; {@code RoomStoreContract} keeps it equal to the DynamoDB one. */
public final class InMemoryRoomStore implements RoomStore {
    private final Map<String, Room> rooms = new HashMap<>();

    @Override
    public synchronized void create(Room room) {
        if (rooms.putIfAbsent(room.roomId(), room) != null) throw new IllegalStateException("room " + room.roomId() + " exists");
    }

    @Override
    public synchronized Optional<Room> find(String roomId) {
        return Optional.ofNullable(rooms.get(roomId));
    }

    @Override
    public synchronized Optional<Room> update(String roomId, List<RoomCondition> conditions, List<RoomChange> changes) {
        Room before = rooms.get(roomId);
        if (before == null || !conditions.stream().allMatch(condition -> condition.holds(before))) return Optional.empty();
        Room after = before;
        for (RoomChange change : changes) after = change.applyTo(after);
        rooms.put(roomId, after);
        return Optional.of(before);
    }
}
