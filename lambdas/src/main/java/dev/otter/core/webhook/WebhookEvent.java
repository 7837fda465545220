package dev.otter.core.webhook;

import dev.otter.core.Ids;
import dev.otter.core.Seat;
import dev.otter.core.signaling.LeaveReason;
import java.time.Instant;

/**
 * One thing that happened in a room, as a developer's endpoint is told it. Deliberately holds only what a backend
 * may know about a call: ids, the name a participant announced, its role and times. Never a session description,
 * an ICE candidate, an address or a token: none of them is a field here, so none can leak into a payload.
 *
 * @param id        unique per event and the same on every retry of it (the {@code webhook-id} header): receivers
 *                  de-duplicate by it
 * @param peerId    {@code null} for room events
 * @param name      the display name the participant announced in {@code join}; {@code null} for room events
 * @param role      {@code host} or {@code guest}; {@code null} for room events
 * @param linkId    the per-person link the participant came in by; {@code null} until rooms have such links
 * @param joinedAt  when the participant took its seat; {@code null} for room events
 * @param reason    {@code participant.left}: left, removed or gone; {@code room.ended}: host, api or expired
 */
public record WebhookEvent(String id, EventType type, Instant timestamp, String roomId, String peerId, String name,
                           String role, String linkId, Instant joinedAt, String reason) {
    private static final String ID_PREFIX = "evt_";

    public static WebhookEvent roomCreated(String roomId, Instant at) {
        return room(EventType.ROOM_CREATED, roomId, at, null);
    }

    public static WebhookEvent roomStarted(String roomId, Instant at) {
        return room(EventType.ROOM_STARTED, roomId, at, null);
    }

    public static WebhookEvent roomEnded(String roomId, Instant at, EndReason reason) {
        return room(EventType.ROOM_ENDED, roomId, at, reason.wire());
    }

    /** {@code participant.joined}, {@code .knocked}, {@code .admitted} or {@code .denied} of {@code seat}. */
    public static WebhookEvent participant(EventType type, Seat seat, Instant at) {
        return participant(type, seat, at, null);
    }

    public static WebhookEvent left(Seat seat, Instant at, LeaveReason reason) {
        return participant(EventType.PARTICIPANT_LEFT, seat, at, reason.wire());
    }

    private static WebhookEvent room(EventType type, String roomId, Instant at, String reason) {
        return new WebhookEvent(newId(), type, at, roomId, null, null, null, null, null, reason);
    }

    private static WebhookEvent participant(EventType type, Seat seat, Instant at, String reason) {
        return new WebhookEvent(newId(), type, at, seat.roomId(), seat.peerId(), seat.name(), seat.role().wire(),
                linkIdOf(seat), seat.joinedAt(), reason);
    }

    /**
     * The one place a participant's link id is taken from. Rooms have one shared guest link and one host link
     * today, which identify nobody, so it is {@code null}; per-person links fill it here.
     */
    static String linkIdOf(Seat seat) {
        return null;
    }

    private static String newId() {
        return ID_PREFIX + Ids.random(16);
    }
}
