package dev.otter.core;

import dev.otter.core.port.IdempotencyRecord;
import dev.otter.core.port.RoomListing;
import dev.otter.core.port.RoomStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Creating rooms, reading and listing them for a caller, and marking them ended. */
public final class Rooms {
    /** How long a {@code createRoom} retry with the same {@code Idempotency-Key} gets the same room. */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    private final RoomStore store;
    private final Clock clock;

    public Rooms(RoomStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new room and a host and a guest token for it, both valid until the room expires. */
    public CreatedRoom create(RoomOptions options, RoomTokens tokens) {
        return create(options, GuestLink.SHARED, tokens);
    }

    /**
     * A new room with a host token and, unless {@code guestLink} is {@link GuestLink#NONE}, a guest token; both valid
     * until the room expires. Without a shared guest link the room's guest link is stopped from the start, so guests
     * get in only with a per-person link.
     */
    public CreatedRoom create(RoomOptions options, GuestLink guestLink, RoomTokens tokens) {
        return create(Ids.roomId(), options, guestLink, tokens);
    }

    /**
     * The same as {@link #create(RoomOptions, GuestLink, RoomTokens)}, but a retry with the same {@code idempotency}
     * scope within {@link #IDEMPOTENCY_WINDOW} gets the room the first request made (with fresh tokens for it).
     *
     * @throws OtterException IDEMPOTENCY_KEY_REUSED (same scope, another request) or IDEMPOTENCY_KEY_IN_USE (the first
     *                        request is still creating the room)
     */
    public CreatedRoom createOnce(String scope, String requestHash, RoomOptions options, GuestLink guestLink, RoomTokens tokens) {
        String roomId = Ids.roomId();
        Optional<IdempotencyRecord> earlier = store.remember(
                new IdempotencyRecord(scope, requestHash, roomId, clock.instant().plus(IDEMPOTENCY_WINDOW)));
        if (earlier.isEmpty()) return create(roomId, options, guestLink, tokens);
        if (!earlier.get().requestHash().equals(requestHash)) {
            throw new OtterException(Problem.IDEMPOTENCY_KEY_REUSED, "this Idempotency-Key was used with another request");
        }
        Room room = store.find(earlier.get().roomId()).orElseThrow(() ->
                new OtterException(Problem.IDEMPOTENCY_KEY_IN_USE, "the first request with this Idempotency-Key is still running; retry"));
        return tokensFor(room, tokens);
    }

    private CreatedRoom create(String roomId, RoomOptions options, GuestLink guestLink, RoomTokens tokens) {
        // JWT and DynamoDB TTL both work in whole seconds; truncating keeps `exp` and `expiresAt` equal.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Room room = Room.create(roomId, options, now, now.plus(Duration.ofHours(options.ttlHours())))
                .withGuestLinkStopped(guestLink == GuestLink.NONE);
        store.create(room);
        CreatedRoom links = tokensFor(room, tokens);
        return new CreatedRoom(room, links.hostToken(), links.guestToken(), Creation.NEW);
    }

    /**
     * The room's shared links, valid until it expires: a host token, and a guest token unless its guest link is stopped
     * (made without one, or stopped by a host since: a token for it would let nobody in).
     */
    public CreatedRoom tokensFor(Room room, RoomTokens tokens) {
        String guestToken = room.guestLinkStopped() ? null : tokens.issue(room.roomId(), Role.GUEST, room.expiresAt());
        return new CreatedRoom(room, tokens.issue(room.roomId(), Role.HOST, room.expiresAt()), guestToken, Creation.EXISTING);
    }

    /** @throws OtterException ROOM_NOT_FOUND, also for an id no room can have (never asking the store) */
    public Room find(String roomId) {
        return store.find(Ids.requireRoomId(roomId)).orElseThrow(() -> OtterException.roomNotFound(roomId));
    }

    /** @throws OtterException ROOM_NOT_FOUND or ROOM_ENDED (ended or expired) */
    public Room findOpen(String roomId) {
        return find(roomId).requireOpen(clock.instant());
    }

    /** A page of the deployment's rooms, newest first. */
    public RoomListing.Page list(RoomListing.Filter filter, int limit, Optional<RoomListing.Cursor> after) {
        if (limit < 1 || limit > RoomListing.MAX_LIMIT) {
            throw OtterException.invalidField("limit must be between 1 and " + RoomListing.MAX_LIMIT);
        }
        return store.list(new RoomListing(filter, limit, after, clock.instant()));
    }

    /** Whether a room has a shared guest link. */
    public enum GuestLink {
        SHARED,
        /** Only per-person links let guests in (for rooms where every guest is invited by name). */
        NONE
    }

    /** @param guestToken {@code null} for a room made without a shared guest link */
    /** Whether a room was made by this call or already existed (a retried {@code Idempotency-Key}, new links). */
    public enum Creation { NEW, EXISTING }

    public record CreatedRoom(Room room, String hostToken, String guestToken, Creation creation) {}
}
