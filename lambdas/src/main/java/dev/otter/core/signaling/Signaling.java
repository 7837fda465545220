package dev.otter.core.signaling;

import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import dev.otter.core.ResumeTokens;
import dev.otter.core.Role;
import dev.otter.core.Room;
import dev.otter.core.Rooms;
import dev.otter.core.Seat;
import dev.otter.core.SeatState;
import dev.otter.core.port.ConnectionStore;
import dev.otter.core.port.PeerGone;
import dev.otter.core.port.PeerMessenger;
import java.util.List;

/**
 * The messages of an admitted connection. A refused message throws {@link OtterException} before anything
 * changed; the caller reports it to the sender.
 */
public final class Signaling {
    private final Rooms rooms;
    private final ConnectionStore seats;
    private final PeerMessenger messenger;
    private final Departures departures;
    private final ResumeTokens resumeTokens;

    public Signaling(Rooms rooms, ConnectionStore seats, PeerMessenger messenger, ResumeTokens resumeTokens) {
        this.rooms = rooms;
        this.seats = seats;
        this.messenger = messenger;
        this.departures = new Departures(seats, messenger);
        this.resumeTokens = resumeTokens;
    }

    /** @throws OtterException for anything the sender got wrong or may not do */
    public void handle(Caller caller, String body) {
        ClientMessage message = Wire.parse(body);
        if (message instanceof ClientMessage.Join join) {
            join(caller, join.name());
        } else if (message instanceof ClientMessage.Signal signal) {
            signal(caller, signal);
        } else if (message instanceof ClientMessage.Remove remove) {
            remove(caller, remove.peerId());
        } else {
            reply(caller, new ServerMessage.Pong());
        }
    }

    private void join(Caller caller, String name) {
        Room room = rooms.findOpen(caller.roomId());
        SeatState before = seats.markJoined(caller.roomId(), caller.peerId(), caller.connectionId(), name)
                .orElseThrow(() -> new OtterException(Problem.NOT_IN_ROOM, "this connection holds no seat; reconnect"));
        // A seat that was already announced is a resumed one (or a repeated join): the others know it.
        boolean resumed = before == SeatState.JOINED;
        List<Seat> roomSeats = seats.seatsOf(caller.roomId());
        List<ServerMessage.PeerInfo> others = roomSeats.stream()
                .filter(seat -> seat.state() == SeatState.JOINED && !seat.peerId().equals(caller.peerId()))
                .map(Signaling::info)
                .toList();
        reply(caller, new ServerMessage.Joined(caller.peerId(), caller.role().wire(),
                resumeTokens.issue(room.roomId(), caller.peerId(), room.expiresAt()), resumed,
                new ServerMessage.RoomInfo(room.roomId(), room.options().maxParticipants(), room.options().relayOnly(),
                        room.expiresAt().toString()),
                others));
        if (!resumed) {
            departures.broadcast(roomSeats, caller.peerId(),
                    new ServerMessage.PeerJoined(new ServerMessage.PeerInfo(caller.peerId(), name, caller.role().wire())));
        }
    }

    // One consistent read under the sender's own room: a peer of another room is simply not found.
    private void signal(Caller caller, ClientMessage.Signal signal) {
        Seat target = seats.find(caller.roomId(), signal.to()).orElseThrow(Signaling::peerNotFound);
        try {
            messenger.send(target.connectionId(), Wire.write(new ServerMessage.Relayed(caller.peerId(), signal.data())));
        } catch (PeerGone e) {
            if (!departures.depart(caller.roomId(), target.peerId(), target.connectionId(), LeaveReason.GONE)) {
                reply(caller, new ServerMessage.PeerLeft(target.peerId(), LeaveReason.GONE.wire()));
            }
        }
    }

    private void remove(Caller caller, String peerId) {
        if (caller.role() != Role.HOST) throw new OtterException(Problem.FORBIDDEN, "only the host can remove a peer");
        if (peerId.equals(caller.peerId())) throw new OtterException(Problem.INVALID_MESSAGE, "the host cannot remove itself");
        Seat target = seats.find(caller.roomId(), peerId).orElseThrow(Signaling::peerNotFound);
        try {
            messenger.send(target.connectionId(), Wire.write(new ServerMessage.Removed()));
        } catch (PeerGone e) {
            // Closed already; freeing the seat below is all that is left to do.
        }
        departures.depart(caller.roomId(), peerId, target.connectionId(), LeaveReason.REMOVED);
        messenger.disconnect(target.connectionId());
    }

    private void reply(Caller caller, ServerMessage message) {
        try {
            messenger.send(caller.connectionId(), Wire.write(message));
        } catch (PeerGone e) {
            // The sender left while we worked; its $disconnect frees the seat.
        }
    }

    private static ServerMessage.PeerInfo info(Seat seat) {
        return new ServerMessage.PeerInfo(seat.peerId(), seat.name(), seat.role().wire());
    }

    private static OtterException peerNotFound() {
        return new OtterException(Problem.PEER_NOT_FOUND, "no such peer in this room");
    }
}
