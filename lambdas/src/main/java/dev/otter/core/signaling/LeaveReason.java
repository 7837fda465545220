package dev.otter.core.signaling;

import java.util.Locale;

public enum LeaveReason {
    /** The peer sent {@code leave}. */
    LEFT,
    /** The host removed the peer. */
    REMOVED,
    /** Its connection closed without a leave and it did not resume within the resume window. */
    GONE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
