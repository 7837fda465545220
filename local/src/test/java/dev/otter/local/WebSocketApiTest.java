package dev.otter.local;

import dev.otter.core.Seat;

import static dev.otter.local.LocalOtterFixture.createRoom;
import static dev.otter.local.LocalOtterFixture.send;
import static dev.otter.local.LocalOtterFixture.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.local.LocalOtterFixture.Reply;
import dev.otter.local.TestSocket.Joined;
import dev.otter.local.gateway.WebSocketLimits;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The signaling WebSocket of local Otter with real clients, under API Gateway's limits. */
class WebSocketApiTest {
    @RegisterExtension
    static final RunningOtter local = new RunningOtter(false, WebSocketLimits.API_GATEWAY);

    private static String guestToken(JsonNode room) {
        return token(room.path("url").asText());
    }

    @Test
    void twoClients_joinTheSameRoom_andExchangeASignal() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        Joined alice = TestSocket.join(local.client(), local.ws(), token(room.path("hostUrl").asText()), "Alice");
        Joined bob = TestSocket.join(local.client(), local.ws(), guestToken(room), "Bob");

        JsonNode announced = alice.socket().nextOfType("peer-joined");
        bob.socket().send("{\"action\":\"signal\",\"to\":\"" + alice.peerId() + "\",\"data\":{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}}");
        JsonNode signal = alice.socket().nextOfType("signal");

