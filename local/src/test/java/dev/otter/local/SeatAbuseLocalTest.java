package dev.otter.local;

import static dev.otter.local.LocalOtterFixture.createRoom;
import static dev.otter.local.LocalOtterFixture.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.local.TestSocket.Joined;
import dev.otter.local.gateway.WebSocketLimits;
import java.nio.file.Path;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seat squatting, sticky removal and the stopped guest link, over real WebSockets on local Otter. */
class SeatAbuseLocalTest {
    @TempDir
    static Path temp;
    static LocalOtter otter;
    static WebSocketClient client;
    static String ws;

    @BeforeAll
    static void start() throws Exception {
        otter = LocalOtter.start(LocalOtterFixture.settings(temp.resolve("data"), temp.resolve("no-web"), false,
                WebSocketLimits.API_GATEWAY));
        ws = otter.endpoints().wsUrl();
        client = new WebSocketClient();
        client.start();
    }

    @AfterAll
    static void stop() throws Exception {
        client.stop();
        otter.close();
    }

    private static int refusedStatus(String token) {
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> TestSocket.connect(client, ws, token));
        assertThat(refused).isNotNull().cause().isInstanceOf(UpgradeException.class);
        return ((UpgradeException) refused.getCause()).getResponseStatusCode();
    }

    @Test
    void aHost_getsIntoARoomFilledBySocketsThatNeverJoin() throws Exception {
        JsonNode room = createRoom(otter, "{\"maxParticipants\":2}");
        String guest = token(room.path("url").asText());
        TestSocket first = TestSocket.connect(client, ws, guest);
        TestSocket second = TestSocket.connect(client, ws, guest);
        first.send("{\"action\":\"ping\"}");
        second.send("{\"action\":\"ping\"}");
        first.nextOfType("pong");
        second.nextOfType("pong");

        Joined host = TestSocket.join(client, ws, token(room.path("hostUrl").asText()), "Host");

        assertThat(host.message().path("type").asText()).isEqualTo("joined");
        // One of the two squatters lost its seat and its socket; a guest still finds the room full.
        int closedCode = first.isOpen() ? second.awaitClose(TestSocket.WAIT) : first.awaitClose(TestSocket.WAIT);
        assertThat(closedCode).isPositive();
        assertThat(first.isOpen() && second.isOpen()).isFalse();
        assertThat(refusedStatus(guest)).isEqualTo(409);
    }

    @Test
    void aRemovedGuest_isRefusedWithItsResumeToken_andAStoppedGuestLinkRefusesNewGuests() throws Exception {
        JsonNode room = createRoom(otter, "{}");
        String guest = token(room.path("url").asText());
        Joined host = TestSocket.join(client, ws, token(room.path("hostUrl").asText()), "Host");
        Joined removed = TestSocket.join(client, ws, guest, "Removed");
        host.socket().nextOfType("peer-joined");

        host.socket().send("{\"action\":\"remove\",\"peerId\":\"" + removed.peerId() + "\"}");
        removed.socket().nextOfType("removed");
        removed.socket().awaitClose(TestSocket.WAIT);
        int resumed = refusedStatus(guest + "&resume=" + removed.message().path("resumeToken").asText());
        Joined beforeLock = TestSocket.join(client, ws, guest, "Early");
        host.socket().send("{\"action\":\"lock\"}");
        host.socket().nextOfType("locked");
        int afterLock = refusedStatus(guest);
        beforeLock.socket().close();
        beforeLock.socket().awaitClose(TestSocket.WAIT);
        Joined back = TestSocket.resume(client, ws, guest, beforeLock, "Early");

        assertThat(resumed).isEqualTo(403);
        assertThat(afterLock).isEqualTo(403);
        assertThat(back.peerId()).isEqualTo(beforeLock.peerId());
        assertThat(TestSocket.join(client, ws, token(room.path("hostUrl").asText()), "Co-host").message().path("type").asText())
                .isEqualTo("joined");
        assertThatThrownBy(() -> TestSocket.connect(client, ws, guest)).cause().isInstanceOf(UpgradeException.class);
    }
}
