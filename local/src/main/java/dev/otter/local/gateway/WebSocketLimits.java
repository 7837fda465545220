package dev.otter.local.gateway;

import java.time.Duration;

/**
 * API Gateway's WebSocket quotas, enforced the same way: a frame or message over its limit closes the socket
 * with 1009, an idle socket is closed, and no socket lives longer than the maximum age. Tests shorten them.
 */
public record WebSocketLimits(int maxFrameBytes, int maxMessageBytes, Duration idleTimeout, Duration maxConnectionAge) {
    public static final WebSocketLimits API_GATEWAY =
            new WebSocketLimits(32 * 1024, 128 * 1024, Duration.ofMinutes(10), Duration.ofHours(2));

    public WebSocketLimits {
        if (maxFrameBytes <= 0 || maxMessageBytes < maxFrameBytes) {
            throw new IllegalArgumentException("need 0 < maxFrameBytes <= maxMessageBytes, got "
                    + maxFrameBytes + " and " + maxMessageBytes);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || maxConnectionAge.isNegative() || maxConnectionAge.isZero()) {
            throw new IllegalArgumentException("idle timeout and maximum connection age must be positive");
        }
    }
}
