package dev.otter.adapter.sqs;

import dev.otter.core.port.WebhookQueue;
import dev.otter.core.webhook.QueuedWebhook;
import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The webhook queue on SQS. SQS delays a message by at most {@link #MAX_DELAY}; a longer wait is served in hops:
 * the message comes back early, and the sender puts it back until its {@code notBefore}.
 */
public final class SqsWebhookQueue implements WebhookQueue {
    /** SQS's limit on {@code DelaySeconds}. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsWebhookQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(QueuedWebhook message, Duration delay) {
        int seconds = (int) Math.min(MAX_DELAY.toSeconds(), Math.max(0, (delay.toMillis() + 999) / 1000));
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(message.toJson()).delaySeconds(seconds));
    }
}
