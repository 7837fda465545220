package dev.otter.core.signaling;

import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import dev.otter.core.Seat;
import dev.otter.core.SeatState;
import dev.otter.core.port.ConnectionStore;
import dev.otter.core.port.PeerMessenger;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** {@code $connect}: gives the connection a seat, or gives a resumed peer its own seat back. */
public final class Admission {
    private static final System.Logger LOG = System.getLogger(Admission.class.getName());

    private final ConnectionStore seats;
    private final PeerMessenger messenger;
    private final Clock clock;

    public Admission(ConnectionStore seats, PeerMessenger messenger, Clock clock) {
        this.seats = seats;
        this.messenger = messenger;
        this.clock = clock;
    }

    /**
     * @param resumed whether the authorizer verified a resume token for {@code caller.peerId()}
     * @throws OtterException ROOM_NOT_FOUND, ROOM_ENDED, ROOM_FULL or BUSY
     */
    public void admit(Caller caller, boolean resumed) {
        Instant now = clock.instant();
        if (resumed) {
            Optional<Seat> held = seats.find(caller.roomId(), caller.peerId());
            if (held.isPresent()) {
                takeOver(caller, held.get().connectionId(), now);
                return;
            }
        }
        seats.admit(new Seat(caller.roomId(), caller.peerId(), caller.connectionId(), caller.role(), null,
                SeatState.CONNECTED, now), now);
    }

    // The seat is already counted, so a full room still admits its own returning member; the old socket is
    // closed so that it cannot keep talking for the peer, and its late $disconnect will not match the seat.
    private void takeOver(Caller caller, String previousConnection, Instant now) {
        if (!seats.takeOver(caller.roomId(), caller.peerId(), previousConnection, caller.connectionId(), now)) {
            throw new OtterException(Problem.BUSY, "the seat changed hands meanwhile; reconnect");
        }
        if (previousConnection.equals(caller.connectionId())) return;
        try {
            messenger.disconnect(previousConnection);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not close a superseded connection: " + e.getClass().getSimpleName());
        }
    }
}
