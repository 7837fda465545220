package dev.otter.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A room as stored: its options, its life span and its seats (by peer id), all in one document. Every seat
 * counts against {@link RoomOptions#maxParticipants()}, whatever its state.
 *
 * @param removed          the peer ids a host removed: they never take a seat in this room again
 * @param guestLinkStopped a host stopped the shared guest link: guests without a seat of their own to resume are refused
 * @param denied           the peer ids a host turned away at the lobby: their resume tokens knock no more
 * @param links            the developer's per-person links, by link id
 * @param admission        whether the room takes new people (the developer may lock it)
 */
public record Room(String roomId, RoomOptions options, Instant createdAt, Instant expiresAt, boolean ended, Map<String, Seat> seats,
                   Set<String> removed, boolean guestLinkStopped, Set<String> denied, Map<String, Link> links, Admission admission) {

    public Room {
        seats = Map.copyOf(seats);
        removed = Set.copyOf(removed);
        denied = Set.copyOf(denied);
        links = Map.copyOf(links);
    }

    /** Without per-person links, open. */
    public Room(String roomId, RoomOptions options, Instant createdAt, Instant expiresAt, boolean ended, Map<String, Seat> seats,
                Set<String> removed, boolean guestLinkStopped, Set<String> denied) {
        this(roomId, options, createdAt, expiresAt, ended, seats, removed, guestLinkStopped, denied, Map.of(), Admission.OPEN);
    }

    /** Nobody removed or denied, the guest link working. */
    public Room(String roomId, RoomOptions options, Instant createdAt, Instant expiresAt, boolean ended, Map<String, Seat> seats) {
        this(roomId, options, createdAt, expiresAt, ended, seats, Set.of(), false, Set.of());
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
        return new Room(roomId, options, createdAt, expiresAt, ended, changed, removed, guestLinkStopped, denied, links, admission);
    }

    public Room withoutSeat(String peerId) {
        Map<String, Seat> changed = new LinkedHashMap<>(seats);
        changed.remove(peerId);
        return new Room(roomId, options, createdAt, expiresAt, ended, changed, removed, guestLinkStopped, denied, links, admission);
    }

    /** Whether a host removed the peer from this room. */
    public boolean isRemoved(String peerId) {
        return removed.contains(peerId);
    }

    /** With the peer recorded as removed (its seat, if any, stays until freed). */
    public Room withRemoved(String peerId) {
        Set<String> changed = new java.util.HashSet<>(removed);
        changed.add(peerId);
        return new Room(roomId, options, createdAt, expiresAt, ended, seats, changed, guestLinkStopped, denied, links, admission);
    }

    /** Whether a host turned the peer away at the lobby. */
    public boolean isDenied(String peerId) {
        return denied.contains(peerId);
    }

    /** With the peer recorded as denied (its seat, if any, stays until freed). */
    public Room withDenied(String peerId) {
        Set<String> changed = new java.util.HashSet<>(denied);
        changed.add(peerId);
        return new Room(roomId, options, createdAt, expiresAt, ended, seats, removed, guestLinkStopped, changed, links, admission);
    }

    /** With the shared guest link stopped ({@code true}) or working again. */
    public Room withGuestLinkStopped(boolean stopped) {
        return new Room(roomId, options, createdAt, expiresAt, ended, seats, removed, stopped, denied, links, admission);
    }

    /** Ended, with every seat freed (who was removed or denied stays so). */
    public Room endedAndEmpty() {
        return new Room(roomId, options, createdAt, expiresAt, true, Map.of(), removed, guestLinkStopped, denied, links, admission);
    }

    /**
     * The per-person link a token names, unless it was revoked (a genuine token for a link the room does not know is
     * treated alike).
     *
     * @throws OtterException LINK_REVOKED
     */
    public Link requireLinkNotRevoked(String linkId) {
        return link(linkId).filter(link -> link.state() != Link.State.REVOKED)
                .orElseThrow(() -> new OtterException(Problem.LINK_REVOKED, "this link was revoked"));
    }

    public Optional<Link> link(String linkId) {
        return Optional.ofNullable(links.get(linkId));
    }

    /** With the link stored under its id, replacing whatever was there. */
    public Room withLink(Link link) {
        Map<String, Link> changed = new LinkedHashMap<>(links);
        changed.put(link.linkId(), link);
        return new Room(roomId, options, createdAt, expiresAt, ended, seats, removed, guestLinkStopped, denied, changed, admission);
    }

    /** With other options (lobby, capacity) and expiry; what a developer may change of a live room. */
    public Room withSettings(RoomOptions newOptions, Instant newExpiresAt, Admission newAdmission) {
        return new Room(roomId, newOptions, createdAt, newExpiresAt, ended, seats, removed, guestLinkStopped, denied, links, newAdmission);
    }
}
