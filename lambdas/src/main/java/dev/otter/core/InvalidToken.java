package dev.otter.core;

/** A room or resume token that must be refused. The reason is for logs only, never for the caller. */
public final class InvalidToken extends Exception {
    public InvalidToken(String reason) {
        super(reason, null, false, false);
    }
}
