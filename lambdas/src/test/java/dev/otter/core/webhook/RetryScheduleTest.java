package dev.otter.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    private static final Instant FIRST = Instant.now();

    /** Every wait of the schedule, attempt after attempt, until it gives up. */
    private static List<Duration> waits(RetrySchedule schedule) {
        List<Duration> waits = new ArrayList<>();
        Instant now = FIRST;
        for (int attempts = 1; ; attempts++) {
            Optional<Duration> next = schedule.delayAfter(attempts, FIRST, now);
            if (next.isEmpty()) return waits;
            waits.add(next.get());
            now = now.plus(next.get());
        }
    }

    @Test
    void defaultSchedule_backsOffExponentially_andGivesUpWithinADay() {
        List<Duration> waits = waits(RetrySchedule.DEFAULT);

        assertThat(waits.subList(0, 4)).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(80),
                Duration.ofSeconds(320));
        assertThat(waits).allMatch(wait -> wait.compareTo(Duration.ofHours(8)) <= 0);
        Duration total = waits.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(total).isLessThanOrEqualTo(Duration.ofDays(1)).isGreaterThan(Duration.ofHours(20));
        assertThat(waits).hasSize(9); // 10 attempts in all
    }

    @Test
    void aShortSchedule_givesUpOnceTheNextAttemptWouldBeLate() {
        RetrySchedule quick = new RetrySchedule(Duration.ofMillis(200), 4, Duration.ofHours(8), Duration.ofSeconds(3));

        assertThat(waits(quick)).containsExactly(Duration.ofMillis(200), Duration.ofMillis(800));
    }
}
