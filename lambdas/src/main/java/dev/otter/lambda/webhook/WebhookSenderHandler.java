package dev.otter.lambda.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.otter.core.webhook.QueuedWebhook;
import dev.otter.core.webhook.WebhookSender;
import dev.otter.lambda.LambdaServices;
import dev.otter.lambda.OtterServices;
import java.util.ArrayList;
import java.util.List;

/**
 * Consumes the webhook queue: each message is one event to fan out or one delivery to make ({@link WebhookSender}).
 * A delivery that fails is re-queued by the sender with its backoff, so the message itself succeeds; only a message
 * the sender could not handle (the table or the queue unreachable) is reported as a batch item failure, for SQS to
 * hand back, and after a few such receives to move to the dead-letter queue, whose depth raises an alarm.
 */
public final class WebhookSenderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final System.Logger LOG = System.getLogger(WebhookSenderHandler.class.getName());

    private final WebhookSender sender;

    public WebhookSenderHandler() {
        this(LambdaServices.instance());
    }

    public WebhookSenderHandler(OtterServices services) {
        this.sender = services.webhookSender();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            QueuedWebhook queued;
            try {
                queued = QueuedWebhook.fromJson(message.getBody());
            } catch (IllegalArgumentException e) {
                // Not ours: retrying cannot help, and dropping it loses nothing of a developer's.
                LOG.log(System.Logger.Level.WARNING, "dropped an unreadable message " + message.getMessageId());
                continue;
            }
            try {
                sender.handle(queued);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "webhook " + queued.eventId() + " not handled: " + e.getClass().getName());
                failures.add(SQSBatchResponse.BatchItemFailure.builder().withItemIdentifier(message.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }
}
