package dev.otter.adapter.dynamodb;

import dev.otter.config.OtterFunction.Table;
import dev.otter.core.OtterException;
import dev.otter.core.Problem;
import dev.otter.core.Room;
import dev.otter.core.Seat;
import dev.otter.core.SeatState;
import dev.otter.core.port.ConnectionStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Seats in the connections table, counted in the room's {@code participants} attribute. Each change of
 * hands is one TransactWriteItems over the seat and the room, so the count can never drift from the
 * seats by a crash between two writes, and capacity is enforced by a condition, not by a read.
 */
public final class DynamoConnectionStore implements ConnectionStore {
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final int MAX_ATTEMPTS = 8;
    private static final String ROOM_IS_OPEN = "attribute_exists(#id) AND #ended = :false AND #exp > :now";

    private final DynamoDbClient client;
    private final DynamoDbTable<SeatItem> seats;
    private final DynamoRoomStore rooms;
    private final String seatsTable;
    private final String roomsTable;

    public DynamoConnectionStore(DynamoDbClient client, String roomsTable, String connectionsTable) {
        this.client = client;
        this.roomsTable = roomsTable;
        this.seatsTable = connectionsTable;
        this.seats = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build().table(connectionsTable, SeatItem.SCHEMA);
        this.rooms = new DynamoRoomStore(client, roomsTable);
    }

