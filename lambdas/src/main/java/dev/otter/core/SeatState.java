package dev.otter.core;

/** Where a seat's holder is in the room's life; the admission count includes every state. */
public enum SeatState {
    /** The socket is admitted but has not sent {@code join}; others do not see it yet. */
    CONNECTED,
    /** Announced to the others; receives {@code peer-joined} / {@code peer-left}. */
    JOINED,
    /**
     * A guest of a lobby room that sent {@code join} and waits for a host to admit or deny it. Only the hosts
     * see it (as a knock); it sees nobody and can reach nobody.
     */
    WAITING
}
