package dev.otter.core.signaling;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What the server sends, discriminated by {@code type}; see docs/signaling.md. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ServerMessage.Joined.class),
        @JsonSubTypes.Type(ServerMessage.PeerJoined.class),
        @JsonSubTypes.Type(ServerMessage.PeerLeft.class),
        @JsonSubTypes.Type(ServerMessage.Relayed.class),
        @JsonSubTypes.Type(ServerMessage.Pong.class),
        @JsonSubTypes.Type(ServerMessage.Removed.class),
        @JsonSubTypes.Type(ServerMessage.RoomEnded.class),
        @JsonSubTypes.Type(ServerMessage.Error.class)
})
public sealed interface ServerMessage {

    record PeerInfo(String peerId, String name, String role) {}

    record RoomInfo(String roomId, int maxParticipants, boolean relayOnly, String expiresAt) {}

    @JsonTypeName("joined")
    record Joined(String peerId, String role, String resumeToken, boolean resumed, RoomInfo room, List<PeerInfo> peers)
            implements ServerMessage {}

    @JsonTypeName("peer-joined")
    record PeerJoined(PeerInfo peer) implements ServerMessage {}

    @JsonTypeName("peer-left")
    record PeerLeft(String peerId, String reason) implements ServerMessage {}

    @JsonTypeName("signal")
    record Relayed(String from, JsonNode data) implements ServerMessage {}

    @JsonTypeName("pong")
    record Pong() implements ServerMessage {}

    @JsonTypeName("removed")
    record Removed() implements ServerMessage {}

    @JsonTypeName("room-ended")
    record RoomEnded() implements ServerMessage {}

    @JsonTypeName("error")
    record Error(String code, String message) implements ServerMessage {}
}
