package dev.otter.core.signaling;

import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import dev.otter.core.Role;
import dev.otter.core.webhook.EndReason;

/**
 * The messages of an admitted connection, dispatched on their type to {@link SeatLifecycle} and carried out by
 * the {@link Notifier}. A refused message throws {@link OtterException} before anything changed; the caller
 * reports it to the sender.
 */
public final class Signaling {
    private final SeatLifecycle seats;
    private final Notifier notifier;

    public Signaling(SeatLifecycle seats, Notifier notifier) {
        this.seats = seats;
        this.notifier = notifier;
    }

    /** @throws OtterException for anything the sender got wrong or may not do */
    public void handle(Caller caller, String body) {
        ClientMessage message = Wire.parse(body);
        notifier.carryOut(outcomeOf(caller, message));
    }

    private Outcome outcomeOf(Caller caller, ClientMessage message) {
        if (message instanceof ClientMessage.Join join) return seats.join(caller, join.name());
        if (message instanceof ClientMessage.Signal signal) return seats.signal(caller, signal.to(), signal.data());
        if (message instanceof ClientMessage.Remove remove) return seats.remove(caller, remove.peerId());
        if (message instanceof ClientMessage.Admit admit) return seats.admit(caller, admit.peerId());
        if (message instanceof ClientMessage.Deny deny) return seats.deny(caller, deny.peerId());
        if (message instanceof ClientMessage.Leave) return seats.leave(caller);
        if (message instanceof ClientMessage.Lock) return seats.lock(caller);
        if (message instanceof ClientMessage.Unlock) return seats.unlock(caller);
        if (message instanceof ClientMessage.End) {
            if (caller.role() != Role.HOST) throw new OtterException(Problem.FORBIDDEN, "only a host can end the room");
            return seats.end(caller.roomId(), EndReason.HOST).outcome();
        }
        // ping: answered whether or not the sender still holds a seat; it also frees the room's abandoned seats.
        return Outcome.of(Outcome.Send.toFreed(caller.connectionId(), new ServerMessage.Pong()))
                .then(seats.sweep(caller.roomId()));
    }
}
