package dev.otter.core.signaling;

import dev.otter.core.ResumeTokens;
import dev.otter.core.Role;
import dev.otter.core.Room;
import dev.otter.core.Seat;
import dev.otter.core.SeatState;
import java.util.List;

/** The {@code joined} reply, the same whether a peer joins directly or a host admits it from the lobby. */
final class JoinedReplies {
    private final ResumeTokens resumeTokens;

    JoinedReplies(ResumeTokens resumeTokens) {
        this.resumeTokens = resumeTokens;
    }

    /** @param roomSeats the room's seats, read after the peer's own seat became joined */
    ServerMessage.Joined to(Room room, String peerId, Role role, boolean resumed, List<Seat> roomSeats) {
        List<ServerMessage.PeerInfo> others = roomSeats.stream()
                .filter(seat -> seat.state() == SeatState.JOINED && !seat.peerId().equals(peerId))
                .map(JoinedReplies::info)
                .toList();
        // Who knocks is the hosts' business only.
        List<ServerMessage.PeerInfo> waiting = role != Role.HOST ? List.of() : roomSeats.stream()
                .filter(seat -> seat.state() == SeatState.WAITING)
                .map(JoinedReplies::info)
                .toList();
        return new ServerMessage.Joined(peerId, role.wire(), resumeTokens.issue(room.roomId(), peerId, room.expiresAt()), resumed,
                new ServerMessage.RoomInfo(room.roomId(), room.options().maxParticipants(), room.options().relayOnly(),
                        room.expiresAt().toString()),
                others, waiting);
    }

    static ServerMessage.PeerInfo info(Seat seat) {
        return new ServerMessage.PeerInfo(seat.peerId(), seat.name(), seat.role().wire());
    }
}
