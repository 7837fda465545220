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
import java.util.Map;
import java.util.Set;

/**
 * The messages of an admitted connection. A refused message throws {@link OtterException} before anything
 * changed; the caller reports it to the sender.
 */
public final class Signaling {
    private final Rooms rooms;
    private final ConnectionStore seats;
    private final PeerMessenger messenger;
    private final Departures departures;
    private final JoinedReplies replies;
    private final Lobby lobby;
    private final RoomClosing closing;

    public Signaling(Rooms rooms, ConnectionStore seats, PeerMessenger messenger, ResumeTokens resumeTokens) {
        this.rooms = rooms;
        this.seats = seats;
        this.messenger = messenger;
        this.departures = new Departures(seats, messenger);
        this.replies = new JoinedReplies(resumeTokens);
        this.lobby = new Lobby(seats, messenger, departures, resumeTokens, replies);
        this.closing = new RoomClosing(rooms, seats, messenger);
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
        } else if (message instanceof ClientMessage.Admit admit) {
            requireHost(caller, "admit a guest");
            lobby.admit(rooms.findOpen(caller.roomId()), admit.peerId());
        } else if (message instanceof ClientMessage.Deny deny) {
            requireHost(caller, "deny a guest");
            lobby.deny(caller.roomId(), deny.peerId());
        } else if (message instanceof ClientMessage.End) {
            requireHost(caller, "end the room");
            closing.end(caller.roomId());
        } else {
            reply(caller, new ServerMessage.Pong());
        }
    }

    private void join(Caller caller, String name) {
        Room room = rooms.findOpen(caller.roomId());
        boolean held = room.options().lobby() && caller.role() == Role.GUEST;
        SeatState before = (held
                ? seats.markWaiting(caller.roomId(), caller.peerId(), caller.connectionId(), name)
                : seats.markJoined(caller.roomId(), caller.peerId(), caller.connectionId(), name))
                .orElseThrow(Signaling::notInRoom);
        // A seat that was already announced is a resumed one (or a repeated join): the others know it.
        boolean resumed = before == SeatState.JOINED;
        if (held && !resumed) {
            lobby.hold(caller, name, room);
            return;
        }
        List<Seat> roomSeats = seats.seatsOf(caller.roomId());
        reply(caller, replies.to(room, caller.peerId(), caller.role(), resumed, roomSeats));
        if (!resumed) {
            departures.broadcast(roomSeats, caller.peerId(),
                    new ServerMessage.PeerJoined(new ServerMessage.PeerInfo(caller.peerId(), name, caller.role().wire())));
        }
    }

    // One consistent read under the sender's own room: a peer of another room is simply not found.
    private void signal(Caller caller, ClientMessage.Signal signal) {
        Seat target = caller.role() == Role.HOST
                ? seats.find(caller.roomId(), signal.to()).orElse(null)
                : guestTarget(caller, signal.to());
        // Peers that have not joined (or wait in the lobby) are seen by nobody, so nobody can reach them.
        if (target == null || target.state() != SeatState.JOINED) throw peerNotFound();
        try {
            messenger.send(target.connectionId(), Wire.write(new ServerMessage.Relayed(caller.peerId(), signal.data())));
        } catch (PeerGone e) {
            if (!departures.depart(caller.roomId(), target.peerId(), target.connectionId(), LeaveReason.GONE)) {
                reply(caller, new ServerMessage.PeerLeft(target.peerId(), LeaveReason.GONE.wire()));
            }
        }
    }

    // Only a guest can be waiting in a lobby, which its token cannot tell: its own seat is read together with
    // the target's, still in one request.
    private Seat guestTarget(Caller caller, String to) {
        Map<String, Seat> found = seats.findAll(caller.roomId(), Set.copyOf(List.of(caller.peerId(), to)));
        Seat own = found.get(caller.peerId());
        if (own == null || !own.connectionId().equals(caller.connectionId()) || own.state() != SeatState.JOINED) {
            throw new OtterException(Problem.NOT_IN_ROOM, "join the room (and be admitted, in a lobby room) before signalling");
        }
        return found.get(to);
    }

    private void remove(Caller caller, String peerId) {
        requireHost(caller, "remove a peer");
        if (peerId.equals(caller.peerId())) throw new OtterException(Problem.INVALID_MESSAGE, "the host cannot remove itself");
        Seat target = seats.find(caller.roomId(), peerId).orElseThrow(Signaling::peerNotFound);
        if (target.state() == SeatState.WAITING) {
            throw new OtterException(Problem.PEER_NOT_FOUND, "that peer waits in the lobby; deny it instead");
        }
        try {
            messenger.send(target.connectionId(), Wire.write(new ServerMessage.Removed()));
        } catch (PeerGone e) {
            // Closed already; freeing the seat below is all that is left to do.
        }
        departures.depart(caller.roomId(), peerId, target.connectionId(), LeaveReason.REMOVED);
        messenger.disconnect(target.connectionId());
    }

    private static void requireHost(Caller caller, String what) {
        if (caller.role() != Role.HOST) throw new OtterException(Problem.FORBIDDEN, "only a host can " + what);
    }

    private void reply(Caller caller, ServerMessage message) {
        try {
            messenger.send(caller.connectionId(), Wire.write(message));
        } catch (PeerGone e) {
            // The sender left while we worked; its $disconnect frees the seat.
        }
    }

    private static OtterException notInRoom() {
        return new OtterException(Problem.NOT_IN_ROOM, "this connection holds no seat; reconnect");
    }

    private static OtterException peerNotFound() {
        return new OtterException(Problem.PEER_NOT_FOUND, "no such peer in this room");
    }
}
