package dev.otter.lambda.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.otter.core.RoomOptions;
import dev.otter.core.Rooms;
import dev.otter.testing.Fixtures;
import dev.otter.testing.SignalingDriver.Connection;
import dev.otter.testing.SignalingWorld;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The scheduled sweep's handler on dynalite, fed AWS's scheduled event, beside the real WebSocket handlers. */
class RoomExpiryHandlerTest extends SignalingWorld {
    /** Read by the Lambda runtime's own serializer: its event class has a Joda time that plain Jackson cannot read. */
    private static final ScheduledEvent TICK = LambdaEventSerializers.serializerFor(ScheduledEvent.class,
            RoomExpiryHandlerTest.class.getClassLoader()).fromJson(Fixtures.json("aws/schedule/rule.json", Map.of()));

    private static List<String> endedReasons(String roomId) {
        return world.webhooks.eventsOf(roomId).stream().filter(event -> event.path("type").asText().equals("room.ended"))
                .map(event -> event.path("data").path("reason").asText()).toList();
    }

    @Test
    void twoSweepsAtOnce_endAnExpiredRoomOnce_andQueueOneRoomEndedExpired() throws Exception {
        Rooms.CreatedRoom room = new Rooms(world.services.roomStore(), world.clock)
                .create(new RoomOptions(4, 1, "One hour", false), world.services.roomTokens());
        String roomId = room.room().roomId();
        Connection host = gateway.connect(room.hostToken());
        gateway.join(host, "Host");
        RoomExpiryHandler first = new RoomExpiryHandler(world.services);
        RoomExpiryHandler second = new RoomExpiryHandler(world.services);
        assertThat(first.handleRequest(TICK, null)).as("before its expiry").isZero();

        world.clock.advance(Duration.ofHours(1).plusSeconds(1));
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> awaitThen(start, () -> first.handleRequest(TICK, null)));
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> awaitThen(start, () -> second.handleRequest(TICK, null)));
        start.countDown();
        int ended = a.get(60, TimeUnit.SECONDS) + b.get(60, TimeUnit.SECONDS);

        assertThat(ended).isEqualTo(1);
        assertThat(endedReasons(roomId)).containsExactly("expired");
        assertThat(world.messenger.typesSentTo(host.connectionId())).last().isEqualTo("room-ended");
        assertThat(world.messenger.disconnected()).contains(host.connectionId());
        assertThat(stored(room).ended()).isTrue();
        assertThat(first.handleRequest(TICK, null)).as("a later sweep").isZero();
        assertThat(endedReasons(roomId)).containsExactly("expired");
    }

    private static int awaitThen(CountDownLatch start, java.util.function.IntSupplier sweep) {
        try {
            if (!start.await(60, TimeUnit.SECONDS)) throw new AssertionError("the sweeps were never started");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return sweep.getAsInt();
    }
}
