package dev.otter.adapter.dynamodb;

import dev.otter.config.OtterFunction.Table;
import dev.otter.core.ApiKeyRecord;
import dev.otter.core.port.ApiKeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** One item per key, keyed by the key's SHA-256; every change is one conditional write of one item. */
public final class DynamoApiKeyStore implements ApiKeyStore {
    private static final Map<String, String> NAMES = Map.of("#hash", ApiKeyItem.KEY_HASH, "#exp", ApiKeyItem.EXPIRES_AT,
            "#rev", ApiKeyItem.REVOKED_AT, "#ttl", Table.TTL_ATTRIBUTE);

    private final DynamoDbClient client;
    private final DynamoDbTable<ApiKeyItem> table;
    private final String tableName;

    public DynamoApiKeyStore(DynamoDbClient client, String tableName) {
        this.client = client;
        this.tableName = tableName;
        this.table = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build().table(tableName, ApiKeyItem.SCHEMA);
    }

    @Override
    public void create(ApiKeyRecord key) {
        table.putItem(r -> r.item(ApiKeyItem.from(key)).conditionExpression(notExists()));
    }

    @Override
    public Optional<ApiKeyRecord> find(String keyHash) {
        return Optional.ofNullable(table.getItem(r -> r.key(Key.builder().partitionValue(keyHash).build()).consistentRead(true)))
                .map(ApiKeyItem::toRecord);
    }

    @Override
    public List<ApiKeyRecord> list() {
        return table.scan(r -> r.consistentRead(true)).items().stream().map(ApiKeyItem::toRecord).toList();
    }

    /**
     * Two conditional writes, no transaction: the new key is stored first, then the old one is rotated out if it
     * is still current; if it no longer is, the new key is deleted again. A crash between the two leaves both
     * keys valid (never neither), and the caller, who got no answer, still holds the old one.
     */
    @Override
    public boolean rotate(ApiKeyRecord newKey, String oldKeyHash, Instant oldKeyExpiresAt) {
        create(newKey);
        if (update(oldKeyHash, "SET #exp = :exp, #ttl = :exp",
                "attribute_exists(#hash) AND attribute_not_exists(#exp) AND attribute_not_exists(#rev)",
                Map.of(":exp", epoch(oldKeyExpiresAt)))) {
            return true;
        }
        table.deleteItem(Key.builder().partitionValue(newKey.keyHash()).build());
        return false;
    }

    @Override
    public void endGrace(String keyHash, Instant now) {
        update(keyHash, "SET #exp = :now, #ttl = :now",
                "attribute_exists(#hash) AND #exp > :now AND attribute_not_exists(#rev)", Map.of(":now", epoch(now)));
    }

    @Override
    public boolean revoke(String keyHash, Instant now, Instant forgetAt) {
        return update(keyHash, "SET #rev = :now, #ttl = :ttl", "attribute_exists(#hash) AND attribute_not_exists(#rev)",
                Map.of(":now", epoch(now), ":ttl", epoch(forgetAt)));
    }

    /** One conditional UpdateItem; false when the condition did not hold. */
    private boolean update(String keyHash, String update, String condition, Map<String, AttributeValue> values) {
        Map<String, String> names = NAMES.entrySet().stream()
                .filter(name -> update.contains(name.getKey()) || condition.contains(name.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        try {
            client.updateItem(r -> r.tableName(tableName)
                    .key(Map.of(ApiKeyItem.KEY_HASH, AttributeValue.fromS(keyHash)))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static AttributeValue epoch(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
    }

    private static Expression notExists() {
        return Expression.builder().expression("attribute_not_exists(#hash)").putExpressionName("#hash", ApiKeyItem.KEY_HASH).build();
    }
}
