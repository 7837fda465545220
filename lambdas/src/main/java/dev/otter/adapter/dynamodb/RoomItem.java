package dev.otter.adapter.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import dev.otter.config.OtterFunction.Table;
import dev.otter.core.Room;
import dev.otter.core.RoomOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/** A row of the rooms table. Times are epoch seconds. */
public final class RoomItem {
    static final String ROOM_ID = Table.ROOMS.partitionKey();
    static final String PARTICIPANTS = "participants";
    static final String MAX_PARTICIPANTS = "maxParticipants";
    static final String ENDED = "ended";
    static final String EXPIRES_AT = "expiresAt";
    /** Kept a week past expiry so that a late visitor learns "ended" rather than "unknown". */
    static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(7);

    static final StaticTableSchema<RoomItem> SCHEMA = StaticTableSchema.builder(RoomItem.class)
            .newItemSupplier(RoomItem::new)
            .addAttribute(String.class, a -> a.name(ROOM_ID).getter(RoomItem::getRoomId).setter(RoomItem::setRoomId).tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name("name").getter(RoomItem::getName).setter(RoomItem::setName))
            .addAttribute(Integer.class, a -> a.name(MAX_PARTICIPANTS).getter(RoomItem::getMaxParticipants).setter(RoomItem::setMaxParticipants))
            .addAttribute(Integer.class, a -> a.name("ttlHours").getter(RoomItem::getTtlHours).setter(RoomItem::setTtlHours))
            .addAttribute(Boolean.class, a -> a.name("relayOnly").getter(RoomItem::getRelayOnly).setter(RoomItem::setRelayOnly))
            .addAttribute(Boolean.class, a -> a.name("lobby").getter(RoomItem::getLobby).setter(RoomItem::setLobby))
            .addAttribute(EnhancedType.listOf(String.class),
                    a -> a.name("embedOrigins").getter(RoomItem::getEmbedOrigins).setter(RoomItem::setEmbedOrigins))
            .addAttribute(Long.class, a -> a.name("createdAt").getter(RoomItem::getCreatedAt).setter(RoomItem::setCreatedAt))
            .addAttribute(Long.class, a -> a.name(EXPIRES_AT).getter(RoomItem::getExpiresAt).setter(RoomItem::setExpiresAt))
            .addAttribute(Boolean.class, a -> a.name(ENDED).getter(RoomItem::getEnded).setter(RoomItem::setEnded))
            .addAttribute(Integer.class, a -> a.name(PARTICIPANTS).getter(RoomItem::getParticipants).setter(RoomItem::setParticipants))
            .addAttribute(Long.class, a -> a.name(Table.TTL_ATTRIBUTE).getter(RoomItem::getTtl).setter(RoomItem::setTtl))
            .build();

    private String roomId;
    private String name;
    private Integer maxParticipants;
    private Integer ttlHours;
    private Boolean relayOnly;
    private Boolean lobby;
    private List<String> embedOrigins;
    private Long createdAt;
    private Long expiresAt;
    private Boolean ended;
    private Integer participants;
    private Long ttl;

    static RoomItem from(Room room) {
        RoomItem item = new RoomItem();
        item.roomId = room.roomId();
        item.name = room.options().name();
        item.maxParticipants = room.options().maxParticipants();
        item.ttlHours = room.options().ttlHours();
        item.relayOnly = room.options().relayOnly();
        item.lobby = room.options().lobby();
        // Absent rather than an empty list: most rooms are never embedded, and rooms stored before the option had none.
        item.embedOrigins = room.options().embedOrigins().isEmpty() ? null : room.options().embedOrigins();
        item.createdAt = room.createdAt().getEpochSecond();
        item.expiresAt = room.expiresAt().getEpochSecond();
        item.ended = room.ended();
        item.participants = room.participants();
        item.ttl = room.expiresAt().plus(KEEP_AFTER_EXPIRY).getEpochSecond();
        return item;
    }

    Room toRoom() {
        return new Room(roomId, new RoomOptions(maxParticipants, ttlHours, name, Boolean.TRUE.equals(relayOnly),
                        Boolean.TRUE.equals(lobby), embedOrigins == null ? List.of() : embedOrigins),
                Instant.ofEpochSecond(createdAt), Instant.ofEpochSecond(expiresAt), Boolean.TRUE.equals(ended),
                participants == null ? 0 : participants);
    }

    public String getRoomId() { return roomId; }
    public void setRoomId(String roomId) { this.roomId = roomId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Integer getMaxParticipants() { return maxParticipants; }
    public void setMaxParticipants(Integer maxParticipants) { this.maxParticipants = maxParticipants; }
    public Integer getTtlHours() { return ttlHours; }
    public void setTtlHours(Integer ttlHours) { this.ttlHours = ttlHours; }
    public Boolean getRelayOnly() { return relayOnly; }
    public void setRelayOnly(Boolean relayOnly) { this.relayOnly = relayOnly; }
    public Boolean getLobby() { return lobby; }
    public void setLobby(Boolean lobby) { this.lobby = lobby; }
    public List<String> getEmbedOrigins() { return embedOrigins; }
    public void setEmbedOrigins(List<String> embedOrigins) { this.embedOrigins = embedOrigins; }
    public Long getCreatedAt() { return createdAt; }
    public void setCreatedAt(Long createdAt) { this.createdAt = createdAt; }
    public Long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Long expiresAt) { this.expiresAt = expiresAt; }
    public Boolean getEnded() { return ended; }
    public void setEnded(Boolean ended) { this.ended = ended; }
    public Integer getParticipants() { return participants; }
    public void setParticipants(Integer participants) { this.participants = participants; }
    public Long getTtl() { return ttl; }
    public void setTtl(Long ttl) { this.ttl = ttl; }
}