        assertThat(bob.message().path("peers").get(0).path("peerId").asText()).isEqualTo(alice.peerId());
        assertThat(announced.path("peer").path("peerId").asText()).isEqualTo(bob.peerId());
        assertThat(signal.path("from").asText()).isEqualTo(bob.peerId());
        assertThat(signal.path("data").path("description").path("type").asText()).isEqualTo("offer");
        alice.socket().close();
        bob.socket().close();
    }

    @Test
    void aBrowserOfferingPermessageDeflate_getsNoExtension_andItsLargeMessagesThrough() throws Exception {
        TestSocket socket = TestSocket.connectOffering(local.client(), local.ws(), guestToken(createRoom(local.otter(), "{}")), "permessage-deflate");

        // One frame of 30 KB that would inflate past Jetty's 8 KB deflate buffer: the size of a screen-share SDP.
        socket.send("{\"action\":\"ping\",\"padding\":\"" + "a".repeat(30_000) + "\"}");

        assertThat(socket.negotiatedExtensions()).as("API Gateway negotiates no extension").isEmpty();
        assertThat(socket.nextOfType("pong")).isNotNull();
        socket.close();
    }

    @Test
    void aClientInAnotherRoom_cannotReachThem() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        Joined alice = TestSocket.join(local.client(), local.ws(), guestToken(room), "Alice");
        Joined mallory = TestSocket.join(local.client(), local.ws(), guestToken(createRoom(local.otter(), "{}")), "Mallory");

        mallory.socket().send("{\"action\":\"signal\",\"to\":\"" + alice.peerId() + "\",\"data\":{\"candidate\":{}}}");

        assertThat(mallory.socket().nextOfType("error").path("code").asText()).isEqualTo("peer-not-found");
        assertThat(alice.socket().receivesWithin("signal", Duration.ofMillis(500))).isFalse();
        alice.socket().close();
        mallory.socket().close();
    }

    @Test
    void aPeerThatLeaves_yieldsPeerLeftToTheOthers() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        Joined alice = TestSocket.join(local.client(), local.ws(), guestToken(room), "Alice");
        Joined bob = TestSocket.join(local.client(), local.ws(), guestToken(room), "Bob");

        bob.socket().send("{\"action\":\"leave\"}");
        JsonNode left = alice.socket().nextOfType("peer-left");

        assertThat(left.path("peerId").asText()).isEqualTo(bob.peerId());
        assertThat(left.path("reason").asText()).isEqualTo("left");
        assertThat(bob.socket().awaitClose(TestSocket.WAIT)).isEqualTo(1000);
        alice.socket().close();
    }

    @Test
    void aSocketClosedWithoutLeave_keepsItsSeatForAResume_andTellsNobody() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        Joined alice = TestSocket.join(local.client(), local.ws(), guestToken(room), "Alice");
        Joined bob = TestSocket.join(local.client(), local.ws(), guestToken(room), "Bob");

        bob.socket().close();
        boolean told = alice.socket().receivesWithin("peer-left", Duration.ofSeconds(1));
        Joined back = TestSocket.resume(local.client(), local.ws(), guestToken(room), bob, "Bob");

        assertThat(told).isFalse();
        assertThat(back.peerId()).isEqualTo(bob.peerId());
        assertThat(back.message().path("resumed").asBoolean()).isTrue();
        assertThat(alice.socket().receivesWithin("peer-joined", Duration.ofMillis(500))).isFalse();
        alice.socket().close();
        back.socket().close();
    }

    @Test
    void ping_isAnsweredWithPong_andUnknownActionsGoToDefaultAndGetAnError() throws Exception {
        Joined alice = TestSocket.join(local.client(), local.ws(), guestToken(createRoom(local.otter(), "{}")), "Alice");

        alice.socket().send("{\"action\":\"ping\"}");
        JsonNode pong = alice.socket().nextOfType("pong");
        alice.socket().send("{\"action\":\"dance\"}");
        JsonNode unknown = alice.socket().nextOfType("error");
        alice.socket().send("not json");
        JsonNode invalid = alice.socket().nextOfType("error");

        assertThat(pong).isNotNull();
        assertThat(unknown.path("code").asText()).isEqualTo("unknown-action");
        assertThat(invalid.path("code").asText()).isEqualTo("invalid-message");
        alice.socket().close();
    }

    @Test
    void aMessageOver32KbInFramesOfAtMost32Kb_isDelivered() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        Joined alice = TestSocket.join(local.client(), local.ws(), guestToken(room), "Alice");
        Joined bob = TestSocket.join(local.client(), local.ws(), guestToken(room), "Bob");
        String sdp = "a".repeat(100 * 1024);

        bob.socket().sendInFrames("{\"action\":\"signal\",\"to\":\"" + alice.peerId()
                + "\",\"data\":{\"description\":{\"type\":\"offer\",\"sdp\":\"" + sdp + "\"}}}", 32 * 1024);

        JsonNode signal = alice.socket().nextOfType("signal");
        assertThat(signal.path("data").path("description").path("sdp").asText()).hasSize(sdp.length());
        alice.socket().close();
        bob.socket().close();
    }

    @Test
    void aSingleFrameOver32Kb_closesTheSocketWith1009() throws Exception {
        Joined alice = TestSocket.join(local.client(), local.ws(), guestToken(createRoom(local.otter(), "{}")), "Alice");

        alice.socket().send("{\"action\":\"ping\",\"pad\":\"" + "x".repeat(33 * 1024) + "\"}");

        assertThat(alice.socket().awaitClose(TestSocket.WAIT)).isEqualTo(1009);
    }

    @Test
    void aMessageOver128Kb_closesTheSocketWith1009LikeApiGateway() throws Exception {
        Joined alice = TestSocket.join(local.client(), local.ws(), guestToken(createRoom(local.otter(), "{}")), "Alice");

        alice.socket().sendInFrames("{\"action\":\"ping\",\"pad\":\"" + "x".repeat(129 * 1024) + "\"}", 32 * 1024);

        assertThat(alice.socket().awaitClose(TestSocket.WAIT)).isEqualTo(1009);
    }

    @Test
    void upgrade_isRefusedWith401WithoutToken_and403WithAForgedOne() {
        assertThatThrownBy(() -> local.client().connect(new TestSocket(), URI.create(local.ws())).get())
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(UpgradeException.class)
                .satisfies(e -> assertThat(((UpgradeException) e).getResponseStatusCode()).isEqualTo(401));
        assertThatThrownBy(() -> TestSocket.connect(local.client(), local.ws(), "eyJhbGciOiJIUzI1NiJ9.e30.forged"))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(UpgradeException.class)
                .satisfies(e -> assertThat(((UpgradeException) e).getResponseStatusCode()).isEqualTo(403));
    }

    @Test
    void upgrade_isRefusedWithTheConnectHandlersStatus_whenTheRoomHasEnded() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        send("DELETE", local.otter().endpoints().apiUrl() + "/rooms/" + room.path("roomId").asText(),
                LocalOtterFixture.bearer(local.otter().endpoints().apiKey()), null);

        assertThatThrownBy(() -> TestSocket.connect(local.client(), local.ws(), guestToken(room)))
                .cause().isInstanceOf(UpgradeException.class)
                .satisfies(e -> assertThat(((UpgradeException) e).getResponseStatusCode()).isEqualTo(410));
    }

    @Test
    void managementApi_postsToALiveConnection_andAnswers410GoneForAClosedOne() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        Joined alice = TestSocket.join(local.client(), local.ws(), guestToken(room), "Alice");
        String connectionId = connectionIdOf(room, alice);

        Reply delivered = send("POST", local.otter().managementUrl() + "/@connections/" + connectionId, Map.of(), "{\"type\":\"pong\"}");
        JsonNode pushed = alice.socket().nextOfType("pong");
        alice.socket().close();
        alice.socket().awaitClose(TestSocket.WAIT);
        Reply gone = send("POST", local.otter().managementUrl() + "/@connections/" + connectionId, Map.of(), "{}");
        Reply unknown = send("DELETE", local.otter().managementUrl() + "/@connections/nope", Map.of(), null);

        assertThat(delivered.status()).isEqualTo(200);
        assertThat(pushed).isNotNull();
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.response().headers().firstValue("x-amzn-ErrorType")).contains("GoneException");
        assertThat(unknown.status()).isEqualTo(410);
    }

    @Test
    void managementApi_deleteClosesTheSocket_andKeepsTheSeatForAResume() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        Joined alice = TestSocket.join(local.client(), local.ws(), guestToken(room), "Alice");
        Joined bob = TestSocket.join(local.client(), local.ws(), guestToken(room), "Bob");
        String bobsConnection = connectionIdOf(room, bob);

        Reply deleted = send("DELETE", local.otter().managementUrl() + "/@connections/" + bobsConnection, Map.of(), null);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(bob.socket().awaitClose(TestSocket.WAIT)).isEqualTo(1000);
        // A server-side close is not a leave: the seat stays, marked closed, and Alice hears nothing.
        assertThat(alice.socket().receivesWithin("peer-left", Duration.ofSeconds(1))).isFalse();
        Seat kept = local.otter().services().roomStore().find(room.path("roomId").asText()).orElseThrow().seat(bob.peerId()).orElseThrow();
        assertThat(kept.connectionId()).isEqualTo(bobsConnection);
        assertThat(kept.isConnected()).isFalse();
        alice.socket().close();
    }

    /** The seat in the room document names the gateway's connection id, as on AWS. */
    private static String connectionIdOf(JsonNode room, Joined peer) throws Exception {
        return local.otter().services().roomStore().find(room.path("roomId").asText()).orElseThrow().seat(peer.peerId())
                .orElseThrow().connectionId();
    }
}
