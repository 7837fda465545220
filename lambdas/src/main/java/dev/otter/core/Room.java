package dev.otter.core;

import java.time.Instant;

/** A room as stored: its options, its life span and how many seats are taken. */
public record Room(String roomId, RoomOptions options, Instant createdAt, Instant expiresAt, boolean ended, int participants) {

    /** Open means joinable: not ended by the developer and not past its expiry. */
    public boolean isOpenAt(Instant now) {
        return !ended && now.isBefore(expiresAt);
    }

    /** @throws OtterException {@code ROOM_ENDED} unless the room is open at {@code now} */
    public Room requireOpen(Instant now) {
        if (!isOpenAt(now)) throw OtterException.roomEnded();
        return this;
    }
}
