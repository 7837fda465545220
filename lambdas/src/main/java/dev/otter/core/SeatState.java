package dev.otter.core;

/**
 * Where a seat's holder is in the room's life. A lobby ("knocking", waiting for the host) will add a state
 * before {@link #JOINED}; the admission count already includes every state.
 */
public enum SeatState {
    /** The socket is admitted but has not sent {@code join}; others do not see it yet. */
    CONNECTED,
    /** Announced to the others; receives {@code peer-joined} / {@code peer-left}. */
    JOINED
}
