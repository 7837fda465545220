package dev.otter.core.signaling;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.TurnCredentials;
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
        @JsonSubTypes.Type(ServerMessage.LobbyWaiting.class),
        @JsonSubTypes.Type(ServerMessage.Knock.class),
        @JsonSubTypes.Type(ServerMessage.KnockResolved.class),
        @JsonSubTypes.Type(ServerMessage.LobbyDenied.class),
        @JsonSubTypes.Type(ServerMessage.Locked.class),
        @JsonSubTypes.Type(ServerMessage.Unlocked.class),
        @JsonSubTypes.Type(ServerMessage.RoomUpdated.class),
        @JsonSubTypes.Type(ServerMessage.Error.class)
})
public sealed interface ServerMessage {

    record PeerInfo(String peerId, String name, String role) {}

    /**
     * @param guestLinkStopped whether a host stopped the shared guest link ({@code lock})
     * @param locked           whether the developer locked the room: nobody new gets in ({@code PATCH /rooms/{id}})
     * @param lobby            whether guests wait in a lobby until a host admits them
     */
    record RoomInfo(String roomId, int maxParticipants, boolean relayOnly, String expiresAt, boolean guestLinkStopped, boolean locked,
                    boolean lobby) {}

    /**
     * @param waiting     for a host, the guests waiting in the lobby; always empty for a guest
     * @param credentials this seat's TURN credentials, as {@code GET /credentials} gives them, so that the first
     *                    connections need no request of their own; absent when they could not be issued (the client
     *                    then asks {@code GET /credentials})
     */
    @JsonTypeName("joined")
    record Joined(String peerId, String role, String resumeToken, boolean resumed, RoomInfo room, List<PeerInfo> peers,
                  List<PeerInfo> waiting, @JsonInclude(JsonInclude.Include.NON_NULL) TurnCredentials.ForClient credentials)
            implements ServerMessage {
        public Joined(String peerId, String role, String resumeToken, boolean resumed, RoomInfo room, List<PeerInfo> peers) {
            this(peerId, role, resumeToken, resumed, room, peers, List.of(), null);
        }
    }

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

    /** A guest's {@code join} in a lobby room: wait for a host; the token resumes the waiting seat. */
    @JsonTypeName("lobby-waiting")
    record LobbyWaiting(String resumeToken) implements ServerMessage {}

    /** To hosts: a guest waits in the lobby (again, after a resume or a rename). */
    @JsonTypeName("knock")
    record Knock(PeerInfo peer) implements ServerMessage {}

    /** To hosts: a knock was answered, or the guest left the lobby ({@code admitted} false). */
    @JsonTypeName("knock-resolved")
    record KnockResolved(String peerId, boolean admitted) implements ServerMessage {}

    /** To a waiting guest that a host denied; the server closes the socket next. */
    @JsonTypeName("lobby-denied")
    record LobbyDenied() implements ServerMessage {}

    /** To hosts: a host stopped the guest link; new guests are refused from now on. */
    @JsonTypeName("locked")
    record Locked() implements ServerMessage {}

    /** To hosts: a host reopened the guest link; new guests get in again. */
    @JsonTypeName("unlocked")
    record Unlocked() implements ServerMessage {}

    /** To everyone joined: the developer changed the room (lock, lobby, capacity, expiry); its state as now. */
    @JsonTypeName("room-updated")
    record RoomUpdated(RoomInfo room) implements ServerMessage {}

    @JsonTypeName("error")
    record Error(String code, String message) implements ServerMessage {}
}
