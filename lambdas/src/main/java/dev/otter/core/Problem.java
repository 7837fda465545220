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
    RATE_LIMITED
}
