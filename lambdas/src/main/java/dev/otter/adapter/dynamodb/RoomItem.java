package dev.otter.adapter.dynamodb;

import dev.otter.config.OtterFunction.Table;
import dev.otter.core.Role;
import dev.otter.core.Room;
import dev.otter.core.RoomOptions;
import dev.otter.core.Seat;
import dev.otter.core.SeatState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A room document of the rooms table: the room and its seats, a map from peer id to the seat. Times are epoch
 * seconds, but a seat's {@code joinedAt} and {@code closedAt} are epoch milliseconds.
 */
final class RoomItem {
    static final String ROOM_ID = Table.ROOMS.partitionKey();
    static final String MAX_PARTICIPANTS = "maxParticipants";
    static final String ENDED = "ended";
    static final String EXPIRES_AT = "expiresAt";
    static final String SEATS = "seats";
    static final String CONNECTION_ID = "connectionId";
    static final String STATE = "state";
    static final String CLOSED_AT = "closedAt";
    static final String KNOCKED_AT = "knockedAt";
    /** The removed peer ids, a list of strings; absent until a host removes someone. */
    static final String REMOVED = "removed";
    /** The peer ids turned away at the lobby, a list of strings; absent until a host denies someone. */
    static final String DENIED = "denied";
    /** Absent (rooms stored before it existed) reads as false. */
    static final String GUEST_LINK_STOPPED = "guestLinkStopped";
    /** Kept a week past expiry so that a late visitor learns "ended" rather than "unknown". */
    static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(7);

    private RoomItem() {}

    static Map<String, AttributeValue> key(String roomId) {
        return Map.of(ROOM_ID, AttributeValue.fromS(roomId));
    }

    static Map<String, AttributeValue> from(Room room) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(ROOM_ID, AttributeValue.fromS(room.roomId()));
        RoomOptions options = room.options();
        if (options.name() != null) item.put("name", AttributeValue.fromS(options.name()));
        item.put(MAX_PARTICIPANTS, number(options.maxParticipants()));
        item.put("ttlHours", number(options.ttlHours()));
        item.put("relayOnly", AttributeValue.fromBool(options.relayOnly()));
        item.put("lobby", AttributeValue.fromBool(options.lobby()));
        // Absent rather than an empty list: most rooms are never embedded.
        if (!options.embedOrigins().isEmpty()) {
            item.put("embedOrigins", AttributeValue.fromL(options.embedOrigins().stream().map(AttributeValue::fromS).toList()));
        }
        item.put("createdAt", number(room.createdAt().getEpochSecond()));
        item.put(EXPIRES_AT, number(room.expiresAt().getEpochSecond()));
        item.put(ENDED, AttributeValue.fromBool(room.ended()));
        Map<String, AttributeValue> seats = new HashMap<>();
        room.seats().forEach((peerId, seat) -> seats.put(peerId, seat(seat)));
        item.put(SEATS, AttributeValue.fromM(seats));
        if (!room.removed().isEmpty()) item.put(REMOVED, AttributeValue.fromL(room.removed().stream().sorted().map(AttributeValue::fromS).toList()));
        if (!room.denied().isEmpty()) item.put(DENIED, AttributeValue.fromL(room.denied().stream().sorted().map(AttributeValue::fromS).toList()));
        if (room.guestLinkStopped()) item.put(GUEST_LINK_STOPPED, AttributeValue.fromBool(true));
        item.put(Table.TTL_ATTRIBUTE, number(room.expiresAt().plus(KEEP_AFTER_EXPIRY).getEpochSecond()));
        return item;
    }

    static AttributeValue seat(Seat seat) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put(CONNECTION_ID, AttributeValue.fromS(seat.connectionId()));
        map.put("role", AttributeValue.fromS(seat.role().wire()));
        if (seat.name() != null) map.put("name", AttributeValue.fromS(seat.name()));
        map.put(STATE, state(seat.state()));
        map.put("joinedAt", number(seat.joinedAt().toEpochMilli()));
        if (seat.closedAt() != null) map.put(CLOSED_AT, number(seat.closedAt().toEpochMilli()));
        if (seat.knockedAt() != null) map.put(KNOCKED_AT, number(seat.knockedAt().toEpochMilli()));
        return AttributeValue.fromM(map);
    }

    static AttributeValue state(SeatState state) {
        return AttributeValue.fromS(state.name().toLowerCase(Locale.ROOT));
    }

    static Room toRoom(Map<String, AttributeValue> item) {
        String roomId = item.get(ROOM_ID).s();
        List<String> origins = item.containsKey("embedOrigins")
                ? item.get("embedOrigins").l().stream().map(AttributeValue::s).toList() : List.of();
        RoomOptions options = new RoomOptions(integer(item, MAX_PARTICIPANTS), integer(item, "ttlHours"), text(item, "name"),
                bool(item, "relayOnly"), bool(item, "lobby"), origins);
        Map<String, Seat> seats = new LinkedHashMap<>();
        item.getOrDefault(SEATS, AttributeValue.fromM(Map.of())).m().forEach((peerId, value) -> {
            Map<String, AttributeValue> seat = value.m();
            seats.put(peerId, new Seat(roomId, peerId, text(seat, CONNECTION_ID), Role.fromWire(text(seat, "role")),
                    text(seat, "name"), SeatState.valueOf(text(seat, STATE).toUpperCase(Locale.ROOT)),
                    Instant.ofEpochMilli(Long.parseLong(seat.get("joinedAt").n())),
                    millis(seat, CLOSED_AT), millis(seat, KNOCKED_AT)));
        });
        return new Room(roomId, options, Instant.ofEpochSecond(Long.parseLong(item.get("createdAt").n())),
                Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n())), bool(item, ENDED), seats,
                peerIds(item, REMOVED), bool(item, GUEST_LINK_STOPPED), peerIds(item, DENIED));
    }

    private static java.util.Set<String> peerIds(Map<String, AttributeValue> item, String list) {
        return item.containsKey(list)
                ? item.get(list).l().stream().map(AttributeValue::s).collect(java.util.stream.Collectors.toSet()) : java.util.Set.of();
    }

    static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue millis(Instant at) {
        return number(at.toEpochMilli());
    }

    private static Instant millis(Map<String, AttributeValue> map, String name) {
        return map.containsKey(name) ? Instant.ofEpochMilli(Long.parseLong(map.get(name).n())) : null;
    }

    private static int integer(Map<String, AttributeValue> item, String name) {
        return Integer.parseInt(item.get(name).n());
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }
}
