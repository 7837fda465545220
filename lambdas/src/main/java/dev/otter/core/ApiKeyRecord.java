package dev.otter.core;

import java.time.Instant;

/**
 * A stored API key: only its SHA-256, never the key. {@code expiresAt} is set once it is rotated out (its grace
 * end), {@code revokedAt} once it is revoked; {@code previousKeyHash} names the key whose rotation created it, if
 * any, so that rotating this one in turn can end that key's grace.
 */
public record ApiKeyRecord(String keyHash, Instant createdAt, Instant expiresAt, Instant revokedAt, String previousKeyHash) {
    /** Where a key stands; only a {@link #CURRENT} key may rotate. */
    public enum State {
        /** Neither rotated out nor revoked. */
        CURRENT,
        /** Rotated out, still valid until {@code expiresAt}. */
        GRACE,
        /** Rotated out and past its grace. */
        EXPIRED,
        /** Revoked: refused at once. */
        REVOKED
    }

    /** A key created outright, e.g. a deployment's first. */
    public static ApiKeyRecord current(String keyHash, Instant createdAt) {
        return new ApiKeyRecord(keyHash, createdAt, null, null, null);
    }

    public State stateAt(Instant now) {
        if (revokedAt != null) return State.REVOKED;
        if (expiresAt == null) return State.CURRENT;
        return now.isBefore(expiresAt) ? State.GRACE : State.EXPIRED;
    }

    public boolean isValidAt(Instant now) {
        State state = stateAt(now);
        return state == State.CURRENT || state == State.GRACE;
    }

    /** The public id of the key: derived from its hash, but revealing neither the key nor the hash. */
    public String id() {
        return ApiKeys.id(keyHash);
    }
}
