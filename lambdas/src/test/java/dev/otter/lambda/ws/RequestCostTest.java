package dev.otter.lambda.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otter.core.Rooms;
import dev.otter.testing.DynaliteServer;
import dev.otter.testing.RequestCounter;
import dev.otter.testing.SignalingDriver;
import dev.otter.testing.SignalingDriver.Connection;
import dev.otter.testing.TestWorld;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What each signaling step costs in DynamoDB requests, counted by an SDK interceptor on the real wire path.
 * No step uses a transaction: each seat change is one conditional UpdateItem of the room document.
 */
class RequestCostTest {
    private static TestWorld world;
    private static SignalingDriver gateway;
    private static final RequestCounter counter = new RequestCounter();

    @BeforeAll
    static void start() {
        world = TestWorld.over(DynaliteServer.shared().client(counter));
        gateway = new SignalingDriver(world);
    }

    @AfterAll
    static void stop() {
        world.dynamoDb.close();
    }

    @Test
    void connectAndJoin_costFourRequests_aSignalTwo_andLeavingThree() {
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

        assertThat(connect).isEqualTo(Map.of("UpdateItem", 1));
        // Every message first counts against its connection's budget: one UpdateItem of a small item
        // (DynamoMessageCounter), the only request a message costs beyond its own.
        // join reads the room (options, own seat) and writes the seat if it is still as read.
        assertThat(connectAndJoin).isEqualTo(Map.of("UpdateItem", 2 + 1, "GetItem", 1));
        // The sender's and the target's seats are in the one room document.
        assertThat(signal).isEqualTo(Map.of("GetItem", 1, "UpdateItem", 1));
        // ping reads the room for seats abandoned past the resume window; with none, it writes nothing.
        assertThat(ping).isEqualTo(Map.of("GetItem", 1, "UpdateItem", 1));
        // leave frees the seat (the write returns the room as it was: whom to tell needs no second read); the
        // $disconnect that follows finds the seat gone (a failed conditional write).
        assertThat(disconnect).isEqualTo(Map.of("UpdateItem", 2 + 1));
        assertThat(world.messenger.last(first.connectionId()).path("type").asText()).isEqualTo("peer-left");
    }

    @Test
    void aHostsRelayedSignal_costsOneGetItem_andItsBudgetCount() {
        Rooms.CreatedRoom room = world.createRoom(4);
        Connection host = gateway.connect(room.hostToken());
        Connection guest = gateway.connect(room.guestToken());
        gateway.join(host, "Host");
        gateway.join(guest, "Guest");

        counter.reset();
        gateway.send(host, "{\"action\":\"signal\",\"to\":\"" + guest.peerId() + "\",\"data\":{\"candidate\":{}}}");

        assertThat(counter.counts()).isEqualTo(Map.of("GetItem", 1, "UpdateItem", 1));
        assertThat(world.messenger.last(guest.connectionId()).path("type").asText()).isEqualTo("signal");
    }

    @Test
    void lobby_knockCostsWhatAJoinCosts_admitThree_andAWaitingGuestLeavingThree() {
        Rooms.CreatedRoom room = world.createLobbyRoom(4);
        Connection host = gateway.connect(room.hostToken());
        gateway.join(host, "Host");
        Connection first = gateway.connect(room.guestToken());
        Connection second = gateway.connect(room.guestToken());

        counter.reset();
        gateway.join(first, "First");
        Map<String, Integer> knock = counter.counts();

        counter.reset();
        gateway.send(host, "{\"action\":\"admit\",\"peerId\":\"" + first.peerId() + "\"}");
        Map<String, Integer> admit = counter.counts();

        gateway.join(second, "Second");
        counter.reset();
        gateway.close(second);
        Map<String, Integer> leaveLobby = counter.counts();

        // Each message's budget count is the "+ 1".
        assertThat(knock).isEqualTo(Map.of("GetItem", 1, "UpdateItem", 1 + 1));
        assertThat(admit).isEqualTo(Map.of("GetItem", 1, "UpdateItem", 1 + 1));
        assertThat(leaveLobby).isEqualTo(Map.of("UpdateItem", 2 + 1));
        assertThat(world.messenger.last(host.connectionId()).path("type").asText()).isEqualTo("knock-resolved");
    }

    @Test
    void aClosedSocketWithoutLeave_costsOneWrite_andTellsNobody() {
        Rooms.CreatedRoom room = world.createRoom(4);
        Connection first = gateway.connect(room.guestToken());
        Connection second = gateway.connect(room.guestToken());
        gateway.join(first, "First");
        gateway.join(second, "Second");
        world.messenger.clear();

        counter.reset();
        gateway.drop(second);

        assertThat(counter.counts()).isEqualTo(Map.of("UpdateItem", 1));
        assertThat(world.messenger.sentTo(first.connectionId())).isEmpty();
    }

    @Test
    void resume_costsWhatAFreshConnectCosts() {
        Rooms.CreatedRoom room = world.createRoom(2);
        Connection peer = gateway.connect(room.guestToken());
        String resumeToken = gateway.join(peer, "Peer").path("resumeToken").asText();

        counter.reset();
        Connection back = gateway.connect(room.guestToken(), resumeToken);

        assertThat(back.open()).isTrue();
        assertThat(counter.counts()).isEqualTo(Map.of("UpdateItem", 1));
    }
}
