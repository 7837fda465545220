package dev.otter.core;

import java.util.List;

/**
 * What a developer may choose when creating a room; the constructor enforces the documented ranges.
 *
 * @param lobby        guests wait until a host admits them
 * @param embedOrigins the parent-page origins the web app may talk to when embedded in an iframe, in the form
 *                     browsers report them (see {@link EmbedOrigins})
 */
public record RoomOptions(int maxParticipants, int ttlHours, String name, boolean relayOnly, boolean lobby,
                          List<String> embedOrigins) {
    public static final int MIN_PARTICIPANTS = 2;
    public static final int MAX_PARTICIPANTS = 8;
    public static final int DEFAULT_PARTICIPANTS = 4;
    public static final int MAX_TTL_HOURS = 168;
    public static final int DEFAULT_TTL_HOURS = 48;
    public static final int MAX_NAME_LENGTH = 100;

    public RoomOptions {
        if (maxParticipants < MIN_PARTICIPANTS || maxParticipants > MAX_PARTICIPANTS) {
            throw OtterException.invalidField("maxParticipants must be between " + MIN_PARTICIPANTS + " and " + MAX_PARTICIPANTS);
        }
        if (ttlHours < 1 || ttlHours > MAX_TTL_HOURS) {
            throw OtterException.invalidField("ttlHours must be between 1 and " + MAX_TTL_HOURS);
        }
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            throw OtterException.invalidField("name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        embedOrigins = EmbedOrigins.normalise(embedOrigins == null ? List.of() : embedOrigins);
    }

    /** Without a lobby and without embedding origins. */
    public RoomOptions(int maxParticipants, int ttlHours, String name, boolean relayOnly) {
        this(maxParticipants, ttlHours, name, relayOnly, false, List.of());
    }

    public static RoomOptions defaults() {
        return new RoomOptions(DEFAULT_PARTICIPANTS, DEFAULT_TTL_HOURS, null, false, false, List.of());
    }
}
