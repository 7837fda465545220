package dev.otter.adapter.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import dev.otter.config.OtterFunction.Table;
import dev.otter.core.ApiKeyRecord;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/** A row of the API keys table: the key's SHA-256, never the key. */
public final class ApiKeyItem {
    static final String KEY_HASH = Table.API_KEYS.partitionKey();
    static final String EXPIRES_AT = "expiresAt";
    static final String REVOKED_AT = "revokedAt";
    static final String PREVIOUS_KEY_HASH = "previousKeyHash";

    static final StaticTableSchema<ApiKeyItem> SCHEMA = StaticTableSchema.builder(ApiKeyItem.class)
            .newItemSupplier(ApiKeyItem::new)
            .addAttribute(String.class, a -> a.name(KEY_HASH).getter(ApiKeyItem::getKeyHash).setter(ApiKeyItem::setKeyHash).tags(primaryPartitionKey()))
            .addAttribute(Long.class, a -> a.name("createdAt").getter(ApiKeyItem::getCreatedAt).setter(ApiKeyItem::setCreatedAt))
            .addAttribute(Long.class, a -> a.name(EXPIRES_AT).getter(ApiKeyItem::getExpiresAt).setter(ApiKeyItem::setExpiresAt))
            .addAttribute(Long.class, a -> a.name(REVOKED_AT).getter(ApiKeyItem::getRevokedAt).setter(ApiKeyItem::setRevokedAt))
            .addAttribute(String.class, a -> a.name(PREVIOUS_KEY_HASH).getter(ApiKeyItem::getPreviousKeyHash).setter(ApiKeyItem::setPreviousKeyHash))
            .addAttribute(Long.class, a -> a.name(Table.TTL_ATTRIBUTE).getter(ApiKeyItem::getTtl).setter(ApiKeyItem::setTtl))
            .build();

    private String keyHash;
    private Long createdAt;
    private Long expiresAt;
    private Long revokedAt;
    private String previousKeyHash;
    private Long ttl;

    static ApiKeyItem from(ApiKeyRecord key) {
        ApiKeyItem item = new ApiKeyItem();
        item.keyHash = key.keyHash();
        item.createdAt = key.createdAt().getEpochSecond();
        if (key.expiresAt() != null) {
            item.expiresAt = key.expiresAt().getEpochSecond();
            item.ttl = item.expiresAt;
        }
        if (key.revokedAt() != null) item.revokedAt = key.revokedAt().getEpochSecond();
        item.previousKeyHash = key.previousKeyHash();
        return item;
    }

    ApiKeyRecord toRecord() {
        return new ApiKeyRecord(keyHash, Instant.ofEpochSecond(createdAt), instant(expiresAt), instant(revokedAt), previousKeyHash);
    }

    private static Instant instant(Long epochSeconds) {
        return epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds);
    }

    public String getKeyHash() { return keyHash; }
    public void setKeyHash(String keyHash) { this.keyHash = keyHash; }
    public Long getCreatedAt() { return createdAt; }
    public void setCreatedAt(Long createdAt) { this.createdAt = createdAt; }
    public Long getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Long expiresAt) { this.expiresAt = expiresAt; }
    public Long getRevokedAt() { return revokedAt; }
    public void setRevokedAt(Long revokedAt) { this.revokedAt = revokedAt; }
    public String getPreviousKeyHash() { return previousKeyHash; }
    public void setPreviousKeyHash(String previousKeyHash) { this.previousKeyHash = previousKeyHash; }
    public Long getTtl() { return ttl; }
    public void setTtl(Long ttl) { this.ttl = ttl; }
}