    @Override
    public void admit(Seat seat, Instant now) {
        Update countIn = Update.builder().tableName(roomsTable).key(roomKey(seat.roomId()))
                .updateExpression("SET #p = #p + :one")
                .conditionExpression(ROOM_IS_OPEN + " AND #p < #max")
                .expressionAttributeNames(Map.of("#id", RoomItem.ROOM_ID, "#ended", RoomItem.ENDED, "#exp", RoomItem.EXPIRES_AT,
                        "#p", RoomItem.PARTICIPANTS, "#max", RoomItem.MAX_PARTICIPANTS))
                .expressionAttributeValues(Map.of(":one", number(1), ":false", AttributeValue.fromBool(false), ":now", number(now.getEpochSecond())))
                .build();
        Put takeSeat = Put.builder().tableName(seatsTable).item(SeatItem.SCHEMA.itemToMap(SeatItem.from(seat), true))
                .conditionExpression("attribute_not_exists(#peer)")
                .expressionAttributeNames(Map.of("#peer", SeatItem.PEER_ID))
                .build();
        for (int attempt = 1; ; attempt++) {
            try {
                client.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().update(countIn).build(),
                        TransactWriteItem.builder().put(takeSeat).build()));
                return;
            } catch (TransactionCanceledException e) {
                if (failedCondition(e, 1)) throw new OtterException(Problem.BUSY, "the peer id is taken; reconnect");
                Room room = rooms.find(seat.roomId()).orElseThrow(() -> OtterException.roomNotFound(seat.roomId()));
                room.requireOpen(now);
                if (room.participants() >= room.options().maxParticipants()) throw OtterException.roomFull();
                // Neither condition explains the cancellation: a concurrent transaction on the room won.
                if (attempt == MAX_ATTEMPTS) throw new OtterException(Problem.BUSY, "the room is busy; try again");
                backOff(attempt);
            }
        }
    }

    @Override
    public boolean takeOver(String roomId, String peerId, String previousConnectionId, String newConnectionId, Instant now) {
        ConditionCheck roomOpen = ConditionCheck.builder().tableName(roomsTable).key(roomKey(roomId))
                .conditionExpression(ROOM_IS_OPEN)
                .expressionAttributeNames(Map.of("#id", RoomItem.ROOM_ID, "#ended", RoomItem.ENDED, "#exp", RoomItem.EXPIRES_AT))
                .expressionAttributeValues(Map.of(":false", AttributeValue.fromBool(false), ":now", number(now.getEpochSecond())))
                .build();
        Update handOver = Update.builder().tableName(seatsTable).key(seatKey(roomId, peerId))
                .updateExpression("SET #conn = :new, #ttl = :ttl")
                .conditionExpression("#conn = :old")
                .expressionAttributeNames(Map.of("#conn", SeatItem.CONNECTION_ID, "#ttl", Table.TTL_ATTRIBUTE))
                .expressionAttributeValues(Map.of(":new", AttributeValue.fromS(newConnectionId), ":old", AttributeValue.fromS(previousConnectionId),
                        ":ttl", number(SeatItem.ttlFrom(now))))
                .build();
        try {
            client.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().conditionCheck(roomOpen).build(),
                    TransactWriteItem.builder().update(handOver).build()));
            return true;
        } catch (TransactionCanceledException e) {
            if (failedCondition(e, 0)) {
                rooms.find(roomId).orElseThrow(() -> OtterException.roomNotFound(roomId)).requireOpen(now);
            }
            return false;
        }
    }

    @Override
    public Optional<Seat> find(String roomId, String peerId) {
        return Optional.ofNullable(seats.getItem(r -> r.key(Key.builder().partitionValue(roomId).sortValue(peerId).build()).consistentRead(true)))
                .map(SeatItem::toSeat);
    }

    @Override
    public List<Seat> seatsOf(String roomId) {
        return seats.query(r -> r.queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(roomId).build()))
                        .consistentRead(true))
                .items().stream().map(SeatItem::toSeat).toList();
    }

    @Override
    public Map<String, Seat> findAll(String roomId, Set<String> peerIds) {
        Map<String, Seat> found = new HashMap<>();
        if (peerIds.isEmpty()) return found;
        Map<String, KeysAndAttributes> pending = Map.of(seatsTable, KeysAndAttributes.builder()
                .keys(peerIds.stream().map(peerId -> seatKey(roomId, peerId)).toList()).consistentRead(true).build());
        for (int attempt = 1; ; attempt++) {
            BatchGetItemResponse response = client.batchGetItem(BatchGetItemRequest.builder().requestItems(pending).build());
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(seatsTable, List.of())) {
                Seat seat = SeatItem.SCHEMA.mapToItem(item).toSeat();
                found.put(seat.peerId(), seat);
            }
            pending = response.unprocessedKeys();
            if (pending.isEmpty()) return found;
            if (attempt == MAX_ATTEMPTS) throw new OtterException(Problem.BUSY, "the room is busy; try again");
            backOff(attempt);
        }
    }

    @Override
    public Optional<SeatState> markJoined(String roomId, String peerId, String connectionId, String name) {
        return nameAndMove(roomId, peerId, connectionId, name, SeatState.JOINED);
    }

    @Override
    public Optional<SeatState> markWaiting(String roomId, String peerId, String connectionId, String name) {
        Optional<SeatState> before = nameAndMove(roomId, peerId, connectionId, name, SeatState.WAITING);
        // Either this connection lost the seat (then this changes nothing either) or it was admitted before.
        return before.isPresent() ? before : markJoined(roomId, peerId, connectionId, name);
    }

    /**
     * Names the seat and moves it to {@code state}, if this connection still holds it; an admitted seat is never
     * sent back to waiting. Returns the state the seat had before, or empty when the condition failed.
     */
    private Optional<SeatState> nameAndMove(String roomId, String peerId, String connectionId, String name, SeatState state) {
        String condition = state == SeatState.WAITING ? "#conn = :conn AND #state <> :joined" : "#conn = :conn";
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":name", AttributeValue.fromS(name),
                ":conn", AttributeValue.fromS(connectionId), ":state", AttributeValue.fromS(SeatItem.stateValue(state))));
        if (state == SeatState.WAITING) values.put(":joined", AttributeValue.fromS(SeatItem.stateValue(SeatState.JOINED)));
        try {
            UpdateItemResponse response = client.updateItem(r -> r.tableName(seatsTable).key(seatKey(roomId, peerId))
                    .updateExpression("SET #name = :name, #state = :state")
                    .conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#name", SeatItem.NAME, "#state", SeatItem.STATE, "#conn", SeatItem.CONNECTION_ID))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.UPDATED_OLD));
            return Optional.of(SeatItem.stateOf(response.attributes().get(SeatItem.STATE).s()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Seat> admitWaiting(String roomId, String peerId) {
        try {
            UpdateItemResponse response = client.updateItem(r -> r.tableName(seatsTable).key(seatKey(roomId, peerId))
                    .updateExpression("SET #state = :joined")
                    .conditionExpression("#state = :waiting")
                    .expressionAttributeNames(Map.of("#state", SeatItem.STATE))
                    .expressionAttributeValues(Map.of(":waiting", AttributeValue.fromS(SeatItem.stateValue(SeatState.WAITING)),
                            ":joined", AttributeValue.fromS(SeatItem.stateValue(SeatState.JOINED))))
                    .returnValues(ReturnValue.ALL_NEW));
            return Optional.of(SeatItem.SCHEMA.mapToItem(response.attributes()).toSeat());
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean release(String roomId, String peerId, String connectionId) {
        return releaseIf(roomId, peerId, connectionId, null);
    }

    @Override
    public boolean releaseWaiting(String roomId, String peerId, String connectionId) {
        return releaseIf(roomId, peerId, connectionId, SeatState.WAITING);
    }

    @Override
    public Optional<SeatState> vacate(String roomId, String peerId, String connectionId) {
        // Most departures are of joined seats: guess that, and read the seat only when the guess was wrong.
        SeatState guess = SeatState.JOINED;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (releaseIf(roomId, peerId, connectionId, guess)) return Optional.of(guess);
            Optional<Seat> held = find(roomId, peerId).filter(seat -> seat.connectionId().equals(connectionId));
            if (held.isEmpty()) return Optional.empty();
            guess = held.get().state();
        }
        throw new OtterException(Problem.BUSY, "the seat kept changing; try again");
    }

    /** @param state the state the seat must still be in, or {@code null} for any */
    private boolean releaseIf(String roomId, String peerId, String connectionId, SeatState state) {
        Map<String, String> names = new HashMap<>(Map.of("#conn", SeatItem.CONNECTION_ID));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":conn", AttributeValue.fromS(connectionId)));
        String condition = "#conn = :conn";
        if (state != null) {
            condition += " AND #state = :state";
            names.put("#state", SeatItem.STATE);
            values.put(":state", AttributeValue.fromS(SeatItem.stateValue(state)));
        }
        Delete freeSeat = Delete.builder().tableName(seatsTable).key(seatKey(roomId, peerId))
                .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values)
                .build();
        Update countOut = Update.builder().tableName(roomsTable).key(roomKey(roomId))
                .updateExpression("SET #p = #p - :one")
                .conditionExpression("attribute_exists(#id)")
                .expressionAttributeNames(Map.of("#p", RoomItem.PARTICIPANTS, "#id", RoomItem.ROOM_ID))
                .expressionAttributeValues(Map.of(":one", number(1)))
                .build();
        for (int attempt = 1; ; attempt++) {
            try {
                client.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().delete(freeSeat).build(),
                        TransactWriteItem.builder().update(countOut).build()));
                return true;
            } catch (TransactionCanceledException e) {
                if (failedCondition(e, 0)) return false;
                if (failedCondition(e, 1)) return releaseOrphan(freeSeat);
                if (attempt == MAX_ATTEMPTS) throw e;
                backOff(attempt);
            }
        }
    }

    // The room item is gone (expired and deleted by TTL): there is no count left to keep in step.
    private boolean releaseOrphan(Delete freeSeat) {
        try {
            client.deleteItem(r -> r.tableName(seatsTable).key(freeSeat.key()).conditionExpression(freeSeat.conditionExpression())
                    .expressionAttributeNames(freeSeat.expressionAttributeNames())
                    .expressionAttributeValues(freeSeat.expressionAttributeValues()));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static boolean failedCondition(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons.size() > index && CONDITION_FAILED.equals(reasons.get(index).code());
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtterException(Problem.BUSY, "interrupted");
        }
    }

    private static Map<String, AttributeValue> roomKey(String roomId) {
        return Map.of(RoomItem.ROOM_ID, AttributeValue.fromS(roomId));
    }

    private static Map<String, AttributeValue> seatKey(String roomId, String peerId) {
        return Map.of(SeatItem.ROOM_ID, AttributeValue.fromS(roomId), SeatItem.PEER_ID, AttributeValue.fromS(peerId));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
