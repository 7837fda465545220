package dev.otter.core;

/**
 * Everything a caller can do wrong or run into. The lambda layer maps each to one HTTP status and code
 * and to one WebSocket error code, in one place; the core only says which problem it was.
 */
public enum Problem {
    INVALID_JSON,
    INVALID_FIELD,
    PAYLOAD_TOO_LARGE,
    UNAUTHORIZED,
    FORBIDDEN,
    WRONG_ROOM,
    ROOM_NOT_FOUND,
    ROOM_ENDED,
    ROOM_FULL,
    /** No API key has that id. */
    API_KEY_NOT_FOUND,
    /** Revoking this key would leave no current key, and the caller did not ask for that. */
    LAST_CURRENT_KEY,
    /** No webhook endpoint has that id. */
    WEBHOOK_NOT_FOUND,
    /** The deployment has as many webhook endpoints as it may. */
    WEBHOOK_LIMIT,
    /** A host removed this peer from the room: it may not come back (with its resume token or otherwise). */
    REMOVED,
    /** A host turned this peer away at the lobby: its resume token knocks no more. */
    DENIED,
    /** A host stopped the room's shared guest link: new guests are refused. */
    GUEST_LINK_STOPPED,
    /** Seat contention that outlasted the retries; the caller may try again. */
    BUSY,
    INVALID_MESSAGE,
    UNKNOWN_ACTION,
    MESSAGE_TOO_LARGE,
    PEER_NOT_FOUND,
    /** The caller's own seat is gone (removed, room ended, or taken over by a resumed connection). */
    NOT_IN_ROOM,
    /** The connection sent more messages than its budget allows (MessageBudget); the message was not handled. */
    RATE_LIMITED,
    /** The room has no per-person link with that id. */
    LINK_NOT_FOUND,
    /** The developer revoked this per-person link: its holder is out, for good. */
    LINK_REVOKED,
    /** This single-use link was used by someone else already. */
    LINK_USED,
    /** The room holds as many per-person links as it may ({@link Link#MAX_PER_ROOM}). */
    TOO_MANY_LINKS,
    /** The developer locked the room: nobody new gets a seat. */
    ROOM_LOCKED,
    /** A change would leave the room with fewer seats than people in it. */
    CAPACITY_BELOW_PARTICIPANTS,
    /** The {@code Idempotency-Key} was used before with a different request. */
    IDEMPOTENCY_KEY_REUSED,
    /** The first request with this {@code Idempotency-Key} is still being carried out; retry shortly. */
    IDEMPOTENCY_KEY_IN_USE
}
