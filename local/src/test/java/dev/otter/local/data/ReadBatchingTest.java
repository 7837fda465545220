package dev.otter.local.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Batched point reads against a real dynalite: same answers as {@code GetItem}, fewer requests under load. */
class ReadBatchingTest {
    private static final String TABLE = "things";
    private static final int READERS = 60;

    @TempDir
    static Path dataDir;
    private static LocalDynamoDb dynalite;
    private static final List<String> sent = new CopyOnWriteArrayList<>();
    /** While set, every request waits for it: reads pile up behind the ones already out. */
    private static volatile CountDownLatch gate;
    private static DynamoDbClient direct;
    private static DynamoDbClient batched;

    @BeforeAll
    static void startDynalite() throws Exception {
        dynalite = EngineClients.startDynalite(dataDir);
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sent.add(context.request().getClass().getSimpleName());
                CountDownLatch wait = gate;
                if (wait != null) await(wait);
            }
        };
        direct = EngineClients.engine(dynalite, recorder);
        batched = ReadBatching.wrap(direct);
        EngineClients.createTable(direct, TABLE);
        for (int i = 0; i < READERS; i += 2) put("thing-" + i, i);
    }

    @AfterAll
    static void stop() {
        direct.close();
        dynalite.close();
    }

    @Test
    void concurrentReadsQueuedBehindBusyRequests_leaveTogetherAndEachGetsItsOwnItemOrNone() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        try {
            gate = new CountDownLatch(1);
            sent.clear();
            List<Thread> readers = new CopyOnWriteArrayList<>();
            List<Future<GetItemResponse>> answers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                String id = "thing-" + i;
                answers.add(pool.submit(() -> {
                    readers.add(Thread.currentThread());
                    return batched.getItem(r -> r.tableName(TABLE).key(key(id)).consistentRead(true));
                }));
            }
            awaitParked(readers, READERS);
            gate.countDown();
            gate = null;

            for (int i = 0; i < READERS; i++) {
                GetItemResponse answer = answers.get(i).get(30, TimeUnit.SECONDS);
                if (i % 2 == 0) assertThat(answer.item()).containsEntry("n", AttributeValue.fromN(Integer.toString(i)));
                else assertThat(answer.hasItem()).as("thing-%d was never written", i).isFalse();
            }
            assertThat(sent).as("requests for %d reads", READERS).hasSizeLessThanOrEqualTo(2 * ReadBatching.IN_FLIGHT)
                    .contains("BatchGetItemRequest");
        } finally {
            gate = null;
            pool.shutdownNow();
        }
    }

    @Test
    void aReadAfterAWrite_seesTheWriteWhileOtherReadsKeepEveryRequestBusy() throws Exception {
        put("counter", 0);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger stale = new AtomicInteger();
        try {
            for (int written = 1; written <= 40; written++) {
                put("counter", written);
                int expected = written;
                List<Future<?>> reads = new ArrayList<>();
                for (int r = 0; r < 16; r++) {
                    reads.add(pool.submit(() -> {
                        GetItemResponse answer = batched.getItem(g -> g.tableName(TABLE).key(key("counter")).consistentRead(true));
                        if (Integer.parseInt(answer.item().get("n").n()) < expected) stale.incrementAndGet();
                    }));
                }
                for (Future<?> read : reads) read.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(stale).as("reads that missed a write completed before they were asked").hasValue(0);
    }

    @Test
    void aReadWithAProjection_goesToTheEngineAsItsOwnGetItem() {
        sent.clear();
        GetItemResponse answer = batched.getItem(r -> r.tableName(TABLE).key(key("thing-2")).projectionExpression("id"));
        assertThat(answer.item()).containsOnlyKeys("id");
        assertThat(sent).containsExactly("GetItemRequest");
    }

    @Test
    void aFailedBatch_failsEveryReadInIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            gate = new CountDownLatch(1);
            List<Thread> readers = new CopyOnWriteArrayList<>();
            List<Future<GetItemResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = "x" + i;
                answers.add(pool.submit(() -> {
                    readers.add(Thread.currentThread());
                    return batched.getItem(r -> r.tableName("no-such-table").key(key(id)).consistentRead(true));
                }));
            }
            awaitParked(readers, 8);
            gate.countDown();
            gate = null;
            for (Future<GetItemResponse> answer : answers) {
                assertThatThrownBy(() -> answer.get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ResourceNotFoundException.class);
            }
        } finally {
            gate = null;
            pool.shutdownNow();
        }
    }

    @Test
    void everyOtherOperation_passesStraightThrough() {
        put("plain", 7);
        assertThat(batched.getItem(r -> r.tableName(TABLE).key(key("plain"))).item()).containsEntry("n", AttributeValue.fromN("7"));
        assertThat(batched.describeTable(r -> r.tableName(TABLE)).table().tableName()).isEqualTo(TABLE);
    }

    private static void put(String id, int n) {
        direct.putItem(r -> r.tableName(TABLE).item(Map.of("id", AttributeValue.fromS(id), "n", AttributeValue.fromN(Integer.toString(n)))));
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    /** All {@code count} readers have started their read and are parked: behind the gate or queued for a slot. */
    private static void awaitParked(List<Thread> readers, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            boolean allParked = readers.size() == count && readers.stream()
                    .allMatch(t -> t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING);
            if (allParked) return;
            Thread.sleep(10);
        }
        throw new AssertionError("the " + count + " readers did not all park within 30 s");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
