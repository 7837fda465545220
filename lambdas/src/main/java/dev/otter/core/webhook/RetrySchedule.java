package dev.otter.core.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When to try a failed delivery again: exponential backoff ({@code first}, then times {@code factor} per attempt,
 * at most {@code longest} apart) until {@code giveUpAfter} has passed since the first attempt, then it goes to the
 * dead letters. Injected, so tests run the whole schedule in milliseconds.
 */
public record RetrySchedule(Duration first, int factor, Duration longest, Duration giveUpAfter) {
    /**
     * 5 s, 20 s, 80 s, 5 min, 21 min, 85 min, 5.7 h, then every 8 h, for a day: 10 attempts over about 23.6 hours,
     * so an endpoint down for a deploy, a night or a weekend day still gets everything.
     */
    public static final RetrySchedule DEFAULT = new RetrySchedule(Duration.ofSeconds(5), 4, Duration.ofHours(8), Duration.ofDays(1));

    public RetrySchedule {
        if (first.isNegative() || first.isZero() || factor < 1 || longest.compareTo(first) < 0 || giveUpAfter.compareTo(first) < 0) {
            throw new IllegalArgumentException("a retry schedule needs 0 < first <= longest, first <= giveUpAfter and factor >= 1");
        }
    }

    /**
     * The wait before attempt {@code attemptsMade + 1}, or empty when that attempt would start after
     * {@code giveUpAfter} from {@code firstAttemptAt}.
     */
    public Optional<Duration> delayAfter(int attemptsMade, Instant firstAttemptAt, Instant now) {
        Duration delay = first;
        for (int i = 1; i < attemptsMade && delay.compareTo(longest) < 0; i++) {
            delay = delay.multipliedBy(factor);
        }
        if (delay.compareTo(longest) > 0) delay = longest;
        Instant next = now.plus(delay);
        return next.isAfter(firstAttemptAt.plus(giveUpAfter)) ? Optional.empty() : Optional.of(delay);
    }
}
