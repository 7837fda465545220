package dev.otter.infra;

import dev.otter.config.OtterFunction;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Webhook delivery: the table of endpoints and dead letters, the queue the handlers hand events to (so no call path
 * waits on a developer's server), its dead-letter queue for messages the sender could not handle at all, the sender
 * function's subscription, and alarms on both queues. Retries of failed deliveries are the sender's own (re-queued
 * with their backoff, dead letters in the table); the dead-letter queue only catches a sender that keeps failing.
 */
public final class WebhookDelivery extends Construct {
    /** SQS hands a message back this often before it goes to the dead-letter queue. */
    public static final int MAX_RECEIVES = 5;
    /**
     * Six times the function timeout, as the Lambda developer guide advises for an SQS event source, so a message is
     * not handed to a second sender while the first still works on it.
     */
    public static final Duration VISIBILITY_TIMEOUT = Duration.seconds(LambdaFactory.TIMEOUT.toSeconds().intValue() * 6);
    /** A message older than this in the queue means the sender is not consuming. */
    public static final Duration OLDEST_MESSAGE_ALARM = Duration.minutes(30);

    private final Table table;
    private final Queue queue;
    private final Queue deadLetterQueue;
    private final Alarm deadLetterAlarm;
    private final Alarm backlogAlarm;

    /** @param dataRemoval what happens to the endpoints and dead letters when the stack is deleted */
    public WebhookDelivery(Construct scope, String id, RemovalPolicy dataRemoval) {
        super(scope, id);
        table = OtterTables.create(this, OtterFunction.Table.WEBHOOKS, dataRemoval);
        deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        queue = Queue.Builder.create(this, "Queue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(VISIBILITY_TIMEOUT)
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetterQueue).maxReceiveCount(MAX_RECEIVES).build())
                .build();
        deadLetterAlarm = Alarm.Builder.create(this, "DeadLetterAlarm")
                .alarmDescription("Otter's webhook sender could not handle a message " + MAX_RECEIVES
                        + " times (its table or queue unreachable?); the message is in the webhook dead-letter queue")
                .metric(deadLetterQueue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Maximum").build()))
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        backlogAlarm = Alarm.Builder.create(this, "BacklogAlarm")
                .alarmDescription("Webhook events wait in Otter's queue longer than " + OLDEST_MESSAGE_ALARM.toMinutes()
                        + " minutes: the sender is not consuming")
                .metric(queue.metricApproximateAgeOfOldestMessage(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Maximum").build()))
                .threshold(OLDEST_MESSAGE_ALARM.toSeconds())
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    /**
     * Subscribes the sender (its live alias, so SnapStart's published version runs) to the queue, one message per
     * invocation so each delivery has the whole function timeout, reporting failures per message.
     */
    public void deliverWith(IFunction sender) {
        sender.addEventSource(SqsEventSource.Builder.create(queue)
                .batchSize(1)
                .reportBatchItemFailures(true)
                .build());
    }

    public ITable table() {
        return table;
    }

    public IQueue queue() {
        return queue;
    }

    public IQueue deadLetterQueue() {
        return deadLetterQueue;
    }

    List<Alarm> alarms() {
        return List.of(deadLetterAlarm, backlogAlarm);
    }
}
