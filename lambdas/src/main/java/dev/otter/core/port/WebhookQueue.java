package dev.otter.core.port;

import dev.otter.core.webhook.QueuedWebhook;
import java.time.Duration;

/**
 * Where webhook work waits: SQS on AWS (the sender Lambda consumes it), an in-process scheduler locally. At least
 * once: a message is handed to the sender at least once after {@code delay}, possibly earlier if the queue cannot
 * hold it that long (the sender then puts it back until its {@link QueuedWebhook#notBefore()}).
 */
public interface WebhookQueue {
    void enqueue(QueuedWebhook message, Duration delay);
}
