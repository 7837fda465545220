package dev.otter.core.port;

import dev.otter.core.ApiKeyRecord;
import java.time.Instant;
import java.util.Optional;

public interface ApiKeyStore {
    void create(ApiKeyRecord key);

    Optional<ApiKeyRecord> find(String keyHash);

    /**
     * Stores {@code newKey} and sets the old key's expiry, provided the old key is still valid at {@code now}.
     * Never leaves neither key valid; an interrupted rotation may leave both.
     *
     * @return false when the old key was no longer valid (the new key is not kept)
     */
    boolean rotate(ApiKeyRecord newKey, String oldKeyHash, Instant oldKeyExpiresAt, Instant now);
}
