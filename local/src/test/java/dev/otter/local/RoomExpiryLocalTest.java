package dev.otter.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.otter.core.Ids;
import dev.otter.core.Room;
import dev.otter.core.RoomOptions;
import dev.otter.local.gateway.WebSocketLimits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Local Otter's expiry timer: a room past its expiry is ended by the runner itself and its {@code room.ended}
 * (reason {@code expired}) reaches a real HTTP receiver on loopback, through the same queue and sender as every event.
 */
class RoomExpiryLocalTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final RunningOtter local = new RunningOtter(false, WebSocketLimits.API_GATEWAY);

    private static HttpServer receiver;
    private static final List<JsonNode> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(MAPPER.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void aRoomPastItsExpiry_isEndedByTheRunnersTimer_andItsReceiverGetsRoomEndedExpired() throws Exception {
        local.otter().services().webhooks().register("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        // The runner reads the real clock and a room lives at least an hour: this room was stored as createRoom would
        // have stored it two hours ago, rather than waiting one out.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Room room = new Room(Ids.roomId(), new RoomOptions(4, 1, "Expired", false), now.minus(Duration.ofHours(2)),
                now.minus(Duration.ofHours(1)), false, Map.of());
        local.otter().services().roomStore().create(room);

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        // Polls for the condition (the event arrived), bounded generously; the timer runs every 5 s.
        while (endedEvents(room.roomId()).isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);

        assertThat(endedEvents(room.roomId())).singleElement()
                .satisfies(event -> assertThat(event.path("data").path("reason").asText()).isEqualTo("expired"));
        assertThat(local.otter().services().roomStore().find(room.roomId()).orElseThrow().ended()).isTrue();
    }

    private static List<JsonNode> endedEvents(String roomId) {
        return received.stream().filter(event -> event.path("type").asText().equals("room.ended")
                && event.path("data").path("roomId").asText().equals(roomId)).toList();
    }
}
