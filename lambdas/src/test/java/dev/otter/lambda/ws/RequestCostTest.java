package dev.otter.lambda.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.core.Rooms;
import dev.otter.testing.DynamoDbLocalServer;
import dev.otter.testing.RequestCounter;
import dev.otter.testing.SignalingDriver;
import dev.otter.testing.SignalingDriver.Connection;
import dev.otter.testing.TestWorld;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What each signaling step costs in DynamoDB requests, counted by an SDK interceptor on the real wire path. */
class RequestCostTest {
    private static DynamoDbLocalServer server;
    private static TestWorld world;
    private static SignalingDriver gateway;
    private static final RequestCounter counter = new RequestCounter();

    @BeforeAll
    static void start() throws Exception {
        server = new DynamoDbLocalServer();
        world = TestWorld.over(server.client(counter));
        gateway = new SignalingDriver(world);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void join_costsFourRequests_andARelayedSignalOne() {
        Rooms.CreatedRoom room = world.createRoom(4);
        Connection first = gateway.connect(room.guestToken());
        gateway.join(first, "First");

        counter.reset();
        Connection second = gateway.connect(room.guestToken());
        Map<String, Integer> connect = counter.counts();
        gateway.join(second, "Second");
        Map<String, Integer> connectAndJoin = counter.counts();

        counter.reset();
        gateway.send(second, "{\"action\":\"signal\",\"to\":\"" + first.peerId() + "\",\"data\":{\"candidate\":{}}}");
        Map<String, Integer> signal = counter.counts();

        counter.reset();
        gateway.send(second, "{\"action\":\"ping\"}");
        Map<String, Integer> ping = counter.counts();

        counter.reset();
        gateway.close(second);
        Map<String, Integer> disconnect = counter.counts();

        assertThat(connect).isEqualTo(Map.of("TransactWriteItems", 1));
        assertThat(connectAndJoin).isEqualTo(Map.of("TransactWriteItems", 1, "GetItem", 1, "UpdateItem", 1, "Query", 1));
        assertThat(signal).isEqualTo(Map.of("GetItem", 1));
        assertThat(ping).isEmpty();
        assertThat(disconnect).isEqualTo(Map.of("TransactWriteItems", 1, "Query", 1));
        assertThat(world.messenger.last(first.connectionId()).path("type").asText()).isEqualTo("peer-left");
    }

    @Test
    void resume_costsOneReadMoreThanAFreshConnect() {
        Rooms.CreatedRoom room = world.createRoom(2);
        Connection peer = gateway.connect(room.guestToken());
        String resumeToken = gateway.join(peer, "Peer").path("resumeToken").asText();

        counter.reset();
        Connection back = gateway.connect(room.guestToken(), resumeToken);

        assertThat(back.open()).isTrue();
        assertThat(counter.counts()).isEqualTo(Map.of("GetItem", 1, "TransactWriteItems", 1));
    }
}
