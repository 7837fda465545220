package dev.otter.core.port;

import java.time.Instant;

/**
 * What a {@code POST /createRoom} with an {@code Idempotency-Key} left behind, so that a retry gets the same room.
 *
 * @param scope       a hash of the API key and the idempotency key: one key's records are invisible to another key
 * @param requestHash a hash of the request body: the same idempotency key with another body is refused
 * @param keepUntil   the store may forget the record after this
 */
public record IdempotencyRecord(String scope, String requestHash, String roomId, Instant keepUntil) {}
