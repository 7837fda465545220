package dev.otter.adapter.dynamodb;

import dev.otter.config.OtterFunction.Table;
import dev.otter.core.ApiKeyRecord;
import dev.otter.core.port.ApiKeyStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

public final class DynamoApiKeyStore implements ApiKeyStore {
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

    /**
     * Two conditional writes, no transaction: the new key is stored first, then the old one is given its expiry
     * if it is still valid; if it no longer is, the new key is deleted again. A crash between the two leaves both
     * keys valid (never neither), and the caller, who got no answer, still holds the old one.
     */
    @Override
    public boolean rotate(ApiKeyRecord newKey, String oldKeyHash, Instant oldKeyExpiresAt, Instant now) {
        create(newKey);
        long expiry = oldKeyExpiresAt.getEpochSecond();
        try {
            client.updateItem(r -> r.tableName(tableName)
                    .key(Map.of(ApiKeyItem.KEY_HASH, AttributeValue.fromS(oldKeyHash)))
                    .updateExpression("SET #exp = :exp, #ttl = :exp")
                    .conditionExpression("attribute_exists(#hash) AND (attribute_not_exists(#exp) OR #exp > :now)")
                    .expressionAttributeNames(Map.of("#hash", ApiKeyItem.KEY_HASH, "#exp", ApiKeyItem.EXPIRES_AT,
                            "#ttl", Table.TTL_ATTRIBUTE))
                    .expressionAttributeValues(Map.of(":exp", AttributeValue.fromN(Long.toString(expiry)),
                            ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            table.deleteItem(Key.builder().partitionValue(newKey.keyHash()).build());
            return false;
        }
    }

    private static Expression notExists() {
        return Expression.builder().expression("attribute_not_exists(#hash)").putExpressionName("#hash", ApiKeyItem.KEY_HASH).build();
    }
}
