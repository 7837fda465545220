package dev.otter.lambda.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.core.Rooms;
import dev.otter.testing.SignalingDriver.Connection;
import dev.otter.testing.SignalingWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;

/** Capacity holds under simultaneous $connects: the count is a DynamoDB condition, not a read-then-write. */
class AdmissionRaceTest extends SignalingWorld {
    @RepeatedTest(3)
    void tenSimultaneousConnects_toAFourSeatRoom_admitExactlyFour() throws Exception {
        Rooms.CreatedRoom room = world.createRoom(4);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Connection>> attempts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Callable<Connection> attempt = () -> {
                    go.await();
                    return gateway.connect(room.guestToken());
                };
                attempts.add(pool.submit(attempt));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Connection> attempt : attempts) statuses.add(attempt.get().status());

            assertThat(statuses).filteredOn(status -> status == 200).hasSize(4);
            assertThat(statuses).filteredOn(status -> status != 200).hasSize(6).containsOnly(409);
            assertThat(stored(room).seats().values()).hasSize(4);
            assertThat(participantsOf(room)).isEqualTo(4);
        } finally {
            pool.shutdownNow();
        }
    }
}
