package dev.otter.adapter.dynamodb;

import dev.otter.core.Room;
import dev.otter.core.port.RoomStore;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

public final class DynamoRoomStore implements RoomStore {
    private final DynamoDbClient client;
    private final DynamoDbTable<RoomItem> table;
    private final String tableName;

    public DynamoRoomStore(DynamoDbClient client, String tableName) {
        this.client = client;
        this.tableName = tableName;
        this.table = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build().table(tableName, RoomItem.SCHEMA);
    }

    @Override
    public void create(Room room) {
        table.putItem(r -> r.item(RoomItem.from(room)).conditionExpression(Expression.builder()
                .expression("attribute_not_exists(#id)").putExpressionName("#id", RoomItem.ROOM_ID).build()));
    }

    @Override
    public Optional<Room> find(String roomId) {
        return Optional.ofNullable(table.getItem(r -> r.key(Key.builder().partitionValue(roomId).build()).consistentRead(true)))
                .map(RoomItem::toRoom);
    }

    @Override
    public Optional<Room> end(String roomId) {
        try {
            UpdateItemResponse response = client.updateItem(r -> r.tableName(tableName)
                    .key(Map.of(RoomItem.ROOM_ID, AttributeValue.fromS(roomId)))
                    .updateExpression("SET #ended = :true")
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(Map.of("#ended", RoomItem.ENDED, "#id", RoomItem.ROOM_ID))
                    .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true)))
                    .returnValues(ReturnValue.ALL_NEW));
            return Optional.of(RoomItem.SCHEMA.mapToItem(response.attributes()).toRoom());
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }
}
