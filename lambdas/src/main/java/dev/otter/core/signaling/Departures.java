package dev.otter.core.signaling;

import dev.otter.core.Seat;
import dev.otter.core.SeatState;
import dev.otter.core.port.ConnectionStore;
import dev.otter.core.port.PeerGone;
import dev.otter.core.port.PeerMessenger;
import java.util.ArrayList;
import java.util.List;

/** Freeing seats and telling the rest of the room, shared by every way a peer can leave. */
public final class Departures {
    private final ConnectionStore seats;
    private final PeerMessenger messenger;

    public Departures(ConnectionStore seats, PeerMessenger messenger) {
        this.seats = seats;
        this.messenger = messenger;
    }

    /**
     * Frees the seat if {@code connectionId} still holds it and then tells the joined others {@code peer-left}.
     * A stale connection (its seat since taken over by a resumed one) changes nothing.
     *
     * @return whether this call freed the seat
     */
    public boolean depart(String roomId, String peerId, String connectionId, LeaveReason reason) {
        if (!seats.release(roomId, peerId, connectionId)) return false;
        broadcast(roomId, peerId, new ServerMessage.PeerLeft(peerId, reason.wire()));
        return true;
    }

    /** Sends {@code message} to every joined seat but {@code exceptPeerId}; seats found gone are freed. */
    public void broadcast(String roomId, String exceptPeerId, ServerMessage message) {
        broadcast(seats.seatsOf(roomId), exceptPeerId, message);
    }

    public void broadcast(List<Seat> roomSeats, String exceptPeerId, ServerMessage message) {
        String json = Wire.write(message);
        List<Seat> gone = new ArrayList<>();
        for (Seat seat : roomSeats) {
            if (seat.peerId().equals(exceptPeerId) || seat.state() != SeatState.JOINED) continue;
            try {
                messenger.send(seat.connectionId(), json);
            } catch (PeerGone e) {
                gone.add(seat);
            }
        }
        for (Seat seat : gone) depart(seat.roomId(), seat.peerId(), seat.connectionId(), LeaveReason.GONE);
    }
}
