package dev.otter.core.port;

import dev.otter.core.Admission;
import dev.otter.core.Link;
import dev.otter.core.Room;
import dev.otter.core.RoomOptions;
import dev.otter.core.Seat;
import java.time.Instant;

/** One part of a {@link RoomStore#update}; {@link #applyTo} is its meaning, which every store implements exactly. */
public sealed interface RoomChange {
    Room applyTo(Room room);

    /** Stores the seat under its peer id, replacing whatever was there. */
    record PutSeat(Seat seat) implements RoomChange {
        public Room applyTo(Room room) { return room.withSeat(seat); }
    }

    /** Frees the peer's seat. */
    record RemoveSeat(String peerId) implements RoomChange {
        public Room applyTo(Room room) { return room.withoutSeat(peerId); }
    }

    /**
     * Gives the peer's (existing) seat to another, open connection, leaving the rest of it as it is, but for its
     * close time and its knock time: the new connection has not knocked yet.
     */
    record HandOver(String peerId, String connectionId) implements RoomChange {
        public Room applyTo(Room room) {
            return room.seat(peerId).map(seat -> room.withSeat(seat.withConnection(connectionId))).orElse(room);
        }
    }

    /** Records that the seat's connection closed at {@code at} (the seat stays, for a resume to take over). */
    record MarkClosed(String peerId, Instant at) implements RoomChange {
        public Room applyTo(Room room) {
            return room.seat(peerId).map(seat -> room.withSeat(seat.closedAt(at))).orElse(room);
        }
    }

    /** Records the peer as removed from the room, for good (its seat is freed by a {@link RemoveSeat}). */
    record MarkRemoved(String peerId) implements RoomChange {
        public Room applyTo(Room room) { return room.withRemoved(peerId); }
    }

    /** Records the peer as turned away at the lobby, for good (its seat is freed by a {@link RemoveSeat}). */
    record MarkDenied(String peerId) implements RoomChange {
        public Room applyTo(Room room) { return room.withDenied(peerId); }
    }

    /** Stops the room's shared guest link. */
    record StopGuestLink() implements RoomChange {
        public Room applyTo(Room room) { return room.withGuestLinkStopped(true); }
    }

    /** Lets the room's shared guest link work again. */
    record ReopenGuestLink() implements RoomChange {
        public Room applyTo(Room room) { return room.withGuestLinkStopped(false); }
    }

    /** Marks the room ended and frees every seat. */
    record End() implements RoomChange {
        public Room applyTo(Room room) { return room.endedAndEmpty(); }
    }

    /** Stores a per-person link under its id. */
    record PutLink(Link link) implements RoomChange {
        public Room applyTo(Room room) { return room.withLink(link); }
    }

    /** Burns the (single-use) link: from now on it admits {@code peerId} only. */
    record UseLink(String linkId, String peerId) implements RoomChange {
        public Room applyTo(Room room) {
            return room.link(linkId).map(link -> room.withLink(link.usedBy(peerId))).orElse(room);
        }
    }

    /** Revokes the link: it admits nobody from now on. */
    record RevokeLink(String linkId) implements RoomChange {
        public Room applyTo(Room room) {
            return room.link(linkId).map(link -> room.withLink(link.revoked())).orElse(room);
        }
    }

    /** What a developer changes of a live room: lobby and capacity (in the options), expiry, and admission. */
    record ChangeSettings(RoomOptions options, Instant expiresAt, Admission admission) implements RoomChange {
        public Room applyTo(Room room) { return room.withSettings(options, expiresAt, admission); }
    }
}
