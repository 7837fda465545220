package dev.otter.core;

import java.time.Instant;

/** A stored API key: only its SHA-256, never the key. {@code expiresAt} is set once it is rotated out. */
public record ApiKeyRecord(String keyHash, Instant createdAt, Instant expiresAt) {
    public boolean isValidAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }
}
