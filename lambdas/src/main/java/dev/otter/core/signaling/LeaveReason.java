package dev.otter.core.signaling;

import java.util.Locale;

public enum LeaveReason {
    /** The peer's socket closed. */
    LEFT,
    /** The host removed the peer. */
    REMOVED,
    /** A message to the peer found its connection gone. */
    GONE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
