package dev.otter.core.port;

import dev.otter.core.ApiKeyRecord;
import java.time.Instant;
import java.util.Optional;

public interface ApiKeyStore {
    void create(ApiKeyRecord key);

    Optional<ApiKeyRecord> find(String keyHash);

    /**
     * Stores {@code newKey} and sets the old key's expiry, atomically, provided the old key is still valid
     * at {@code now}.
     *
     * @return false when the old key was no longer valid (nothing changed)
     */
    boolean rotate(ApiKeyRecord newKey, String oldKeyHash, Instant oldKeyExpiresAt, Instant now);
}
