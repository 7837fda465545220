package dev.otter.local;

import static dev.otter.local.LocalOtterFixture.createRoom;
import static dev.otter.local.LocalOtterFixture.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import dev.otter.local.TestSocket.Joined;
import dev.otter.local.gateway.WebSocketLimits;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seat squatting, sticky removal and denial, and the stopped guest link, over real WebSockets on local Otter. */
class SeatAbuseLocalTest {
    @RegisterExtension
    static final RunningOtter local = new RunningOtter(false, WebSocketLimits.API_GATEWAY);

    private static int refusedStatus(String token) {
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> TestSocket.connect(local.client(), local.ws(), token));
        assertThat(refused).isNotNull().cause().isInstanceOf(UpgradeException.class);
        return ((UpgradeException) refused.getCause()).getResponseStatusCode();
    }

    /** The status line and body of a refused upgrade, read off a raw socket (the WebSocket client hides the body). */
    private static String refusal(String query) throws Exception {
        URI ws = URI.create(local.ws());
        try (Socket socket = new Socket(ws.getHost(), ws.getPort())) {
            socket.setSoTimeout((int) TestSocket.WAIT.toMillis());
            String request = "GET " + ws.getRawPath() + "?token=" + query + " HTTP/1.1\r\nHost: " + ws.getAuthority()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aDeniedGuest_cannotKnockAgainWithItsResumeToken_forTheRoomsLife() throws Exception {
        JsonNode room = createRoom(local.otter(), "{\"lobby\":true}");
        String guest = token(room.path("url").asText());
        Joined host = TestSocket.join(local.client(), local.ws(), token(room.path("hostUrl").asText()), "Host");
        TestSocket knocking = TestSocket.connect(local.client(), local.ws(), guest);
        knocking.send("{\"action\":\"join\",\"name\":\"Knocker\"}");
        String resumeToken = knocking.nextOfType("lobby-waiting").path("resumeToken").asText();
        String peerId = host.socket().nextOfType("knock").path("peer").path("peerId").asText();

        host.socket().send("{\"action\":\"deny\",\"peerId\":\"" + peerId + "\"}");
        knocking.nextOfType("lobby-denied");
        knocking.awaitClose(TestSocket.WAIT);
        host.socket().nextOfType("knock-resolved");
        // Knocking again the way a client reconnects: the same guest link with its resume token, twice.
        String first = refusal(guest + "&resume=" + resumeToken);
        String second = refusal(guest + "&resume=" + resumeToken);

        assertThat(first).startsWith("HTTP/1.1 403").contains("\"code\":\"denied\"");
        assertThat(second).startsWith("HTTP/1.1 403").contains("\"code\":\"denied\"");
        // The host heard no second knock: the next thing it hears is the answer to its own ping.
        host.socket().send("{\"action\":\"ping\"}");
        assertThat(host.socket().next(m -> !m.path("type").asText().equals("knock-resolved")).path("type").asText()).isEqualTo("pong");
    }

    @Test
    void aHost_getsIntoARoomFilledBySocketsThatNeverJoin() throws Exception {
        JsonNode room = createRoom(local.otter(), "{\"maxParticipants\":2}");
        String guest = token(room.path("url").asText());
        TestSocket first = TestSocket.connect(local.client(), local.ws(), guest);
        TestSocket second = TestSocket.connect(local.client(), local.ws(), guest);
        first.send("{\"action\":\"ping\"}");
        second.send("{\"action\":\"ping\"}");
        first.nextOfType("pong");
        second.nextOfType("pong");

        Joined host = TestSocket.join(local.client(), local.ws(), token(room.path("hostUrl").asText()), "Host");

        assertThat(host.message().path("type").asText()).isEqualTo("joined");
        // One of the two squatters lost its seat and its socket; a guest still finds the room full.
        int closedCode = first.isOpen() ? second.awaitClose(TestSocket.WAIT) : first.awaitClose(TestSocket.WAIT);
        assertThat(closedCode).isPositive();
        assertThat(first.isOpen() && second.isOpen()).isFalse();
        assertThat(refusedStatus(guest)).isEqualTo(409);
    }

    @Test
    void aRemovedGuest_isRefusedWithItsResumeToken_andAStoppedGuestLinkRefusesNewGuests() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        String guest = token(room.path("url").asText());
        Joined host = TestSocket.join(local.client(), local.ws(), token(room.path("hostUrl").asText()), "Host");
        Joined removed = TestSocket.join(local.client(), local.ws(), guest, "Removed");
        host.socket().nextOfType("peer-joined");

        host.socket().send("{\"action\":\"remove\",\"peerId\":\"" + removed.peerId() + "\"}");
        removed.socket().nextOfType("removed");
        removed.socket().awaitClose(TestSocket.WAIT);
        int resumed = refusedStatus(guest + "&resume=" + removed.message().path("resumeToken").asText());
        Joined beforeLock = TestSocket.join(local.client(), local.ws(), guest, "Early");
        host.socket().send("{\"action\":\"lock\"}");
        host.socket().nextOfType("locked");
        int afterLock = refusedStatus(guest);
        beforeLock.socket().close();
        beforeLock.socket().awaitClose(TestSocket.WAIT);
        Joined back = TestSocket.resume(local.client(), local.ws(), guest, beforeLock, "Early");

        assertThat(resumed).isEqualTo(403);
        assertThat(afterLock).isEqualTo(403);
        assertThat(back.peerId()).isEqualTo(beforeLock.peerId());
        assertThat(TestSocket.join(local.client(), local.ws(), token(room.path("hostUrl").asText()), "Co-host").message().path("type").asText())
                .isEqualTo("joined");
        assertThatThrownBy(() -> TestSocket.connect(local.client(), local.ws(), guest)).cause().isInstanceOf(UpgradeException.class);
    }
}
