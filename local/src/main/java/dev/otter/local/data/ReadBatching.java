package dev.otter.local.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Lets the local runner's concurrent point reads share requests to dynalite, so a burst of relayed signals costs
 * the engine a few {@code BatchGetItem}s instead of one {@code GetItem} each.
 *
 * <p>Why only here: on AWS each message is its own Lambda invocation and stays one {@code GetItem}; the local
 * runner is one process, and dynalite's per-request cost (HTTP, SigV4, request validation on both sides) is what
 * bounds its relay throughput on a small machine. The adapters above this client are unchanged.
 *
 * <p>Why it stays correct: a read is only ever answered by a request sent after that read was asked for, so a
 * consistent read still sees every write that completed before it. A read waits only while {@value #IN_FLIGHT}
 * requests are already out; alone, it goes at once as a plain {@code GetItem}. Reads with anything beyond a table,
 * a key and a consistency flag (projections, capacity reports) are passed through untouched.
 */
public final class ReadBatching {
    /** Requests out at once before further reads queue up and leave together. */
    static final int IN_FLIGHT = 4;
    /** DynamoDB's limit of keys in one {@code BatchGetItem}. */
    static final int MAX_KEYS = 100;
    private static final Object LEAD = new Object();

    private final DynamoDbClient client;
    private final Object lock = new Object();
    private final ArrayDeque<Read> queue = new ArrayDeque<>();
    private int inFlight;

    private ReadBatching(DynamoDbClient client) {
        this.client = client;
    }

    /** {@code client} with point reads batched; every other operation goes straight to it. */
    public static DynamoDbClient wrap(DynamoDbClient client) {
        ReadBatching batching = new ReadBatching(client);
        return ClientLayer.over(client, "ReadBatching", (operation, argument, below) -> {
            GetItemRequest read = ClientLayer.plainGetItem(operation, argument);
            return read != null ? batching.get(read) : below.call();
        });
    }

    private GetItemResponse get(GetItemRequest request) {
        Read mine = new Read(request);
        boolean leader;
        synchronized (lock) {
            queue.add(mine);
            leader = inFlight < IN_FLIGHT;
            if (leader) inFlight++;
        }
        if (leader) lead();
        while (true) {
            Object outcome = mine.take();
            if (outcome == LEAD) lead();
            else if (outcome instanceof GetItemResponse response) return response;
            else throw (RuntimeException) outcome;
        }
    }

    /** Sends one request for the oldest queued reads, then hands the slot to the next waiting read or frees it. */
    private void lead() {
        List<Read> batch = new ArrayList<>();
        synchronized (lock) {
            while (!queue.isEmpty() && batch.size() < MAX_KEYS) batch.add(queue.poll());
        }
        try {
            answer(batch);
        } finally {
            synchronized (lock) {
                Read next = queue.peek();
                if (next == null) inFlight--;
                else next.offer(LEAD);
            }
        }
    }

    private void answer(List<Read> batch) {
        if (batch.isEmpty()) return;
        if (batch.size() == 1) {
            Read only = batch.get(0);
            try {
                only.offer(client.getItem(only.request));
            } catch (RuntimeException e) {
                only.offer(e);
            }
            return;
        }
        Map<TableKey, List<Read>> byKey = new LinkedHashMap<>();
        for (Read read : batch) byKey.computeIfAbsent(new TableKey(read.request.tableName(), read.request.key()), k -> new ArrayList<>()).add(read);
        try {
            Map<TableKey, Map<String, AttributeValue>> found = fetch(byKey);
            byKey.forEach((key, reads) -> {
                Map<String, AttributeValue> item = found.get(key);
                GetItemResponse response = item == null ? GetItemResponse.builder().build() : GetItemResponse.builder().item(item).build();
                reads.forEach(read -> read.offer(response));
            });
        } catch (RuntimeException e) {
            byKey.values().forEach(reads -> reads.forEach(read -> read.offer(e)));
        }
    }

    /** One {@code BatchGetItem} for every key (repeated for any the engine leaves unprocessed). */
    private Map<TableKey, Map<String, AttributeValue>> fetch(Map<TableKey, List<Read>> byKey) {
        Map<String, KeysAndAttributes> requested = new LinkedHashMap<>();
        Map<String, List<Map<String, AttributeValue>>> keysByTable = new LinkedHashMap<>();
        Map<String, Boolean> consistentByTable = new LinkedHashMap<>();
        byKey.forEach((key, reads) -> {
            keysByTable.computeIfAbsent(key.table(), t -> new ArrayList<>()).add(key.key());
            boolean consistent = reads.stream().anyMatch(read -> Boolean.TRUE.equals(read.request.consistentRead()));
            consistentByTable.merge(key.table(), consistent, Boolean::logicalOr);
        });
        keysByTable.forEach((table, keys) -> requested.put(table,
                KeysAndAttributes.builder().keys(keys).consistentRead(consistentByTable.get(table)).build()));

        Map<TableKey, Map<String, AttributeValue>> found = new LinkedHashMap<>();
        while (!requested.isEmpty()) {
            Map<String, KeysAndAttributes> sending = Map.copyOf(requested);
            BatchGetItemResponse response = client.batchGetItem(r -> r.requestItems(sending));
            response.responses().forEach((table, items) -> {
                for (Map<String, AttributeValue> item : items) {
                    for (Map<String, AttributeValue> key : keysByTable.get(table)) {
                        if (matches(item, key)) found.put(new TableKey(table, key), item);
                    }
                }
            });
            requested.clear();
            if (response.hasUnprocessedKeys()) requested.putAll(response.unprocessedKeys());
        }
        return found;
    }

    private static boolean matches(Map<String, AttributeValue> item, Map<String, AttributeValue> key) {
        for (Map.Entry<String, AttributeValue> part : key.entrySet()) {
            if (!Objects.equals(item.get(part.getKey()), part.getValue())) return false;
        }
        return true;
    }

    private record TableKey(String table, Map<String, AttributeValue> key) {}

    /**
     * One caller's read and its mailbox: any number of {@link #LEAD}s (each one is a request slot to use), then the
     * response or the failure. Slots are only handed to reads still queued, so every {@code LEAD} arrives before
     * the answer and none is lost.
     */
    private static final class Read {
        final GetItemRequest request;
        private final BlockingQueue<Object> mailbox = new LinkedBlockingQueue<>();

        Read(GetItemRequest request) {
            this.request = request;
        }

        void offer(Object outcome) {
            mailbox.add(outcome);
        }

        Object take() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return mailbox.take();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
        }
    }
}
