package dev.otter.adapter.dynamodb;

import dev.otter.core.Room;
import dev.otter.core.port.RoomChange;
import dev.otter.core.port.RoomCondition;
import dev.otter.core.port.RoomStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Room documents in the rooms table. {@link #update} is one {@code UpdateItem} whose condition expression is
 * the {@link RoomCondition}s, translated one by one (it adds no rule of its own), returning the old item.
 */
public final class DynamoRoomStore implements RoomStore {
    private final DynamoDbClient client;
    private final String tableName;

    public DynamoRoomStore(DynamoDbClient client, String tableName) {
        this.client = client;
        this.tableName = tableName;
    }

    @Override
    public void create(Room room) {
        client.putItem(r -> r.tableName(tableName).item(RoomItem.from(room))
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", RoomItem.ROOM_ID)));
    }

    @Override
    public Optional<Room> find(String roomId) {
        GetItemResponse response = client.getItem(r -> r.tableName(tableName).key(RoomItem.key(roomId)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(RoomItem.toRoom(response.item())) : Optional.empty();
    }

    @Override
    public Optional<Room> update(String roomId, List<RoomCondition> conditions, List<RoomChange> changes) {
        Expression expression = new Expression();
        List<String> condition = new ArrayList<>(List.of("attribute_exists(" + expression.name(RoomItem.ROOM_ID) + ")"));
        for (RoomCondition c : conditions) condition.add(expression.condition(c));
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        for (RoomChange change : changes) expression.change(change, set, remove);
        String update = (set.isEmpty() ? "" : "SET " + String.join(", ", set))
                + (remove.isEmpty() ? "" : (set.isEmpty() ? "" : " ") + "REMOVE " + String.join(", ", remove));
        try {
            UpdateItemResponse response = client.updateItem(r -> {
                r.tableName(tableName).key(RoomItem.key(roomId))
                        .conditionExpression(String.join(" AND ", condition))
                        .updateExpression(update)
                        .expressionAttributeNames(expression.names)
                        .returnValues(ReturnValue.ALL_OLD);
                if (!expression.values.isEmpty()) r.expressionAttributeValues(expression.values);
            });
            return Optional.of(RoomItem.toRoom(response.attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** Placeholders for one request: every name and value goes through one, so no input can break the syntax. */
    private static final class Expression {
        final Map<String, String> names = new HashMap<>();
        final Map<String, AttributeValue> values = new HashMap<>();

        String name(String attribute) {
            String placeholder = "#n" + names.size();
            names.put(placeholder, attribute);
            return placeholder;
        }

        String value(AttributeValue value) {
            String placeholder = ":v" + values.size();
            values.put(placeholder, value);
            return placeholder;
        }

        String seat(String peerId) {
            return name(RoomItem.SEATS) + "." + name(peerId);
        }

        String condition(RoomCondition condition) {
            if (condition instanceof RoomCondition.OpenAt open) {
                return name(RoomItem.ENDED) + " = " + value(AttributeValue.fromBool(false)) + " AND "
                        + name(RoomItem.EXPIRES_AT) + " > " + value(RoomItem.number(open.now().getEpochSecond()));
            }
            if (condition instanceof RoomCondition.HasFreeSeat) {
                return "size(" + name(RoomItem.SEATS) + ") < " + name(RoomItem.MAX_PARTICIPANTS);
            }
            if (condition instanceof RoomCondition.SeatFree free) {
                return "attribute_not_exists(" + seat(free.peerId()) + ")";
            }
            if (condition instanceof RoomCondition.SeatTaken taken) {
                return "attribute_exists(" + seat(taken.peerId()) + ")";
            }
            if (condition instanceof RoomCondition.SeatHeldBy held) {
                return seat(held.peerId()) + "." + name(RoomItem.CONNECTION_ID) + " = " + value(AttributeValue.fromS(held.connectionId()));
            }
            if (condition instanceof RoomCondition.NotRemoved notRemoved) {
                // contains() of an absent list is false: a room nobody was removed from holds.
                return "NOT contains(" + name(RoomItem.REMOVED) + ", " + value(AttributeValue.fromS(notRemoved.peerId())) + ")";
            }
            if (condition instanceof RoomCondition.NotDenied notDenied) {
                return "NOT contains(" + name(RoomItem.DENIED) + ", " + value(AttributeValue.fromS(notDenied.peerId())) + ")";
            }
            if (condition instanceof RoomCondition.GuestLinkOpen) {
                String stopped = name(RoomItem.GUEST_LINK_STOPPED);
                return "(attribute_not_exists(" + stopped + ") OR " + stopped + " = " + value(AttributeValue.fromBool(false)) + ")";
            }
            if (condition instanceof RoomCondition.SeatKnockedAt knocked) {
                String seat = seat(knocked.peerId());
                String at = seat + "." + name(RoomItem.KNOCKED_AT);
                return knocked.at() == null
                        ? "attribute_exists(" + seat + ") AND attribute_not_exists(" + at + ")"
                        : at + " = " + value(RoomItem.millis(knocked.at()));
            }
            RoomCondition.SeatIn in = (RoomCondition.SeatIn) condition;
            return seat(in.peerId()) + "." + name(RoomItem.STATE) + " = " + value(RoomItem.state(in.state()));
        }

        void change(RoomChange change, List<String> set, List<String> remove) {
            if (change instanceof RoomChange.PutSeat put) {
                set.add(seat(put.seat().peerId()) + " = " + value(RoomItem.seat(put.seat())));
            } else if (change instanceof RoomChange.RemoveSeat gone) {
                remove.add(seat(gone.peerId()));
            } else if (change instanceof RoomChange.HandOver handOver) {
                set.add(seat(handOver.peerId()) + "." + name(RoomItem.CONNECTION_ID) + " = " + value(AttributeValue.fromS(handOver.connectionId())));
                remove.add(seat(handOver.peerId()) + "." + name(RoomItem.CLOSED_AT));
                remove.add(seat(handOver.peerId()) + "." + name(RoomItem.KNOCKED_AT));
            } else if (change instanceof RoomChange.MarkClosed closed) {
                set.add(seat(closed.peerId()) + "." + name(RoomItem.CLOSED_AT) + " = " + value(RoomItem.number(closed.at().toEpochMilli())));
            } else if (change instanceof RoomChange.MarkRemoved removed) {
                set.add(appended(RoomItem.REMOVED, removed.peerId()));
            } else if (change instanceof RoomChange.MarkDenied denied) {
                set.add(appended(RoomItem.DENIED, denied.peerId()));
            } else if (change instanceof RoomChange.StopGuestLink) {
                set.add(name(RoomItem.GUEST_LINK_STOPPED) + " = " + value(AttributeValue.fromBool(true)));
            } else if (change instanceof RoomChange.ReopenGuestLink) {
                set.add(name(RoomItem.GUEST_LINK_STOPPED) + " = " + value(AttributeValue.fromBool(false)));
            } else {
                set.add(name(RoomItem.ENDED) + " = " + value(AttributeValue.fromBool(true)));
                set.add(name(RoomItem.SEATS) + " = " + value(AttributeValue.fromM(Map.of())));
            }
        }

        /** {@code list = list + [peerId]}, the list created if absent. */
        String appended(String list, String peerId) {
            String attribute = name(list);
            return attribute + " = list_append(if_not_exists(" + attribute + ", " + value(AttributeValue.fromL(List.of())) + "), "
                    + value(AttributeValue.fromL(List.of(AttributeValue.fromS(peerId)))) + ")";
        }
    }
}
