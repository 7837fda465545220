package dev.otter.core.signaling;

import dev.otter.core.Role;

/**
 * Who sent a WebSocket event, as the {@code $connect} authorizer established it.
 *
 * @param linkId the per-person link the connection came with, {@code null} for the room's shared links
 */
public record Caller(String roomId, String peerId, Role role, String connectionId, String linkId) {
    /** A caller with a shared link. */
    public Caller(String roomId, String peerId, Role role, String connectionId) {
        this(roomId, peerId, role, connectionId, null);
    }
}
