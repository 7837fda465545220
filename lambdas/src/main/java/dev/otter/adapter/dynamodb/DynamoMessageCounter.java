package dev.otter.adapter.dynamodb;

import dev.otter.config.OtterFunction.Table;
import dev.otter.core.port.MessageCounter;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Message counts in the message-budgets table: one small item per sender (seat), one attribute per window
 * ({@code w<window>}). Each message is one unconditional {@code UpdateItem}: {@code ADD} one to this window,
 * {@code REMOVE} the window two back (nobody reads it again), refresh the TTL, and return the new item, which
 * holds this window's and the previous one's counts. {@code ADD} is atomic, so concurrent Lambda instances
 * serving one connection never lose a count. A window left behind by a gap of more than one window stays until
 * the item expires; with a ping every few minutes over a connection's two hours that is a few dozen small
 * numbers, so the item stays under 1 KB (one write unit).
 */
public final class DynamoMessageCounter implements MessageCounter {
    static final String SENDER = Table.MESSAGE_BUDGETS.partitionKey();

    private final DynamoDbClient client;
    private final String tableName;

    public DynamoMessageCounter(DynamoDbClient client, String tableName) {
        this.client = client;
        this.tableName = tableName;
    }

    @Override
    public WindowCounts add(String sender, long window, Instant forgetAfter) {
        String current = "w" + window;
        String previous = "w" + (window - 1);
        Map<String, AttributeValue> item = client.updateItem(r -> r.tableName(tableName)
                .key(Map.of(SENDER, AttributeValue.fromS(sender)))
                .updateExpression("ADD #current :one SET #ttl = :ttl REMOVE #stale")
                .expressionAttributeNames(Map.of("#current", current, "#ttl", Table.TTL_ATTRIBUTE,
                        "#stale", "w" + (window - 2)))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                        ":ttl", AttributeValue.fromN(Long.toString(forgetAfter.getEpochSecond() + 1))))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        return new WindowCounts(count(item, current), count(item, previous));
    }

    private static long count(Map<String, AttributeValue> item, String window) {
        AttributeValue value = item.get(window);
        return value == null ? 0 : Long.parseLong(value.n());
    }
}
