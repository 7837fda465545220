package dev.otter.core.webhook;

/** What happened, as a webhook's {@code type} says it (docs/webhooks.md lists each with its payload). */
public enum EventType {
    ROOM_CREATED("room.created"),
    /** The first person joined a room in which nobody was joined (again after it emptied). */
    ROOM_STARTED("room.started"),
    PARTICIPANT_JOINED("participant.joined"),
    /** With a {@link LeftReason}. */
    PARTICIPANT_LEFT("participant.left"),
    /** A guest waits in a lobby room's lobby and the hosts were told. */
    PARTICIPANT_KNOCKED("participant.knocked"),
    PARTICIPANT_ADMITTED("participant.admitted"),
    PARTICIPANT_DENIED("participant.denied"),
    /** With an {@link EndReason}. */
    ROOM_ENDED("room.ended");

    private final String wire;

    EventType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
