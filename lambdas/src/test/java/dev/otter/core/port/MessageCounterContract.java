package dev.otter.core.port;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.core.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link MessageCounter} must do, run against each implementation (in process, DynamoDB on dynalite). */
public abstract class MessageCounterContract {
    /** Window numbers near the real now's (5-second windows), so stores that compare TTLs with the clock agree. */
    protected static final long WINDOW = Instant.now().toEpochMilli() / 5000;
    protected static final Instant FORGET_AFTER = Instant.ofEpochMilli((WINDOW + 2) * 5000);

    protected abstract MessageCounter counter();

    private static String connection() {
        return Ids.roomId();
    }

    @Test
    void add_countsThisWindow_andReportsTheOneBefore() {
        String connection = connection();
        counter().add(connection, WINDOW, FORGET_AFTER);
        counter().add(connection, WINDOW, FORGET_AFTER);

        assertThat(counter().add(connection, WINDOW, FORGET_AFTER)).isEqualTo(new MessageCounter.WindowCounts(3, 0));
        assertThat(counter().add(connection, WINDOW + 1, FORGET_AFTER)).isEqualTo(new MessageCounter.WindowCounts(1, 3));
        assertThat(counter().add(connection, WINDOW + 1, FORGET_AFTER)).isEqualTo(new MessageCounter.WindowCounts(2, 3));
    }

    @Test
    void aWindowTwoBack_countsNoMore() {
        String connection = connection();
        counter().add(connection, WINDOW, FORGET_AFTER);
        counter().add(connection, WINDOW + 1, FORGET_AFTER);

        assertThat(counter().add(connection, WINDOW + 2, FORGET_AFTER)).isEqualTo(new MessageCounter.WindowCounts(1, 1));
        assertThat(counter().add(connection, WINDOW + 5, FORGET_AFTER)).isEqualTo(new MessageCounter.WindowCounts(1, 0));
    }

    @Test
    void connectionsAreCountedApart() {
        String one = connection();
        counter().add(one, WINDOW, FORGET_AFTER);

        assertThat(counter().add(connection(), WINDOW, FORGET_AFTER)).isEqualTo(new MessageCounter.WindowCounts(1, 0));
    }

    @Test
    void concurrentAdds_loseNoCount() throws Exception {
        String connection = connection();
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < each; i++) counter().add(connection, WINDOW, FORGET_AFTER);
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(tasks)) done.get();
        } finally {
            pool.shutdown();
        }

        assertThat(counter().add(connection, WINDOW, FORGET_AFTER).current()).isEqualTo(threads * each + 1);
    }
}
