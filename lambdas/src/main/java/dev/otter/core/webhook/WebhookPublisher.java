package dev.otter.core.webhook;

import dev.otter.core.port.WebhookQueue;
import java.time.Duration;

/**
 * How handlers hand events on: onto the queue, never to a developer's server, so no call path waits on one. A
 * queue that fails does not fail the call whose event it was: the call's change is already made and told to the
 * room; the event is logged (type and id only) as lost.
 */
public final class WebhookPublisher {
    private static final System.Logger LOG = System.getLogger(WebhookPublisher.class.getName());

    /** Webhooks off: events go nowhere (unit tests of other things; a deployment always has a queue). */
    public static final WebhookPublisher NONE = new WebhookPublisher(null);

    private final WebhookQueue queue;

    public WebhookPublisher(WebhookQueue queue) {
        this.queue = queue;
    }

    public void publish(WebhookEvent event) {
        if (queue == null) return;
        try {
            queue.enqueue(QueuedWebhook.of(event), Duration.ZERO);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "webhook event " + event.type().wire() + " " + event.id()
                    + " could not be queued and is lost: " + e.getClass().getName());
        }
    }
}
