package dev.otter.core;

import dev.otter.core.port.RoomStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Creating rooms, reading them for a caller, and marking them ended. */
public final class Rooms {
    private final RoomStore store;
    private final Clock clock;

    public Rooms(RoomStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new room and a host and a guest token for it, both valid until the room expires. */
    public CreatedRoom create(RoomOptions options, RoomTokens tokens) {
        // JWT and DynamoDB TTL both work in whole seconds; truncating keeps `exp` and `expiresAt` equal.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Room room = Room.create(Ids.roomId(), options, now, now.plus(Duration.ofHours(options.ttlHours())));
        store.create(room);
        return new CreatedRoom(room, tokens.issue(room.roomId(), Role.HOST, room.expiresAt()),
                tokens.issue(room.roomId(), Role.GUEST, room.expiresAt()));
    }

    /** @throws OtterException ROOM_NOT_FOUND, also for an id no room can have (never asking the store) */
    public Room find(String roomId) {
        return store.find(Ids.requireRoomId(roomId)).orElseThrow(() -> OtterException.roomNotFound(roomId));
    }

    /** @throws OtterException ROOM_NOT_FOUND or ROOM_ENDED (ended or expired) */
    public Room findOpen(String roomId) {
        return find(roomId).requireOpen(clock.instant());
    }

    public record CreatedRoom(Room room, String hostToken, String guestToken) {}
}
