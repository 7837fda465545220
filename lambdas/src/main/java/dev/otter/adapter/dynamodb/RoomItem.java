package dev.otter.adapter.dynamodb;

import dev.otter.config.OtterFunction;
import dev.otter.config.OtterFunction.Table;
import dev.otter.core.Admission;
import dev.otter.core.Link;
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
    /** Per-person links, a map from link id to the link; absent in rooms stored before links existed. */
    static final String LINKS = "links";
    /** {@code "locked"} when the developer locked the room; absent (open) otherwise. */
    static final String ADMISSION = "admission";
    static final String LINK_ID = "linkId";
    static final String LINK_STATE = "state";
    static final String LINK_HOLDER = "holder";
    static final String LOBBY = "lobby";
    static final String CREATED_AT = "createdAt";
    static final String NAME = "name";
    static final OtterFunction.Index BY_CREATION = OtterFunction.Index.ROOMS_BY_CREATION;
    /** The value of {@link OtterFunction.Index#partitionKey()} on every room item: one listing partition. */
    static final String LISTED = "room";
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
        item.put(LOBBY, AttributeValue.fromBool(options.lobby()));
        // Absent rather than an empty list: most rooms are never embedded.
        if (!options.embedOrigins().isEmpty()) {
            item.put("embedOrigins", AttributeValue.fromL(options.embedOrigins().stream().map(AttributeValue::fromS).toList()));
        }
        item.put(CREATED_AT, number(room.createdAt().getEpochSecond()));
        item.put(BY_CREATION.partitionKey(), AttributeValue.fromS(LISTED));
        item.put(EXPIRES_AT, number(room.expiresAt().getEpochSecond()));
        item.put(ENDED, AttributeValue.fromBool(room.ended()));
        Map<String, AttributeValue> seats = new HashMap<>();
        room.seats().forEach((peerId, seat) -> seats.put(peerId, seat(seat)));
        item.put(SEATS, AttributeValue.fromM(seats));
        if (!room.removed().isEmpty()) item.put(REMOVED, AttributeValue.fromL(room.removed().stream().sorted().map(AttributeValue::fromS).toList()));
        if (!room.denied().isEmpty()) item.put(DENIED, AttributeValue.fromL(room.denied().stream().sorted().map(AttributeValue::fromS).toList()));
        if (room.guestLinkStopped()) item.put(GUEST_LINK_STOPPED, AttributeValue.fromBool(true));
        // Always present, even empty: an UpdateItem can set a link inside the map only when the map exists.
        Map<String, AttributeValue> links = new HashMap<>();
        room.links().forEach((linkId, link) -> links.put(linkId, link(link)));
        item.put(LINKS, AttributeValue.fromM(links));
        if (room.admission() != Admission.OPEN) item.put(ADMISSION, admission(room.admission()));
        item.put(Table.TTL_ATTRIBUTE, ttl(room.expiresAt()));
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
        if (seat.linkId() != null) map.put(LINK_ID, AttributeValue.fromS(seat.linkId()));
        return AttributeValue.fromM(map);
    }

    static AttributeValue link(Link link) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("role", AttributeValue.fromS(link.role().wire()));
        if (link.name() != null) map.put(NAME, AttributeValue.fromS(link.name()));
        map.put(CREATED_AT, number(link.createdAt().getEpochSecond()));
        map.put(EXPIRES_AT, number(link.expiresAt().getEpochSecond()));
        map.put("use", AttributeValue.fromS(link.use().name().toLowerCase(Locale.ROOT)));
        map.put(LINK_STATE, linkState(link.state()));
        if (link.holder() != null) map.put(LINK_HOLDER, AttributeValue.fromS(link.holder()));
        return AttributeValue.fromM(map);
    }

    static AttributeValue linkState(Link.State state) {
        return AttributeValue.fromS(state.name().toLowerCase(Locale.ROOT));
    }

    static AttributeValue admission(Admission admission) {
        return AttributeValue.fromS(admission.name().toLowerCase(Locale.ROOT));
    }

    /** When DynamoDB may delete the room: a week after it expires. */
    static AttributeValue ttl(Instant expiresAt) {
        return number(expiresAt.plus(KEEP_AFTER_EXPIRY).getEpochSecond());
    }

    static AttributeValue state(SeatState state) {
        return AttributeValue.fromS(state.name().toLowerCase(Locale.ROOT));
    }

    static Room toRoom(Map<String, AttributeValue> item) {
        String roomId = item.get(ROOM_ID).s();
        List<String> origins = item.containsKey("embedOrigins")
                ? item.get("embedOrigins").l().stream().map(AttributeValue::s).toList() : List.of();
        RoomOptions options = new RoomOptions(integer(item, MAX_PARTICIPANTS), integer(item, "ttlHours"), text(item, NAME),
                bool(item, "relayOnly"), bool(item, LOBBY), origins);
        Map<String, Seat> seats = new LinkedHashMap<>();
        item.getOrDefault(SEATS, AttributeValue.fromM(Map.of())).m().forEach((peerId, value) -> {
            Map<String, AttributeValue> seat = value.m();
            seats.put(peerId, new Seat(roomId, peerId, text(seat, CONNECTION_ID), Role.fromWire(text(seat, "role")),
                    text(seat, "name"), SeatState.valueOf(text(seat, STATE).toUpperCase(Locale.ROOT)),
                    Instant.ofEpochMilli(Long.parseLong(seat.get("joinedAt").n())),
                    millis(seat, CLOSED_AT), millis(seat, KNOCKED_AT), text(seat, LINK_ID)));
        });
        Map<String, Link> links = new LinkedHashMap<>();
        item.getOrDefault(LINKS, AttributeValue.fromM(Map.of())).m().forEach((linkId, value) -> {
            Map<String, AttributeValue> link = value.m();
            links.put(linkId, new Link(linkId, Role.fromWire(text(link, "role")), text(link, NAME), seconds(link, CREATED_AT),
                    seconds(link, EXPIRES_AT), Link.Use.valueOf(text(link, "use").toUpperCase(Locale.ROOT)),
                    Link.State.valueOf(text(link, LINK_STATE).toUpperCase(Locale.ROOT)), text(link, LINK_HOLDER)));
        });
        Admission admission = item.containsKey(ADMISSION) ? Admission.valueOf(text(item, ADMISSION).toUpperCase(Locale.ROOT)) : Admission.OPEN;
        return new Room(roomId, options, Instant.ofEpochSecond(Long.parseLong(item.get(CREATED_AT).n())),
                Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n())), bool(item, ENDED), seats,
                peerIds(item, REMOVED), bool(item, GUEST_LINK_STOPPED), peerIds(item, DENIED), links, admission);
    }

    /** A room as its listing index holds it (keys and {@link OtterFunction.Index#projected()} only). */
    static dev.otter.core.port.RoomListing.Summary toSummary(Map<String, AttributeValue> item) {
        return new dev.otter.core.port.RoomListing.Summary(text(item, ROOM_ID), text(item, NAME), seconds(item, CREATED_AT),
                seconds(item, EXPIRES_AT), bool(item, ENDED), integer(item, MAX_PARTICIPANTS));
    }

    private static Instant seconds(Map<String, AttributeValue> map, String name) {
        return Instant.ofEpochSecond(Long.parseLong(map.get(name).n()));
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
