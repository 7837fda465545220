package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.config.OtterEnv;
import dev.otter.config.OtterFunction;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The webhook queue, its dead-letter queue, the sender's subscription and permissions, and the alarms. */
class WebhookDeliveryTest {
    private static Template signaling() {
        return TestApps.plain().template(OtterStacks::signaling);
    }

    private static List<Template> templates() {
        return List.of(signaling(), TestApps.plain().template(OtterStacks::api));
    }

    private static String logicalIdOf(Template template, String type, Map<String, Object> properties) {
        Map<String, Map<String, Object>> found = template.findResources(type, Match.objectLike(Map.of("Properties", properties)));
        assertThat(found).as("%s like %s", type, properties).hasSize(1);
        return found.keySet().iterator().next();
    }

    private static String deadLetterQueueId() {
        return logicalIdOf(signaling(), "AWS::SQS::Queue", Map.of("MessageRetentionPeriod", 14 * 24 * 3600));
    }

    private static String queueId() {
        return logicalIdOf(signaling(), "AWS::SQS::Queue", Map.of("RedrivePolicy", Match.anyValue()));
    }

    @Test
    void queue_sendsWhatTheSenderKeepsFailingOn_toItsDeadLetterQueue_afterAFewReceives() {
        Map<String, Object> queue = Templates.only(signaling(), "AWS::SQS::Queue", Map.of("RedrivePolicy", Match.anyValue()));

        assertThat(queue.get("RedrivePolicy").toString()).contains(deadLetterQueueId())
                .contains("maxReceiveCount=" + WebhookDelivery.MAX_RECEIVES);
        assertThat(queue).containsEntry("VisibilityTimeout", 60).containsEntry("SqsManagedSseEnabled", true);
    }

    @Test
    void bothQueues_areEncrypted_andRefuseUnencryptedRequests() {
        for (String id : List.of(queueId(), deadLetterQueueId())) {
            Map<String, Map<String, Object>> policies = signaling().findResources("AWS::SQS::QueuePolicy");
            assertThat(policies.values().stream().map(Object::toString).filter(policy -> policy.contains(id)))
                    .as("policy of %s", id).anySatisfy(policy -> assertThat(policy).contains("aws:SecureTransport").contains("Deny"));
        }
    }

    @Test
    void sender_consumesTheQueue_throughItsLiveAlias_oneMessageAtATime_reportingFailuresPerMessage() {
        Templates.FunctionResource sender = Templates.function(OtterFunction.WEBHOOK_SENDER, templates());
        Map<String, Object> mapping = Templates.only(sender.template(), "AWS::Lambda::EventSourceMapping", Map.of());

        assertThat(mapping.get("EventSourceArn").toString()).contains(queueId());
        assertThat(mapping).containsEntry("BatchSize", 1).containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"));
        String aliasId = logicalIdOf(sender.template(), "AWS::Lambda::Alias", Map.of("Name", LambdaFactory.ALIAS,
                "FunctionName", Map.of("Ref", sender.logicalId())));
        assertThat(mapping.get("FunctionName").toString()).contains(aliasId);
    }

    @Test
    void sender_mayConsumeAndSendToTheQueueOnly_andNeverTheDeadLetterQueue() {
        List<Map<String, Object>> statements = Templates.statements(Templates.function(OtterFunction.WEBHOOK_SENDER, templates()));
        List<Map<String, Object>> sqs = statements.stream()
                .filter(statement -> Templates.actions(statement).stream().anyMatch(action -> action.startsWith("sqs:"))).toList();

        Set<String> actions = sqs.stream().flatMap(statement -> Templates.actions(statement).stream()).collect(Collectors.toSet());
        assertThat(actions).contains("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:SendMessage")
                .doesNotContain("sqs:*", "sqs:PurgeQueue", "sqs:DeleteQueue", "sqs:SetQueueAttributes");
        assertThat(sqs).allSatisfy(statement -> assertThat(statement.get("Resource").toString())
                .contains(queueId()).doesNotContain(deadLetterQueueId()));
    }

    @Test
    void everyFunctionThatPublishesEvents_maySendMessage_toTheQueueOnly_andNothingElseOfSqs() {
        for (OtterFunction function : OtterFunction.values()) {
            if (function == OtterFunction.WEBHOOK_SENDER) continue;
            List<Map<String, Object>> sqs = Templates.statements(Templates.function(function, templates())).stream()
                    .filter(statement -> Templates.actions(statement).stream().anyMatch(action -> action.startsWith("sqs:"))).toList();
            if (function.environment().contains(OtterEnv.WEBHOOK_QUEUE_URL)) {
                assertThat(sqs).as("%s", function).singleElement().satisfies(statement -> {
                    assertThat(Templates.actions(statement)).containsExactly("sqs:SendMessage");
                    assertThat(statement.get("Resource").toString()).contains(queueId());
                });
            } else {
                assertThat(sqs).as("%s", function).isEmpty();
            }
        }
    }

    @Test
    void anAlarm_watchesTheDeadLetterQueuesDepth_fromTheFirstMessage() {
        Map<String, Object> alarm = Templates.only(signaling(), "AWS::CloudWatch::Alarm",
                Map.of("MetricName", "ApproximateNumberOfMessagesVisible"));

        assertThat(alarm.get("Dimensions").toString()).contains(deadLetterQueueId());
        assertThat(alarm).containsEntry("Threshold", 1).containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
                .containsEntry("EvaluationPeriods", 1).containsEntry("TreatMissingData", "notBreaching");
    }

    @Test
    void anAlarm_watchesTheQueuesOldestMessage_forASenderThatStoppedConsuming() {
        Map<String, Object> alarm = Templates.only(signaling(), "AWS::CloudWatch::Alarm",
                Map.of("MetricName", "ApproximateAgeOfOldestMessage"));

        assertThat(alarm.get("Dimensions").toString()).contains(queueId());
        assertThat(alarm).containsEntry("Threshold", 1800);
    }

    @Test
    void webhooksTable_isKeyedByKindAndId_withTtl_forDeadLetters() {
        Map<String, Object> table = Templates.only(signaling(), "AWS::DynamoDB::Table", Map.of("KeySchema", List.of(
                Map.of("AttributeName", "kind", "KeyType", "HASH"), Map.of("AttributeName", "id", "KeyType", "RANGE"))));

        assertThat(table).containsEntry("TimeToLiveSpecification", Map.of("AttributeName", "ttl", "Enabled", true));
    }
}
