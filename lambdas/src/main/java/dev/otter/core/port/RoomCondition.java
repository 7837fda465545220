package dev.otter.core.port;

import dev.otter.core.Admission;
import dev.otter.core.Room;
import dev.otter.core.SeatState;
import java.time.Instant;

/**
 * What must hold of the stored room for a {@link RoomStore#update} to apply. Each condition is generic (it names
 * no rule of the protocol); the core combines them into its rules. {@link #holds} is the meaning every store
 * must implement exactly (the in-memory store calls it; the DynamoDB store translates it into a condition
 * expression, and the contract tests keep the two in step).
 */
public sealed interface RoomCondition {
    boolean holds(Room room);

    /** Not ended and not past its expiry at {@code now}. */
    record OpenAt(Instant now) implements RoomCondition {
        public boolean holds(Room room) { return room.isOpenAt(now); }
    }

    /** Not ended, but past its expiry at {@code now} (what the expiry sweep ends). */
    record ExpiredAt(Instant now) implements RoomCondition {
        public boolean holds(Room room) { return !room.ended() && !now.isBefore(room.expiresAt()); }
    }

    /** Fewer seats taken than the room's maximum. */
    record HasFreeSeat() implements RoomCondition {
        public boolean holds(Room room) { return room.participants() < room.options().maxParticipants(); }
    }

    /** Nobody holds the peer's seat. */
    record SeatFree(String peerId) implements RoomCondition {
        public boolean holds(Room room) { return room.seat(peerId).isEmpty(); }
    }

    /** The peer's seat exists and is held by {@code connectionId}. */
    record SeatHeldBy(String peerId, String connectionId) implements RoomCondition {
        public boolean holds(Room room) { return room.seat(peerId).filter(s -> s.connectionId().equals(connectionId)).isPresent(); }
    }

    /** The peer's seat exists and is in {@code state}. */
    record SeatIn(String peerId, SeatState state) implements RoomCondition {
        public boolean holds(Room room) { return room.seat(peerId).filter(s -> s.state() == state).isPresent(); }
    }

    /** The peer's seat exists. */
    record SeatTaken(String peerId) implements RoomCondition {
        public boolean holds(Room room) { return room.seat(peerId).isPresent(); }
    }

    /** A host has not removed the peer from the room. */
    record NotRemoved(String peerId) implements RoomCondition {
        public boolean holds(Room room) { return !room.isRemoved(peerId); }
    }

    /** A host has not turned the peer away at the lobby. */
    record NotDenied(String peerId) implements RoomCondition {
        public boolean holds(Room room) { return !room.isDenied(peerId); }
    }

    /** The room's shared guest link has not been stopped. */
    record GuestLinkOpen() implements RoomCondition {
        public boolean holds(Room room) { return !room.guestLinkStopped(); }
    }

    /** The peer's seat exists and last knocked at {@code at} ({@code null}: has not knocked). */
    record SeatKnockedAt(String peerId, Instant at) implements RoomCondition {
        public boolean holds(Room room) {
            return room.seat(peerId).filter(s -> java.util.Objects.equals(s.knockedAt(), at)).isPresent();
        }
    }

    /** The room takes new people: the developer has not locked it. */
    record Admitting() implements RoomCondition {
        public boolean holds(Room room) { return room.admission() == Admission.OPEN; }
    }

    /** The per-person link exists and admits {@code peerId} (see {@link dev.otter.core.Link#admits}). */
    record LinkAdmits(String linkId, String peerId) implements RoomCondition {
        public boolean holds(Room room) { return room.link(linkId).filter(link -> link.admits(peerId)).isPresent(); }
    }

    /** The per-person link exists. */
    record LinkExists(String linkId) implements RoomCondition {
        public boolean holds(Room room) { return room.link(linkId).isPresent(); }
    }

    /** The room holds fewer than {@code limit} per-person links. */
    record FewerLinksThan(int limit) implements RoomCondition {
        public boolean holds(Room room) { return room.links().size() < limit; }
    }

    /** At most {@code limit} seats are taken. */
    record SeatsAtMost(int limit) implements RoomCondition {
        public boolean holds(Room room) { return room.participants() <= limit; }
    }
}
