package dev.otter.testing;

import dev.otter.core.Room;
import dev.otter.core.port.RoomChange;
import dev.otter.core.port.IdempotencyRecord;
import dev.otter.core.port.RoomCondition;
import dev.otter.core.port.RoomListing;
import dev.otter.core.port.RoomStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link RoomStore} in a map, for fast core tests; {@code RoomStoreContract} keeps it equal to the DynamoDB one. */
public final class InMemoryRoomStore implements RoomStore {
    private final Map<String, Room> rooms = new HashMap<>();
    private final Map<String, IdempotencyRecord> remembered = new HashMap<>();

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

    @Override
    public synchronized RoomListing.Page list(RoomListing listing) {
        Comparator<Room> newestFirst = Comparator.comparing(Room::createdAt).thenComparing(Room::roomId).reversed();
        List<Room> matching = rooms.values().stream()
                .filter(room -> switch (listing.filter()) {
                    case ALL -> true;
                    case ACTIVE -> room.isOpenAt(listing.now());
                    case ENDED -> !room.isOpenAt(listing.now());
                })
                .sorted(newestFirst)
                .filter(room -> listing.after().map(cursor -> newestFirst.compare(room, probe(cursor)) > 0).orElse(true))
                .toList();
        List<RoomListing.Summary> page = matching.stream().limit(listing.limit()).map(room -> new RoomListing.Summary(room.roomId(),
                room.options().name(), room.createdAt(), room.expiresAt(), room.ended(), room.options().maxParticipants())).toList();
        Optional<RoomListing.Cursor> next = matching.size() > page.size()
                ? Optional.of(new RoomListing.Cursor(page.get(page.size() - 1).createdAt(), page.get(page.size() - 1).roomId()))
                : Optional.empty();
        return new RoomListing.Page(page, next);
    }

    private static Room probe(RoomListing.Cursor cursor) {
        return Room.create(cursor.roomId(), dev.otter.core.RoomOptions.defaults(), cursor.createdAt(), cursor.createdAt());
    }

    @Override
    public synchronized Optional<IdempotencyRecord> remember(IdempotencyRecord record) {
        return Optional.ofNullable(remembered.putIfAbsent(record.scope(), record));
    }
}
