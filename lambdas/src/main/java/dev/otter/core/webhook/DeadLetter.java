package dev.otter.core.webhook;

import java.time.Instant;

/**
 * A delivery given up on after its retries ran out: what the developer reads to replay or reconcile.
 *
 * @param lastResult the last attempt's outcome, e.g. {@code "HTTP 500"} or {@code "no connection"}
 * @param payload    the exact body that was sent
 */
public record DeadLetter(String eventId, String endpointId, String type, int attempts, String lastResult, Instant firstAttemptAt,
                         Instant failedAt, String payload) {}
