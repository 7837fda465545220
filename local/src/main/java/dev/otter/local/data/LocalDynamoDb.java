package dev.otter.local.data;

import java.nio.file.Path;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * DynamoDB Local in this process, persisted to one SQLite file: no port at all (its stock server would bind
 * 0.0.0.0), telemetry off. Closing it closes the database file.
 */
public final class LocalDynamoDb implements AutoCloseable {
    public static final String DB_FILE = "dynamodb-local.db";

    private final AmazonDynamoDBLocal dynamo;
    private final DynamoDbClient client;

    private LocalDynamoDb(AmazonDynamoDBLocal dynamo) {
        this.dynamo = dynamo;
        this.client = dynamo.dynamoDbClient();
    }

    public static LocalDynamoDb open(Path dbFile) {
        boolean disableTelemetry = true;
        return new LocalDynamoDb(DynamoDBEmbedded.create(dbFile.toFile(), disableTelemetry));
    }

    public DynamoDbClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        dynamo.shutdown();
    }
}
