package dev.otter.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.config.DeploymentCapacity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The local $connect bucket, on a clock the test moves (started at the real now). */
class ConnectThrottleTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final Clock clock = new Clock() {
        @Override public Instant instant() { return now.get(); }
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    };

    private int acquired(ConnectThrottle throttle, int attempts) {
        int granted = 0;
        for (int i = 0; i < attempts; i++) if (throttle.tryAcquire()) granted++;
        return granted;
    }

    @Test
    void theDefaultCapacity_letsEveryoneReconnectAtOnce_thenATenthASecond() {
        ConnectThrottle throttle = new ConnectThrottle(DeploymentCapacity.DEFAULT.connects(), clock);

        assertThat(acquired(throttle, 1500)).isEqualTo(1000);
        now.set(now.get().plus(Duration.ofSeconds(1)));
        assertThat(acquired(throttle, 1500)).isEqualTo(100);
    }

    @Test
    void theBucket_refillsAtItsRate_andNeverBeyondItsBurst() {
        ConnectThrottle throttle = new ConnectThrottle(new DeploymentCapacity.Throttle(10, 20), clock);
        acquired(throttle, 20);

        now.set(now.get().plus(Duration.ofMillis(250)));
        assertThat(acquired(throttle, 10)).isEqualTo(2);
        now.set(now.get().plus(Duration.ofMinutes(5)));
        assertThat(acquired(throttle, 100)).isEqualTo(20);
    }
}
