package dev.otter.core.signaling;

import dev.otter.core.webhook.WebhookEvent;
import java.util.ArrayList;
import java.util.List;

/** What a seat transition asks to be done, in order, as data; {@link Notifier} carries it out. */
public record Outcome(List<Delivery> deliveries) {
    public Outcome {
        deliveries = List.copyOf(deliveries);
    }

    public static Outcome none() {
        return new Outcome(List.of());
    }

    public static Outcome of(Delivery... deliveries) {
        return new Outcome(List.of(deliveries));
    }

    public Outcome then(Outcome more) {
        List<Delivery> all = new ArrayList<>(deliveries);
        all.addAll(more.deliveries);
        return new Outcome(all);
    }

    public sealed interface Delivery {}

    /**
     * A message to the connection holding {@code peerId}'s seat in {@code roomId}. If that connection is gone, the
     * seat departs (reason {@code gone}); {@code peerId} is null for a connection whose seat is already freed.
     *
     * @param unannounced the others have not been told about this peer yet: if it is gone, the rest of the outcome
     *                    (which announces it) is dropped and it departs as if it had never been let in
     */
    public record Send(String roomId, String peerId, String connectionId, ServerMessage message, boolean unannounced)
            implements Delivery {
        public static Send toSeat(String roomId, String peerId, String connectionId, ServerMessage message) {
            return new Send(roomId, peerId, connectionId, message, false);
        }

        /** To a connection that holds no seat any more. */
        public static Send toFreed(String connectionId, ServerMessage message) {
            return new Send(null, null, connectionId, message, false);
        }
    }

    /** Closes the connection (a connection already gone is not an error). */
    public record Close(String connectionId) implements Delivery {}

    /** Tells the developer's webhook endpoints (by way of the queue: nothing waits on them). */
    public record Publish(WebhookEvent event) implements Delivery {}

    /** Ends the TURN relays of {@code peerId} in {@code roomId} (of every participant when null). */
    public record RevokeRelays(String roomId, String peerId) implements Delivery {}
}
