package dev.otter.local.data;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** A dynalite of the runner's kind for the client-layer tests, and plain SDK clients to it that a test can watch. */
final class EngineClients {
    private EngineClients() {}

    static LocalDynamoDb startDynalite(Path dataDir) throws Exception {
        return LocalDynamoDb.start(Path.of(System.getProperty("user.dir")).getParent().resolve("tools/dynalite"), dataDir);
    }

    /** A client without any layer, seen by {@code watcher} on every request. */
    static DynamoDbClient engine(LocalDynamoDb dynalite, ExecutionInterceptor watcher) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + dynalite.port()))
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(watcher))
                .build();
    }

    /** A table keyed by the string {@code id}, once it is active (dynalite creates tables in the background). */
    static void createTable(DynamoDbClient client, String table) throws InterruptedException {
        client.createTable(r -> r.tableName(table)
                .keySchema(k -> k.attributeName("id").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .billingMode("PAY_PER_REQUEST"));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (client.describeTable(r -> r.tableName(table)).table().tableStatus() != TableStatus.ACTIVE) {
            if (Instant.now().isAfter(deadline)) throw new IllegalStateException(table + " did not become active within 30 s");
            Thread.sleep(20);
        }
    }
}
