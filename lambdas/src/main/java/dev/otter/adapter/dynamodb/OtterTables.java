package dev.otter.adapter.dynamodb;

import dev.otter.config.OtterFunction.Table;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Creates Otter's tables with the key schemas of {@link Table}, for tests and the local runner (the CDK stack
 * creates them on AWS, with TTL on {@link Table#TTL_ATTRIBUTE}). No TTL here: the local engine deletes nothing
 * by TTL, and nothing relies on it (expired rooms are refused by their {@code expiresAt}).
 */
public final class OtterTables {
    private OtterTables() {}

    public static void createIfMissing(DynamoDbClient client, TableNames names) {
        create(client, names.rooms(), Table.ROOMS);
        create(client, names.apiKeys(), Table.API_KEYS);
        create(client, names.messageBudgets(), Table.MESSAGE_BUDGETS);
        create(client, names.webhooks(), Table.WEBHOOKS);
    }

    private static void awaitActive(DynamoDbClient client, String name) {
        for (int i = 0; i < 100; i++) {
            if (client.describeTable(r -> r.tableName(name)).table().tableStatus() == TableStatus.ACTIVE) return;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating " + name, e);
            }
        }
        throw new IllegalStateException("table " + name + " did not become active within 10 s");
    }

    private static void create(DynamoDbClient client, String name, Table table) {
        List<KeySchemaElement> keys = new ArrayList<>();
        List<AttributeDefinition> attributes = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(table.partitionKey()).keyType(KeyType.HASH).build());
        attributes.add(AttributeDefinition.builder().attributeName(table.partitionKey()).attributeType(ScalarAttributeType.S).build());
        if (table.sortKey() != null) {
            keys.add(KeySchemaElement.builder().attributeName(table.sortKey()).keyType(KeyType.RANGE).build());
            attributes.add(AttributeDefinition.builder().attributeName(table.sortKey()).attributeType(ScalarAttributeType.S).build());
        }
        try {
            client.createTable(r -> r.tableName(name).keySchema(keys).attributeDefinitions(attributes)
                    .billingMode(BillingMode.PAY_PER_REQUEST));
        } catch (ResourceInUseException e) {
            return;
        }
        awaitActive(client, name);
    }
}
