package dev.otter.core;

import dev.otter.core.port.RoomChange;
import dev.otter.core.port.RoomCondition;
import dev.otter.core.port.RoomStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The developer's per-person links ({@link Link}): making one and listing a room's. Revoking one frees seats, so it is
 * {@link dev.otter.core.signaling.SeatLifecycle#revokeLink}'s.
 */
public final class Links {
    private static final Pattern LINK_ID = Pattern.compile("[A-Za-z0-9_-]{12}");

    private final RoomStore store;
    private final Clock clock;

    public Links(RoomStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** What the developer asks for; {@code expiresAt} null means the room's expiry. */
    public record Request(Role role, String name, Instant expiresAt, Link.Use use) {}

    /** The link as stored and its token (shown once, never stored). */
    public record Created(Link link, String token) {}

    /**
     * A new link for one person, in one conditional write (the room open, below {@link Link#MAX_PER_ROOM} links).
     *
     * @throws OtterException INVALID_FIELD (an expiry past the room's or not in the future), ROOM_NOT_FOUND, ROOM_ENDED or
     *                        TOO_MANY_LINKS
     */
    public Created create(String roomId, Request request, RoomTokens tokens) {
        Instant now = clock.instant();
        Room room = store.find(Ids.requireRoomId(roomId)).orElseThrow(() -> OtterException.roomNotFound(roomId)).requireOpen(now);
        // JWT expiry is whole seconds: truncating keeps the token's exp and the stored expiry equal.
        Instant expiresAt = request.expiresAt() == null ? room.expiresAt() : request.expiresAt().truncatedTo(ChronoUnit.SECONDS);
        if (expiresAt.isAfter(room.expiresAt())) {
            throw OtterException.invalidField("expiresAt must not be after the room's expiry, " + room.expiresAt());
        }
        if (!expiresAt.isAfter(now)) throw OtterException.invalidField("expiresAt must be in the future");
        Link link = new Link(Ids.random(9), request.role(), request.name(), now.truncatedTo(ChronoUnit.SECONDS), expiresAt,
                request.use(), Link.State.ACTIVE, null);
        if (store.update(roomId, List.of(new RoomCondition.OpenAt(now), new RoomCondition.FewerLinksThan(Link.MAX_PER_ROOM)),
                List.of(new RoomChange.PutLink(link))).isEmpty()) {
            store.find(roomId).orElseThrow(() -> OtterException.roomNotFound(roomId)).requireOpen(clock.instant());
            throw new OtterException(Problem.TOO_MANY_LINKS, "a room holds at most " + Link.MAX_PER_ROOM + " links");
        }
        return new Created(link, tokens.issue(roomId, link.role(), expiresAt, link.linkId()));
    }

    /** The room's links, oldest first (ended rooms too: a developer may want to see who had one). */
    public List<Link> list(String roomId) {
        Room room = store.find(Ids.requireRoomId(roomId)).orElseThrow(() -> OtterException.roomNotFound(roomId));
        return room.links().values().stream().sorted(Comparator.comparing(Link::createdAt).thenComparing(Link::linkId)).toList();
    }

    /**
     * An id from a path that can be a link's, else not found (without asking the store).
     *
     * @throws OtterException LINK_NOT_FOUND
     */
    public static String requireLinkId(String id) {
        if (id == null || !LINK_ID.matcher(id).matches()) throw new OtterException(Problem.LINK_NOT_FOUND, "no such link in this room");
        return id;
    }
}
