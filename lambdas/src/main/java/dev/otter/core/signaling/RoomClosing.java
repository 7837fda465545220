package dev.otter.core.signaling;

import dev.otter.core.OtterException;
import dev.otter.core.Rooms;
import dev.otter.core.Seat;
import dev.otter.core.port.ConnectionStore;
import dev.otter.core.port.PeerGone;
import dev.otter.core.port.PeerMessenger;
import dev.otter.core.port.RoomStore;
import java.time.Clock;

/**
 * Ending a room, from the developer API or by a host: no new joins, everyone told and disconnected, seats
 * freed.
 */
public final class RoomClosing {
    private final Rooms rooms;
    private final ConnectionStore seats;
    private final PeerMessenger messenger;

    public RoomClosing(Rooms rooms, ConnectionStore seats, PeerMessenger messenger) {
        this.rooms = rooms;
        this.seats = seats;
        this.messenger = messenger;
    }

    // Ending reads no time, so any clock will do.
    public RoomClosing(RoomStore rooms, ConnectionStore seats, PeerMessenger messenger) {
        this(new Rooms(rooms, Clock.systemUTC()), seats, messenger);
    }

    /**
     * Idempotent: ending an ended room disconnects whoever is still seated (usually nobody).
     *
     * @return how many seats this call freed
     * @throws OtterException ROOM_NOT_FOUND
     */
    public int end(String roomId) {
        rooms.end(roomId);
        // Marked ended first, so that no $connect can take a seat after the list below was read.
        String roomEnded = Wire.write(new ServerMessage.RoomEnded());
        int freed = 0;
        for (Seat seat : seats.seatsOf(roomId)) {
            try {
                messenger.send(seat.connectionId(), roomEnded);
                messenger.disconnect(seat.connectionId());
            } catch (PeerGone e) {
                // Already closed: nothing to tell, the seat is freed below all the same.
            }
            if (seats.release(roomId, seat.peerId(), seat.connectionId())) freed++;
        }
        return freed;
    }
}
