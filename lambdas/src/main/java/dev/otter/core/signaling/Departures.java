package dev.otter.core.signaling;

import dev.otter.core.Role;
import dev.otter.core.Seat;
import dev.otter.core.SeatState;
import dev.otter.core.port.ConnectionStore;
import dev.otter.core.port.PeerGone;
import dev.otter.core.port.PeerMessenger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Freeing seats and telling the rest of the room, shared by every way a peer can leave. */
public final class Departures {
    private final ConnectionStore seats;
    private final PeerMessenger messenger;

    public Departures(ConnectionStore seats, PeerMessenger messenger) {
        this.seats = seats;
        this.messenger = messenger;
    }

    /**
     * Frees the seat if {@code connectionId} still holds it and then tells the joined others {@code peer-left};
     * a guest that was waiting in the lobby was only ever seen by the hosts, who get {@code knock-resolved}.
     * A stale connection (its seat since taken over by a resumed one) changes nothing.
     *
     * @return whether this call freed the seat
     */
    public boolean depart(String roomId, String peerId, String connectionId, LeaveReason reason) {
        Optional<SeatState> freed = seats.vacate(roomId, peerId, connectionId);
        if (freed.isEmpty()) return false;
        if (freed.get() == SeatState.WAITING) {
            broadcastToHosts(seats.seatsOf(roomId), new ServerMessage.KnockResolved(peerId, false));
        } else {
            broadcast(roomId, peerId, new ServerMessage.PeerLeft(peerId, reason.wire()));
        }
        return true;
    }

    /** Sends {@code message} to every joined seat but {@code exceptPeerId}; seats found gone are freed. */
    public void broadcast(String roomId, String exceptPeerId, ServerMessage message) {
        broadcast(seats.seatsOf(roomId), exceptPeerId, message);
    }

    public void broadcast(List<Seat> roomSeats, String exceptPeerId, ServerMessage message) {
        send(roomSeats, seat -> !seat.peerId().equals(exceptPeerId), message);
    }

    /** Sends {@code message} to every joined host; hosts found gone are freed. */
    public void broadcastToHosts(List<Seat> roomSeats, ServerMessage message) {
        send(roomSeats, seat -> seat.role() == Role.HOST, message);
    }

    private void send(List<Seat> roomSeats, Predicate<Seat> to, ServerMessage message) {
        String json = Wire.write(message);
        List<Seat> gone = new ArrayList<>();
        for (Seat seat : roomSeats) {
            if (seat.state() != SeatState.JOINED || !to.test(seat)) continue;
            try {
                messenger.send(seat.connectionId(), json);
            } catch (PeerGone e) {
                gone.add(seat);
            }
        }
        for (Seat seat : gone) depart(seat.roomId(), seat.peerId(), seat.connectionId(), LeaveReason.GONE);
    }
}
