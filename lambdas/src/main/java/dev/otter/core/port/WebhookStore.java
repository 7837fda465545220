package dev.otter.core.port;

import dev.otter.core.webhook.DeadLetter;
import dev.otter.core.webhook.WebhookEndpoint;
import java.util.List;
import java.util.Optional;

/** The registered webhook endpoints and the dead letters. */
public interface WebhookStore {
    void putEndpoint(WebhookEndpoint endpoint);

    /** Oldest first. */
    List<WebhookEndpoint> endpoints();

    Optional<WebhookEndpoint> endpoint(String id);

    /** @return whether it existed */
    boolean deleteEndpoint(String id);

    void putDeadLetter(DeadLetter letter);

    /** Oldest first. */
    List<DeadLetter> deadLetters();
}
