package dev.otter.local.gateway;

import dev.otter.config.DeploymentCapacity;
import java.time.Clock;

/**
 * The {@code $connect} route's throttle, as API Gateway applies a route throttle: one token bucket for the whole
 * route (not per client address: API Gateway's route throttles are not, and behind a NAT one address is many
 * people), refilled at the steady rate up to the burst. A refused upgrade is answered 429 before the authorizer
 * runs, so it costs nothing and takes no seat.
 */
public final class ConnectThrottle {
    private final DeploymentCapacity.Throttle throttle;
    private final Clock clock;
    private double tokens;
    private long refilledAt;

    public ConnectThrottle(DeploymentCapacity.Throttle throttle, Clock clock) {
        this.throttle = throttle;
        this.clock = clock;
        this.tokens = throttle.burst();
        this.refilledAt = clock.millis();
    }

    /** Takes one token; {@code false} when the bucket is empty (the connect is refused). */
    public synchronized boolean tryAcquire() {
        long now = clock.millis();
        if (now > refilledAt) {
            tokens = Math.min(throttle.burst(), tokens + (now - refilledAt) * throttle.rate() / 1000.0);
            refilledAt = now;
        }
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }
}
