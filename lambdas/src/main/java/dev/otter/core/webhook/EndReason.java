package dev.otter.core.webhook;

import java.util.Locale;

/** Who ended a room. */
public enum EndReason {
    /** A host sent {@code end}. */
    HOST,
    /** The developer's backend called {@code DELETE /rooms/{id}}. */
    API,
    /** Its time ran out. */
    EXPIRED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
