package dev.otter.core.signaling;

import dev.otter.core.port.PeerGone;
import dev.otter.core.port.PeerMessenger;
import dev.otter.core.port.RelayRevoker;
import dev.otter.core.webhook.WebhookPublisher;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out {@link Outcome}s, and applies the one rule for a connection found gone: a gone socket is a closed
 * socket, not a leave, so its seat is marked closed (if that connection still holds it) and kept for a resume,
 * telling nobody. Only a peer the room was never told about departs at once, quietly (see
 * {@link Outcome.Send#unannounced()}).
 */
public final class Notifier {
    private static final System.Logger LOG = System.getLogger(Notifier.class.getName());

    private final PeerMessenger messenger;
    private final SeatLifecycle seats;
    private final RelayRevoker relays;
    private final WebhookPublisher webhooks;

    public Notifier(PeerMessenger messenger, SeatLifecycle seats) {
        this(messenger, seats, RelayRevoker.NONE, WebhookPublisher.NONE);
    }

    public Notifier(PeerMessenger messenger, SeatLifecycle seats, RelayRevoker relays, WebhookPublisher webhooks) {
        this.messenger = messenger;
        this.seats = seats;
        this.relays = relays;
        this.webhooks = webhooks;
    }

    public void carryOut(Outcome outcome) {
        List<Outcome.Send> gone = new ArrayList<>();
        for (Outcome.Delivery delivery : outcome.deliveries()) {
            if (delivery instanceof Outcome.Close close) {
                close(close.connectionId());
                continue;
            }
            if (delivery instanceof Outcome.RevokeRelays revoke) {
                revoke(revoke);
                continue;
            }
            if (delivery instanceof Outcome.Publish publish) {
                webhooks.publish(publish.event());
                continue;
            }
            Outcome.Send send = (Outcome.Send) delivery;
            try {
                messenger.send(send.connectionId(), Wire.write(send.message()));
            } catch (PeerGone e) {
                if (send.unannounced()) {
                    carryOut(seats.depart(send.roomId(), send.peerId(), send.connectionId(), LeaveReason.GONE, false));
                    break;
                }
                if (send.peerId() != null) gone.add(send);
            }
        }
        for (Outcome.Send send : gone) {
            carryOut(seats.closed(send.roomId(), send.peerId(), send.connectionId()));
        }
    }

    private void revoke(Outcome.RevokeRelays revoke) {
        try {
            relays.revoke(revoke.roomId(), revoke.peerId());
        } catch (RuntimeException e) {
            // The removal stands; the relay then ends when its holder stops refreshing it.
            LOG.log(System.Logger.Level.WARNING, "could not end the relays of a removed participant: " + e.getClass().getSimpleName());
        }
    }

    private void close(String connectionId) {
        try {
            messenger.disconnect(connectionId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not close a connection: " + e.getClass().getSimpleName());
        }
    }
}
