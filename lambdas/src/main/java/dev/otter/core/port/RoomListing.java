package dev.otter.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One page of a deployment's rooms, newest first ({@link RoomStore#list}). A store answers from an index of room
 * summaries (DynamoDB: a Query on a global secondary index, never a Scan), so a page holds summaries, not seats.
 *
 * @param after where the previous page stopped, or empty for the first page
 * @param now   what "active" and "ended" are measured against (a room past its expiry has ended)
 */
public record RoomListing(Filter filter, int limit, Optional<Cursor> after, Instant now) {
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 50;

    public enum Filter {
        ALL,
        /** Not ended and not expired. */
        ACTIVE,
        /** Ended by the developer or a host, or expired. */
        ENDED
    }

    /** The position after one room: its creation time and id (rooms created in the same second are ordered by id). */
    public record Cursor(Instant createdAt, String roomId) {}

    public record Summary(String roomId, String name, Instant createdAt, Instant expiresAt, boolean ended, int maxParticipants) {
        public boolean isOpenAt(Instant at) {
            return !ended && at.isBefore(expiresAt);
        }
    }

    /** @param next where the next page starts, empty when this was the last page */
    public record Page(List<Summary> rooms, Optional<Cursor> next) {}
}
