package dev.otter.core.signaling;

import dev.otter.core.Role;

/**
 * Who sent a WebSocket event, as the {@code $connect} authorizer established it.
 *
 * @param linkId  the per-person link the connection came with, {@code null} for the room's shared links
 * @param seating when the connection takes its seat: at {@code $connect}, or at its first {@code join} (standby)
 */
public record Caller(String roomId, String peerId, Role role, String connectionId, String linkId, Seating seating) {
    /** A caller seated at {@code $connect}. */
    public Caller(String roomId, String peerId, Role role, String connectionId, String linkId) {
        this(roomId, peerId, role, connectionId, linkId, Seating.AT_CONNECT);
    }

    /** A caller with a shared link, seated at {@code $connect}. */
    public Caller(String roomId, String peerId, Role role, String connectionId) {
        this(roomId, peerId, role, connectionId, null);
    }
}
