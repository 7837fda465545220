package dev.otter.adapter.dynamodb;

import dev.otter.config.OtterFunction;
import dev.otter.config.OtterFunction.Table;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
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
        create(client, names.relayRevocations(), Table.RELAY_REVOCATIONS);
        create(client, names.webhooks(), Table.WEBHOOKS);
    }

    /** A table made before an index existed (a local data directory of an older version) gets it added. */
    private static void addMissingIndexes(DynamoDbClient client, String name, List<GlobalSecondaryIndex> indexes,
                                          List<AttributeDefinition> attributes) {
        var existing = client.describeTable(r -> r.tableName(name)).table().globalSecondaryIndexes().stream()
                .map(index -> index.indexName()).toList();
        for (GlobalSecondaryIndex index : indexes) {
            if (existing.contains(index.indexName())) continue;
            client.updateTable(r -> r.tableName(name).attributeDefinitions(attributes)
                    .globalSecondaryIndexUpdates(update -> update.create(create -> create.indexName(index.indexName())
                            .keySchema(index.keySchema()).projection(index.projection()))));
            awaitActive(client, name);
        }
    }

    private static void awaitActive(DynamoDbClient client, String name) {
        for (int i = 0; i < 100; i++) {
            var table = client.describeTable(r -> r.tableName(name)).table();
            if (table.tableStatus() == TableStatus.ACTIVE
                    && table.globalSecondaryIndexes().stream().allMatch(index -> index.indexStatus() == IndexStatus.ACTIVE)) return;
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
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (OtterFunction.Index index : table.indexes()) {
            attributes.add(AttributeDefinition.builder().attributeName(index.partitionKey()).attributeType(ScalarAttributeType.S).build());
            attributes.add(AttributeDefinition.builder().attributeName(index.sortKey()).attributeType(ScalarAttributeType.N).build());
            indexes.add(GlobalSecondaryIndex.builder().indexName(index.name())
                    .keySchema(KeySchemaElement.builder().attributeName(index.partitionKey()).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(index.sortKey()).keyType(KeyType.RANGE).build())
                    .projection(Projection.builder().projectionType(ProjectionType.INCLUDE).nonKeyAttributes(index.projected()).build())
                    .build());
        }
        try {
            client.createTable(r -> {
                r.tableName(name).keySchema(keys).attributeDefinitions(attributes).billingMode(BillingMode.PAY_PER_REQUEST);
                if (!indexes.isEmpty()) r.globalSecondaryIndexes(indexes);
            });
        } catch (ResourceInUseException e) {
            addMissingIndexes(client, name, indexes, attributes);
            return;
        }
        awaitActive(client, name);
    }
}
