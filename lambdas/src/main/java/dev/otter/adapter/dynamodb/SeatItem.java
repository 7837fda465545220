package dev.otter.adapter.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.otter.config.OtterFunction.Table;
import dev.otter.core.Role;
import dev.otter.core.Seat;
import dev.otter.core.SeatState;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/** A row of the connections table: one seat (room, peer) and the connection holding it. */
public final class SeatItem {
    static final String ROOM_ID = Table.CONNECTIONS.partitionKey();
    static final String PEER_ID = Table.CONNECTIONS.sortKey();
    static final String CONNECTION_ID = "connectionId";
    static final String NAME = "name";
    static final String STATE = "state";
    /** A socket lives at most 2 h on API Gateway; a seat nobody refreshed for a day is abandoned. */
    static final Duration ABANDONED_AFTER = Duration.ofDays(1);

    static final StaticTableSchema<SeatItem> SCHEMA = StaticTableSchema.builder(SeatItem.class)
            .newItemSupplier(SeatItem::new)
            .addAttribute(String.class, a -> a.name(ROOM_ID).getter(SeatItem::getRoomId).setter(SeatItem::setRoomId).tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(PEER_ID).getter(SeatItem::getPeerId).setter(SeatItem::setPeerId).tags(primarySortKey()))
            .addAttribute(String.class, a -> a.name(CONNECTION_ID).getter(SeatItem::getConnectionId).setter(SeatItem::setConnectionId))
            .addAttribute(String.class, a -> a.name("role").getter(SeatItem::getRole).setter(SeatItem::setRole))
            .addAttribute(String.class, a -> a.name(NAME).getter(SeatItem::getName).setter(SeatItem::setName))
            .addAttribute(String.class, a -> a.name(STATE).getter(SeatItem::getState).setter(SeatItem::setState))
            .addAttribute(Long.class, a -> a.name("joinedAt").getter(SeatItem::getJoinedAt).setter(SeatItem::setJoinedAt))
            .addAttribute(Long.class, a -> a.name(Table.TTL_ATTRIBUTE).getter(SeatItem::getTtl).setter(SeatItem::setTtl))
            .build();

    private String roomId;
    private String peerId;
    private String connectionId;
    private String role;
    private String name;
    private String state;
    private Long joinedAt;
    private Long ttl;

    static SeatItem from(Seat seat) {
        SeatItem item = new SeatItem();
        item.roomId = seat.roomId();
        item.peerId = seat.peerId();
        item.connectionId = seat.connectionId();
        item.role = seat.role().wire();
        item.name = seat.name();
        item.state = stateValue(seat.state());
        item.joinedAt = seat.joinedAt().toEpochMilli();
        item.ttl = ttlFrom(seat.joinedAt());
        return item;
    }

    static long ttlFrom(Instant now) {
        return now.plus(ABANDONED_AFTER).getEpochSecond();
    }

    static String stateValue(SeatState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    static SeatState stateOf(String value) {
        return SeatState.valueOf(value.toUpperCase(Locale.ROOT));
    }

    Seat toSeat() {
        return new Seat(roomId, peerId, connectionId, Role.fromWire(role), name, stateOf(state), Instant.ofEpochMilli(joinedAt));
    }

    public String getRoomId() { return roomId; }
    public void setRoomId(String roomId) { this.roomId = roomId; }
    public String getPeerId() { return peerId; }
    public void setPeerId(String peerId) { this.peerId = peerId; }
    public String getConnectionId() { return connectionId; }
    public void setConnectionId(String connectionId) { this.connectionId = connectionId; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public Long getJoinedAt() { return joinedAt; }
    public void setJoinedAt(Long joinedAt) { this.joinedAt = joinedAt; }
    public Long getTtl() { return ttl; }
    public void setTtl(Long ttl) { this.ttl = ttl; }
}
