package dev.otter.local.data;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Serves the local runner's point reads from memory when nothing can have changed the item since it was last
 * read: the runner is the only writer of its dynalite (its data directory is locked to one runner), and every
 * write goes through this client, which forgets the item it touches when the write starts and again when it
 * ends, and refuses to remember a read that overlapped any write. So a read still sees every write completed
 * before it, as a consistent {@code GetItem} does; what it saves is the engine round trip that, on a small
 * machine, bounded the runner's signal relay (one room read per relayed signal).
 *
 * <p>Why only here: on AWS many Lambda instances write the table, so no instance may keep what it read; the
 * handlers and adapters above this client are the ones Lambda runs, and the storage tests run them against
 * dynalite without it. Anything outside this client that writes the runner's dynalite (a tool pointed at its
 * port) would go unseen until the runner restarts.
 */
public final class OwnedTableCache {
    /** Items remembered at most; the least recently used is forgotten first. */
    static final int CAPACITY = 10_000;
    private static final Set<String> READS = Set.of("getItem", "batchGetItem", "query", "scan", "describeTable",
            "listTables", "describeTimeToLive");

    private final DynamoDbClient client;
    private final Object lock = new Object();
    private final Map<TableKey, GetItemResponse> items = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TableKey, GetItemResponse> eldest) {
            return size() > CAPACITY;
        }
    };
    /** Key attribute names per table, learnt from reads, to find the item a {@code PutItem} replaces. */
    private final Map<String, Set<String>> keyNames = new HashMap<>();
    /** Counts every write's start and end: a read that saw it change was concurrent with a write. */
    private long writes;

    private OwnedTableCache(DynamoDbClient client) {
        this.client = client;
    }

    /** {@code client} with point reads remembered between writes; it must be the only writer of its tables. */
    public static DynamoDbClient wrap(DynamoDbClient client) {
        OwnedTableCache cache = new OwnedTableCache(client);
        return ClientLayer.over(client, "OwnedTableCache", cache::handle);
    }

    private Object handle(String operation, Object argument, ClientLayer.Below below) throws Throwable {
        GetItemRequest read = ClientLayer.plainGetItem(operation, argument);
        if (read != null) return get(read);
        if (READS.contains(operation)) return below.call();
        TableKey touched = written(operation, argument);
        forget(touched);
        try {
            return below.call();
        } finally {
            forget(touched);
        }
    }

    private GetItemResponse get(GetItemRequest request) {
        TableKey key = new TableKey(request.tableName(), request.key());
        long before;
        synchronized (lock) {
            GetItemResponse known = items.get(key);
            if (known != null) return known;
            keyNames.putIfAbsent(request.tableName(), Set.copyOf(request.key().keySet()));
            before = writes;
        }
        GetItemResponse response = client.getItem(request);
        synchronized (lock) {
            if (writes == before) items.put(key, GetItemResponse.builder().item(response.hasItem() ? response.item() : null).build());
        }
        return response;
    }

    /** Forgets the written item ({@code null}: every item) and marks that a write started or ended. */
    private void forget(TableKey written) {
        synchronized (lock) {
            writes++;
            if (written == null) items.clear();
            else items.remove(written);
        }
    }

    /** The item a single-item write touches; {@code null} when it cannot be told (then everything is forgotten). */
    private TableKey written(String operation, Object argument) {
        Object request = switch (operation) {
            case "updateItem" -> ClientLayer.request(argument, UpdateItemRequest.class, UpdateItemRequest.builder());
            case "deleteItem" -> ClientLayer.request(argument, DeleteItemRequest.class, DeleteItemRequest.builder());
            case "putItem" -> ClientLayer.request(argument, PutItemRequest.class, PutItemRequest.builder());
            default -> null;
        };
        if (request instanceof UpdateItemRequest update) return new TableKey(update.tableName(), update.key());
        if (request instanceof DeleteItemRequest delete) return new TableKey(delete.tableName(), delete.key());
        if (request instanceof PutItemRequest put) {
            Set<String> names;
            synchronized (lock) {
                names = keyNames.get(put.tableName());
            }
            if (names == null || !put.item().keySet().containsAll(names)) return null;
            Map<String, AttributeValue> key = new HashMap<>();
            for (String n : names) key.put(n, put.item().get(n));
            return new TableKey(put.tableName(), key);
        }
        return null;
    }

    private record TableKey(String table, Map<String, AttributeValue> key) {}
}
