package dev.otter.core.signaling;

import dev.otter.core.Role;

/** Who sent a WebSocket event, as the {@code $connect} authorizer established it. */
public record Caller(String roomId, String peerId, Role role, String connectionId) {
}
