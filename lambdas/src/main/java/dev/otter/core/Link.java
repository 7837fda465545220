package dev.otter.core;

import java.time.Instant;

/**
 * A link for one person, made by the developer ({@code POST /rooms/{id}/links}): a room token that carries the link's
 * id, so that every seat taken with it is known to be the link's. Stored in its room's document; the token itself is
 * never stored (it is shown once, like an API key).
 *
 * @param name      the display name the developer gave; it replaces whatever the holder's {@code join} says, or
 *                  {@code null} to let the holder choose
 * @param expiresAt never after the room's expiry; the token expires with it
 * @param holder    the peer id that burned a {@link Use#SINGLE} link; {@code null} while unused
 */
public record Link(String linkId, Role role, String name, Instant createdAt, Instant expiresAt, Use use, State state,
                   String holder) {
    public static final int MAX_NAME_LENGTH = 100;
    /** A room document holds its links; this keeps it far below DynamoDB's item size limit. */
    public static final int MAX_PER_ROOM = 50;

    public enum Use {
        /** Any number of people may join with it (each gets a seat of their own). */
        REUSABLE,
        /** The first connection that takes a seat with it burns it; after that only that peer (by its resume token). */
        SINGLE
    }

    public enum State {
        /** Not used yet (or reusable): admits new people. */
        ACTIVE,
        /** A single-use link that was burned: admits its holder only. */
        USED,
        /** The developer revoked it: admits nobody, and its holders were disconnected. */
        REVOKED
    }

    public Link {
        if (name != null && (name.isBlank() || name.length() > MAX_NAME_LENGTH)) {
            throw OtterException.invalidField("name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
    }

    /** Whether a connection of {@code peerId} may take (or take back) a seat with this link. */
    public boolean admits(String peerId) {
        return state == State.ACTIVE || (state == State.USED && peerId.equals(holder));
    }

    public Link usedBy(String peerId) {
        return new Link(linkId, role, name, createdAt, expiresAt, use, State.USED, peerId);
    }

    public Link revoked() {
        return new Link(linkId, role, name, createdAt, expiresAt, use, State.REVOKED, holder);
    }
}
