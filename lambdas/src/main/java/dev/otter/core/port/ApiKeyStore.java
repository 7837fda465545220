package dev.otter.core.port;

import dev.otter.core.ApiKeyRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * API keys, one item per key. Storage offers conditional writes; {@link dev.otter.core.ApiKeys} decides the rules.
 * Every method writes at most one item per conditional write; none uses a transaction.
 */
public interface ApiKeyStore {
    void create(ApiKeyRecord key);

    Optional<ApiKeyRecord> find(String keyHash);

    /** Every stored key, in no particular order (a deployment holds a handful). */
    List<ApiKeyRecord> list();

    /**
     * Stores {@code newKey}, then rotates the old key out (its expiry set to {@code oldKeyExpiresAt}) provided it
     * is still current: neither rotated out nor revoked. Never leaves neither key valid; an interrupted rotation
     * may leave both.
     *
     * @return false when the old key was not current (the new key is not kept)
     */
    boolean rotate(ApiKeyRecord newKey, String oldKeyHash, Instant oldKeyExpiresAt);

    /** Ends a rotated-out key's grace at {@code now}, if it is still in grace and not revoked; otherwise does nothing. */
    void endGrace(String keyHash, Instant now);

    /**
     * Marks the key revoked at {@code now}, provided it exists and is not revoked yet; its record is kept until
     * {@code forgetAt} (the table's TTL).
     *
     * @return false when there is no such key or it was already revoked
     */
    boolean revoke(String keyHash, Instant now, Instant forgetAt);
}
