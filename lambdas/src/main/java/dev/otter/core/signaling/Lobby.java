package dev.otter.core.signaling;

import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import dev.otter.core.ResumeTokens;
import dev.otter.core.Room;
import dev.otter.core.Seat;
import dev.otter.core.SeatState;
import dev.otter.core.port.ConnectionStore;
import dev.otter.core.port.PeerGone;
import dev.otter.core.port.PeerMessenger;
import java.util.List;

/**
 * Guests of a lobby room wait after {@code join} until a host admits or denies them. A waiting guest holds its
 * seat (so capacity stays exact) but is shown only to the hosts, as a knock, and is shown nobody itself.
 */
final class Lobby {
    private final ConnectionStore seats;
    private final PeerMessenger messenger;
    private final Departures departures;
    private final ResumeTokens resumeTokens;
    private final JoinedReplies replies;

    Lobby(ConnectionStore seats, PeerMessenger messenger, Departures departures, ResumeTokens resumeTokens, JoinedReplies replies) {
        this.seats = seats;
        this.messenger = messenger;
        this.departures = departures;
        this.resumeTokens = resumeTokens;
        this.replies = replies;
    }

    /** The guest's seat is already waiting; tell it so, and knock (again, after a resume) at every host. */
    void hold(Caller guest, String name, Room room) {
        send(guest.connectionId(), new ServerMessage.LobbyWaiting(resumeTokens.issue(room.roomId(), guest.peerId(), room.expiresAt())));
        departures.broadcastToHosts(seats.seatsOf(room.roomId()),
                new ServerMessage.Knock(new ServerMessage.PeerInfo(guest.peerId(), name, guest.role().wire())));
    }

    /** @throws OtterException PEER_NOT_FOUND when {@code peerId} is not waiting (any more) */
    void admit(Room room, String peerId) {
        Seat guest = seats.admitWaiting(room.roomId(), peerId).orElseThrow(Lobby::notWaiting);
        List<Seat> roomSeats = seats.seatsOf(room.roomId());
        try {
            messenger.send(guest.connectionId(), Wire.write(replies.to(room, peerId, guest.role(), false, roomSeats)));
        } catch (PeerGone e) {
            // It left while waiting and nobody but the hosts saw it, so it goes without a peer-left.
            seats.release(room.roomId(), peerId, guest.connectionId());
            departures.broadcastToHosts(roomSeats, new ServerMessage.KnockResolved(peerId, false));
            return;
        }
        departures.broadcast(roomSeats, peerId, new ServerMessage.PeerJoined(JoinedReplies.info(guest)));
        departures.broadcastToHosts(roomSeats, new ServerMessage.KnockResolved(peerId, true));
    }

    /** @throws OtterException PEER_NOT_FOUND when {@code peerId} is not waiting (any more) */
    void deny(String roomId, String peerId) {
        Seat guest = seats.find(roomId, peerId).filter(seat -> seat.state() == SeatState.WAITING).orElseThrow(Lobby::notWaiting);
        if (!seats.releaseWaiting(roomId, peerId, guest.connectionId())) throw notWaiting();
        send(guest.connectionId(), new ServerMessage.LobbyDenied());
        messenger.disconnect(guest.connectionId());
        departures.broadcastToHosts(seats.seatsOf(roomId), new ServerMessage.KnockResolved(peerId, false));
    }

    private void send(String connectionId, ServerMessage message) {
        try {
            messenger.send(connectionId, Wire.write(message));
        } catch (PeerGone e) {
            // Its $disconnect frees whatever it still holds.
        }
    }

    private static OtterException notWaiting() {
        return new OtterException(Problem.PEER_NOT_FOUND, "no such peer waits in the lobby");
    }
}
