package dev.otter.adapter.dynamodb;

import dev.otter.config.OtterFunction.Table;
import dev.otter.core.port.WebhookStore;
import dev.otter.core.webhook.DeadLetter;
import dev.otter.core.webhook.WebhookEndpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The webhooks table: endpoints under {@code kind = endpoint}, dead letters under {@code kind = dead-letter} with
 * ids that begin with the time they were given up on; each kind is one Query. Dead letters expire by TTL after
 * {@link #DEAD_LETTER_RETENTION}.
 */
public final class DynamoWebhookStore implements WebhookStore {
    /** How long a dead letter stays readable: long enough to notice and replay after a holiday. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);
    private static final String KIND = Table.WEBHOOKS.partitionKey();
    private static final String ID = Table.WEBHOOKS.sortKey();
    private static final String ENDPOINT = "endpoint";
    private static final String DEAD_LETTER = "dead-letter";

    private final DynamoDbClient client;
    private final String tableName;

    public DynamoWebhookStore(DynamoDbClient client, String tableName) {
        this.client = client;
        this.tableName = tableName;
    }

    @Override
    public void putEndpoint(WebhookEndpoint endpoint) {
        Map<String, AttributeValue> item = new HashMap<>(key(ENDPOINT, endpoint.id()));
        item.put("url", s(endpoint.url()));
        item.put("secret", s(endpoint.secret()));
        item.put("createdAt", s(endpoint.createdAt().toString()));
        client.putItem(r -> r.tableName(tableName).item(item).conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", ID)));
    }

    @Override
    public List<WebhookEndpoint> endpoints() {
        return query(ENDPOINT).stream().map(DynamoWebhookStore::endpointOf)
                .sorted(Comparator.comparing(WebhookEndpoint::createdAt)).toList();
    }

    @Override
    public Optional<WebhookEndpoint> endpoint(String id) {
        Map<String, AttributeValue> item = client.getItem(r -> r.tableName(tableName).key(key(ENDPOINT, id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(endpointOf(item));
    }

    @Override
    public boolean deleteEndpoint(String id) {
        Map<String, AttributeValue> old = client.deleteItem(r -> r.tableName(tableName).key(key(ENDPOINT, id))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        return old != null && !old.isEmpty();
    }

    @Override
    public void putDeadLetter(DeadLetter letter) {
        Map<String, AttributeValue> item = new HashMap<>(key(DEAD_LETTER,
                letter.failedAt() + "#" + letter.eventId() + "#" + letter.endpointId()));
        item.put("eventId", s(letter.eventId()));
        item.put("endpointId", s(letter.endpointId()));
        item.put("type", s(letter.type()));
        item.put("attempts", AttributeValue.fromN(Integer.toString(letter.attempts())));
        item.put("lastResult", s(letter.lastResult()));
        item.put("firstAttemptAt", s(letter.firstAttemptAt().toString()));
        item.put("failedAt", s(letter.failedAt().toString()));
        item.put("payload", s(letter.payload()));
        item.put(Table.TTL_ATTRIBUTE, AttributeValue.fromN(Long.toString(letter.failedAt().plus(DEAD_LETTER_RETENTION).getEpochSecond())));
        client.putItem(r -> r.tableName(tableName).item(item));
    }

    @Override
    public List<DeadLetter> deadLetters() {
        return query(DEAD_LETTER).stream().map(item -> new DeadLetter(text(item, "eventId"), text(item, "endpointId"),
                text(item, "type"), Integer.parseInt(item.get("attempts").n()), text(item, "lastResult"),
                Instant.parse(text(item, "firstAttemptAt")), Instant.parse(text(item, "failedAt")), text(item, "payload"))).toList();
    }

    private List<Map<String, AttributeValue>> query(String kind) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = client.query(QueryRequest.builder().tableName(tableName).consistentRead(true)
                    .keyConditionExpression("#kind = :kind").expressionAttributeNames(Map.of("#kind", KIND))
                    .expressionAttributeValues(Map.of(":kind", s(kind))).exclusiveStartKey(from).build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private static WebhookEndpoint endpointOf(Map<String, AttributeValue> item) {
        return new WebhookEndpoint(text(item, ID), text(item, "url"), text(item, "secret"), Instant.parse(text(item, "createdAt")));
    }

    private static Map<String, AttributeValue> key(String kind, String id) {
        return Map.of(KIND, s(kind), ID, s(id));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        return item.get(name).s();
    }
}
