package dev.otter.adapter.dynamodb;

import dev.otter.config.OtterFunction;
import dev.otter.core.Admission;
import dev.otter.core.Link;
import dev.otter.core.Room;
import dev.otter.core.port.RoomChange;
import dev.otter.core.port.IdempotencyRecord;
import dev.otter.core.port.RoomCondition;
import dev.otter.core.port.RoomListing;
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
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
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
        if (changes.stream().anyMatch(change -> change instanceof RoomChange.PutLink)) ensureLinksMap(roomId);
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

    /**
     * Rooms stored before per-person links existed have no links map, and an update cannot set a path inside a missing
     * map: this adds an empty one (idempotent; nothing else changes).
     */
    private void ensureLinksMap(String roomId) {
        try {
            client.updateItem(r -> r.tableName(tableName).key(RoomItem.key(roomId))
                    .conditionExpression("attribute_exists(#id) AND attribute_not_exists(#links)")
                    .updateExpression("SET #links = :empty")
                    .expressionAttributeNames(Map.of("#id", RoomItem.ROOM_ID, "#links", RoomItem.LINKS))
                    .expressionAttributeValues(Map.of(":empty", AttributeValue.fromM(Map.of()))));
        } catch (ConditionalCheckFailedException e) {
            // It has one already (or there is no such room, which the update itself will find).
        }
    }

    @Override
    public RoomListing.Page list(RoomListing listing) {
        OtterFunction.Index index = RoomItem.BY_CREATION;
        Map<String, String> names = new HashMap<>(Map.of("#p", index.partitionKey()));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", AttributeValue.fromS(RoomItem.LISTED)));
        String filter = switch (listing.filter()) {
            case ALL -> null;
            case ACTIVE -> "#ended = :false AND #expires > :now";
            case ENDED -> "(#ended = :true OR #expires <= :now)";
        };
        if (filter != null) {
            names.put("#ended", RoomItem.ENDED);
            names.put("#expires", RoomItem.EXPIRES_AT);
            values.put(":now", RoomItem.number(listing.now().getEpochSecond()));
            values.put(listing.filter() == RoomListing.Filter.ACTIVE ? ":false" : ":true",
                    AttributeValue.fromBool(listing.filter() != RoomListing.Filter.ACTIVE));
        }
        List<RoomListing.Summary> rooms = new ArrayList<>();
        Map<String, AttributeValue> start = listing.after().map(DynamoRoomStore::startKey).orElse(null);
        // A filter drops items after the limit is counted, so a page may come back short: read on until it is full.
        while (rooms.size() < listing.limit()) {
            Map<String, AttributeValue> from = start;
            int wanted = listing.limit() - rooms.size();
            QueryResponse response = client.query(r -> {
                r.tableName(tableName).indexName(index.name()).keyConditionExpression("#p = :p")
                        .expressionAttributeNames(names).expressionAttributeValues(values)
                        .scanIndexForward(false).limit(wanted);
                if (filter != null) r.filterExpression(filter);
                if (from != null) r.exclusiveStartKey(from);
            });
            response.items().stream().map(RoomItem::toSummary).forEach(rooms::add);
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
            if (start == null) break;
        }
        Optional<RoomListing.Cursor> next = start == null || rooms.isEmpty() ? Optional.empty()
                : Optional.of(new RoomListing.Cursor(rooms.get(rooms.size() - 1).createdAt(), rooms.get(rooms.size() - 1).roomId()));
        return new RoomListing.Page(rooms, next);
    }

    /** The index position just after a room: its table key and its index key. */
    private static Map<String, AttributeValue> startKey(RoomListing.Cursor cursor) {
        return Map.of(RoomItem.ROOM_ID, AttributeValue.fromS(cursor.roomId()),
                RoomItem.BY_CREATION.partitionKey(), AttributeValue.fromS(RoomItem.LISTED),
                RoomItem.BY_CREATION.sortKey(), RoomItem.number(cursor.createdAt().getEpochSecond()));
    }

    @Override
    public Optional<IdempotencyRecord> remember(IdempotencyRecord record) {
        // Kept in the rooms table under a key no room id can have (room ids are 22 base64url characters), and without
        // the listing attribute, so no listing and no room lookup ever meets it.
        Map<String, AttributeValue> key = RoomItem.key(IDEMPOTENCY_PREFIX + record.scope());
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("requestHash", AttributeValue.fromS(record.requestHash()));
        item.put("createdRoomId", AttributeValue.fromS(record.roomId()));
        item.put(OtterFunction.Table.TTL_ATTRIBUTE, RoomItem.number(record.keepUntil().getEpochSecond()));
        try {
            client.putItem(r -> r.tableName(tableName).item(item).conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(Map.of("#id", RoomItem.ROOM_ID)));
            return Optional.empty();
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> earlier = client.getItem(r -> r.tableName(tableName).key(key).consistentRead(true)).item();
            return Optional.of(new IdempotencyRecord(record.scope(), earlier.get("requestHash").s(), earlier.get("createdRoomId").s(),
                    java.time.Instant.ofEpochSecond(Long.parseLong(earlier.get(OtterFunction.Table.TTL_ATTRIBUTE).n()))));
        }
    }

    private static final String IDEMPOTENCY_PREFIX = "idempotency#";

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

        String link(String linkId) {
            return name(RoomItem.LINKS) + "." + name(linkId);
        }

        String condition(RoomCondition condition) {
            if (condition instanceof RoomCondition.OpenAt open) {
                return name(RoomItem.ENDED) + " = " + value(AttributeValue.fromBool(false)) + " AND "
                        + name(RoomItem.EXPIRES_AT) + " > " + value(RoomItem.number(open.now().getEpochSecond()));
            }
            if (condition instanceof RoomCondition.ExpiredAt expired) {
                return name(RoomItem.ENDED) + " = " + value(AttributeValue.fromBool(false)) + " AND "
                        + name(RoomItem.EXPIRES_AT) + " <= " + value(RoomItem.number(expired.now().getEpochSecond()));
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
            if (condition instanceof RoomCondition.Admitting) {
                String admission = name(RoomItem.ADMISSION);
                return "(attribute_not_exists(" + admission + ") OR " + admission + " = " + value(RoomItem.admission(Admission.OPEN)) + ")";
            }
            if (condition instanceof RoomCondition.LinkAdmits admits) {
                String state = link(admits.linkId()) + "." + name(RoomItem.LINK_STATE);
                String holder = link(admits.linkId()) + "." + name(RoomItem.LINK_HOLDER);
                return "(" + state + " = " + value(RoomItem.linkState(Link.State.ACTIVE)) + " OR (" + state + " = "
                        + value(RoomItem.linkState(Link.State.USED)) + " AND " + holder + " = " + value(AttributeValue.fromS(admits.peerId())) + "))";
            }
            if (condition instanceof RoomCondition.LinkExists exists) {
                return "attribute_exists(" + link(exists.linkId()) + ")";
            }
            if (condition instanceof RoomCondition.FewerLinksThan fewer) {
                String links = name(RoomItem.LINKS);
                return "(attribute_not_exists(" + links + ") OR size(" + links + ") < " + value(RoomItem.number(fewer.limit())) + ")";
            }
            if (condition instanceof RoomCondition.SeatsAtMost atMost) {
                return "size(" + name(RoomItem.SEATS) + ") <= " + value(RoomItem.number(atMost.limit()));
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
            } else if (change instanceof RoomChange.PutLink put) {
                set.add(link(put.link().linkId()) + " = " + value(RoomItem.link(put.link())));
            } else if (change instanceof RoomChange.UseLink use) {
                set.add(link(use.linkId()) + "." + name(RoomItem.LINK_STATE) + " = " + value(RoomItem.linkState(Link.State.USED)));
                set.add(link(use.linkId()) + "." + name(RoomItem.LINK_HOLDER) + " = " + value(AttributeValue.fromS(use.peerId())));
            } else if (change instanceof RoomChange.RevokeLink revoke) {
                set.add(link(revoke.linkId()) + "." + name(RoomItem.LINK_STATE) + " = " + value(RoomItem.linkState(Link.State.REVOKED)));
            } else if (change instanceof RoomChange.ChangeSettings settings) {
                set.add(name(RoomItem.MAX_PARTICIPANTS) + " = " + value(RoomItem.number(settings.options().maxParticipants())));
                set.add(name(RoomItem.LOBBY) + " = " + value(AttributeValue.fromBool(settings.options().lobby())));
                set.add(name(RoomItem.EXPIRES_AT) + " = " + value(RoomItem.number(settings.expiresAt().getEpochSecond())));
                set.add(name(OtterFunction.Table.TTL_ATTRIBUTE) + " = " + value(RoomItem.ttl(settings.expiresAt())));
                if (settings.admission() == Admission.OPEN) {
                    remove.add(name(RoomItem.ADMISSION));
                } else {
                    set.add(name(RoomItem.ADMISSION) + " = " + value(RoomItem.admission(settings.admission())));
                }
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
