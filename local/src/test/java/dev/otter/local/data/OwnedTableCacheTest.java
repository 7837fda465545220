package dev.otter.local.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** The runner's read cache against a real dynalite: fewer engine reads, never an answer older than a completed write. */
class OwnedTableCacheTest {
    private static final String TABLE = "rooms";

    @TempDir
    static Path dataDir;
    private static LocalDynamoDb dynalite;
    private static final List<String> sent = new CopyOnWriteArrayList<>();
    /** While set, GetItem answers wait for it after they came back from the engine. */
    private static volatile CountDownLatch readGate;
    private static volatile CountDownLatch readWaiting;
    private static DynamoDbClient engine;
    private static DynamoDbClient cached;

    @BeforeAll
    static void startDynalite() throws Exception {
        dynalite = EngineClients.startDynalite(dataDir);
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sent.add(context.request().getClass().getSimpleName());
            }

            /** The engine has answered; holding the answer here makes a write land after the read but before its caller sees it. */
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                CountDownLatch gate = readGate;
                if (gate != null && context.request().getClass().getSimpleName().equals("GetItemRequest")) {
                    readWaiting.countDown();
                    try {
                        gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        engine = EngineClients.engine(dynalite, recorder);
        cached = OwnedTableCache.wrap(engine);
        EngineClients.createTable(engine, TABLE);
    }

    @AfterAll
    static void stop() {
        engine.close();
        dynalite.close();
    }

    @BeforeEach
    void clearRecord() {
        sent.clear();
    }

    @Test
    void anUnchangedItem_isReadFromTheEngineOnce() {
        cached.putItem(put("a", 1));
        for (int i = 0; i < 5; i++) assertThat(n(read("a"))).isEqualTo(1);
        assertThat(sent.stream().filter("GetItemRequest"::equals)).hasSize(1);
        assertThat(read("never-written").hasItem()).isFalse();
        assertThat(read("never-written").hasItem()).isFalse();
        assertThat(sent.stream().filter("GetItemRequest"::equals)).hasSize(2);
    }

    @Test
    void everyKindOfWrite_isSeenByTheNextRead() {
        cached.putItem(put("b", 1));
        assertThat(n(read("b"))).isEqualTo(1);
        cached.updateItem(r -> r.tableName(TABLE).key(key("b")).updateExpression("SET n = :n")
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("2"))));
        assertThat(n(read("b"))).isEqualTo(2);
        cached.putItem(put("b", 3));
        assertThat(n(read("b"))).isEqualTo(3);
        cached.putItem(r -> r.tableName(TABLE).item(Map.of("id", AttributeValue.fromS("b"), "n", AttributeValue.fromN("4"))));
        assertThat(n(read("b"))).isEqualTo(4);
        cached.deleteItem(r -> r.tableName(TABLE).key(key("b")));
        assertThat(read("b").hasItem()).isFalse();
    }

    @Test
    void aConditionalWriteThatFails_stillMakesTheNextReadAskTheEngine() {
        cached.putItem(put("c", 1));
        read("c");
        assertThatThrownBy(() -> cached.updateItem(r -> r.tableName(TABLE).key(key("c")).updateExpression("SET n = :n")
                .conditionExpression("n = :other")
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("9"), ":other", AttributeValue.fromN("5")))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        sent.clear();
        assertThat(n(read("c"))).isEqualTo(1);
        assertThat(sent).containsExactly("GetItemRequest");
    }

    @Test
    void aReadThatOverlapsAWrite_isNotRemembered() throws Exception {
        cached.putItem(put("d", 1));
        readWaiting = new CountDownLatch(1);
        readGate = new CountDownLatch(1);
        CompletableFuture<GetItemResponse> slowRead = CompletableFuture.supplyAsync(() -> read("d"));
        try {
            assertThat(readWaiting.await(30, TimeUnit.SECONDS)).isTrue();
            // While the read is on its way, the item changes (through the cache, as every runner write does).
            cached.putItem(put("d", 2));
        } finally {
            readGate.countDown();
            readGate = null;
        }
        assertThat(n(slowRead.get(30, TimeUnit.SECONDS))).as("the overlapping read saw the item before the write").isEqualTo(1);
        assertThat(n(read("d"))).as("the next read after the completed write").isEqualTo(2);
    }

    @Test
    void aReadWithAProjection_alwaysGoesToTheEngine() {
        cached.putItem(put("e", 1));
        GetItemRequest projected = GetItemRequest.builder().tableName(TABLE).key(key("e")).projectionExpression("id").build();
        cached.getItem(projected);
        cached.getItem(projected);
        assertThat(sent.stream().filter("GetItemRequest"::equals)).hasSize(2);
    }

    @Test
    void readsStayCorrect_whileManyThreadsReadAndOneWrites() throws Exception {
        cached.putItem(put("f", 0));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        for (int written = 1; written <= 30 && Instant.now().isBefore(deadline); written++) {
            cached.updateItem(update("f", written));
            int expected = written;
            List<CompletableFuture<Integer>> readers = new java.util.ArrayList<>();
            for (int r = 0; r < 8; r++) readers.add(CompletableFuture.supplyAsync(() -> n(read("f"))));
            for (CompletableFuture<Integer> reader : readers) assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
        }
    }

    private static software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest update(String id, int n) {
        return software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest.builder().tableName(TABLE).key(key(id))
                .updateExpression("SET n = :n").expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Integer.toString(n)))).build();
    }

    private static GetItemResponse read(String id) {
        return cached.getItem(r -> r.tableName(TABLE).key(key(id)).consistentRead(true));
    }

    private static int n(GetItemResponse response) {
        return Integer.parseInt(response.item().get("n").n());
    }

    private static PutItemRequest put(String id, int n) {
        return PutItemRequest.builder().tableName(TABLE)
                .item(Map.of("id", AttributeValue.fromS(id), "n", AttributeValue.fromN(Integer.toString(n)))).build();
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }
}
