package dev.otter.local;

import static dev.otter.local.LocalOtterFixture.bearer;
import static dev.otter.local.LocalOtterFixture.createRoom;
import static dev.otter.local.LocalOtterFixture.seated;
import static dev.otter.local.LocalOtterFixture.send;
import static dev.otter.local.LocalOtterFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.local.LocalOtterFixture.Reply;
import dev.otter.local.TestSocket.Joined;
import dev.otter.local.gateway.WebSocketLimits;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-person links ({@code /rooms/{id}/links}) over real HTTP and WebSockets on local Otter. */
class RoomLinksLocalTest {
    @RegisterExtension
    static final RunningOtter local = new RunningOtter(false, WebSocketLimits.API_GATEWAY);

    private static Map<String, String> apiKey() {
        return bearer(local.otter().endpoints().apiKey());
    }

    private static String api() {
        return local.otter().endpoints().apiUrl();
    }

    private static Reply createLink(String roomId, String body) throws Exception {
        return send("POST", api() + "/rooms/" + roomId + "/links", apiKey(), body);
    }

    private static JsonNode link(String roomId, String body) throws Exception {
        Reply reply = createLink(roomId, body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        return reply.body();
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
    void createLink_answersItsUrlOnce_andTheListShowsItWithoutAToken() throws Exception {
        JsonNode room = createRoom(local.otter(), "{\"ttlHours\":2}");
        String roomId = room.path("roomId").asText();

        JsonNode created = link(roomId, "{\"role\":\"guest\",\"name\":\"Dr. Ada Lovelace\",\"singleUse\":true}");
        Reply listed = send("GET", api() + "/rooms/" + roomId + "/links", apiKey(), null);

        assertThat(created.path("url").asText()).contains("/room/" + roomId + "#token=");
        assertThat(created.path("linkId").asText()).hasSize(12);
        assertThat(created.path("role").asText()).isEqualTo("guest");
        assertThat(created.path("use").asText()).isEqualTo("single");
        assertThat(created.path("state").asText()).isEqualTo("active");
        assertThat(created.path("expiresAt").asText()).isEqualTo(room.path("expiresAt").asText());
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body().path("links")).hasSize(1);
        JsonNode view = listed.body().path("links").get(0);
        assertThat(view.path("linkId").asText()).isEqualTo(created.path("linkId").asText());
        assertThat(view.path("name").asText()).isEqualTo("Dr. Ada Lovelace");
        assertThat(view.has("url")).isFalse();
        assertThat(listed.raw()).doesNotContain(token(created.path("url").asText()));
    }

    @Test
    void aLinksName_isWhatOthersSee_whateverItsHolderAnnounces_andThePreJoinReadShowsIt() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        String roomId = room.path("roomId").asText();
        String linkToken = token(link(roomId, "{\"name\":\"Dr. Ada Lovelace\"}").path("url").asText());
        Joined host = TestSocket.join(local.client(), local.ws(), token(room.path("hostUrl").asText()), "Host");

        Reply preJoin = send("GET", api() + "/room/" + roomId, bearer(linkToken), null);
        Joined guest = TestSocket.join(local.client(), local.ws(), linkToken, "Mallory");
        JsonNode announced = host.socket().nextOfType("peer-joined").path("peer");
        Reply developerView = send("GET", api() + "/rooms/" + roomId, apiKey(), null);

        assertThat(preJoin.status()).isEqualTo(200);
        assertThat(preJoin.body().path("displayName").asText()).isEqualTo("Dr. Ada Lovelace");
        assertThat(announced.path("peerId").asText()).isEqualTo(guest.peerId());
        assertThat(announced.path("name").asText()).isEqualTo("Dr. Ada Lovelace");
        assertThat(developerView.body().path("peers").findValuesAsText("name")).contains("Dr. Ada Lovelace").doesNotContain("Mallory");
        assertThat(developerView.body().path("peers").findValuesAsText("linkId")).hasSize(1);
    }

    @Test
    void aRevokedLink_disconnectsItsHolder_andIsRefusedAtConnectAndAtCredentials() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        String roomId = room.path("roomId").asText();
        JsonNode created = link(roomId, "{\"name\":\"Visitor\"}");
        String linkToken = token(created.path("url").asText());
        Joined host = TestSocket.join(local.client(), local.ws(), token(room.path("hostUrl").asText()), "Host");
        Joined guest = TestSocket.join(local.client(), local.ws(), linkToken, "Visitor");
        host.socket().nextOfType("peer-joined");
        assertThat(send("GET", api() + "/credentials", seated(linkToken, guest), null).status()).isEqualTo(200);

        Reply revoked = send("DELETE", api() + "/rooms/" + roomId + "/links/" + created.path("linkId").asText(), apiKey(), null);

        assertThat(revoked.status()).as(revoked.raw()).isEqualTo(200);
        assertThat(revoked.body().path("state").asText()).isEqualTo("revoked");
        guest.socket().nextOfType("removed");
        guest.socket().awaitClose(TestSocket.WAIT);
        assertThat(host.socket().nextOfType("peer-left").path("peerId").asText()).isEqualTo(guest.peerId());
        String fresh = refusal(linkToken);
        String resumed = refusal(linkToken + "&resume=" + guest.message().path("resumeToken").asText());
        Reply credentials = send("GET", api() + "/credentials", seated(linkToken, guest), null);
        Reply preJoin = send("GET", api() + "/room/" + roomId, bearer(linkToken), null);
        Reply check = send("GET", api() + "/credentials?purpose=check", bearer(linkToken), null);
        assertThat(fresh).startsWith("HTTP/1.1 403").contains("\"code\":\"link-revoked\"");
        assertThat(resumed).startsWith("HTTP/1.1 403");
        assertThat(credentials.status()).isEqualTo(403);
        assertThat(credentials.body().path("error").path("code").asText()).isEqualTo("link-revoked");
        assertThat(preJoin.status()).isEqualTo(403);
        assertThat(preJoin.body().path("error").path("code").asText()).isEqualTo("link-revoked");
        assertThat(check.status()).isEqualTo(403);
        assertThat(check.body().path("error").path("code").asText()).isEqualTo("link-revoked");
        // The room goes on for everyone else.
        host.socket().send("{\"action\":\"ping\"}");
        host.socket().nextOfType("pong");
    }

    @Test
    void aSingleUseLink_seatsOnePerson_thenOnlyItsHolderByTheResumeToken() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        String roomId = room.path("roomId").asText();
        String linkToken = token(link(roomId, "{\"singleUse\":true,\"name\":\"Pat\"}").path("url").asText());
        Joined first = TestSocket.join(local.client(), local.ws(), linkToken, "Pat");

        String second = refusal(linkToken);
        first.socket().close(); // a dropped connection, not a leave: the seat waits for a resume
        first.socket().awaitClose(TestSocket.WAIT);
        String stillRefused = refusal(linkToken);
        Joined back = TestSocket.resume(local.client(), local.ws(), linkToken, first, "Pat");
        Reply listed = send("GET", api() + "/rooms/" + roomId + "/links", apiKey(), null);

        assertThat(second).startsWith("HTTP/1.1 403").contains("\"code\":\"link-used\"");
        assertThat(stillRefused).startsWith("HTTP/1.1 403").contains("\"code\":\"link-used\"");
        assertThat(back.peerId()).isEqualTo(first.peerId());
        assertThat(back.message().path("resumed").asBoolean()).isTrue();
        assertThat(listed.body().path("links").get(0).path("state").asText()).isEqualTo("used");
        assertThat(send("GET", api() + "/credentials", seated(linkToken, back), null).status()).isEqualTo(200);
    }

    @Test
    void aRoomWithoutASharedGuestLink_hasNoGuestUrl_butLetsInPerPersonLinks() throws Exception {
        JsonNode room = createRoom(local.otter(), "{\"guestLink\":\"none\"}");
        String roomId = room.path("roomId").asText();
        String linkToken = token(link(roomId, "{\"name\":\"Invited\"}").path("url").asText());

        Joined invited = TestSocket.join(local.client(), local.ws(), linkToken, "Invited");

        assertThat(room.has("url")).isFalse();
        assertThat(room.path("hostUrl").asText()).contains("#token=");
        assertThat(invited.message().path("type").asText()).isEqualTo("joined");
    }

    @Test
    void aHostLink_seatsAHost() throws Exception {
        JsonNode room = createRoom(local.otter(), "{\"lobby\":true}");
        String linkToken = token(link(room.path("roomId").asText(), "{\"role\":\"host\",\"name\":\"Co-host\"}").path("url").asText());

        Joined cohost = TestSocket.join(local.client(), local.ws(), linkToken, "Whoever");

        assertThat(cohost.message().path("role").asText()).isEqualTo("host");
    }

    @Test
    void badRequests_areRefusedWithJsonErrors_neverA500() throws Exception {
        JsonNode room = createRoom(local.otter(), "{\"ttlHours\":1}");
        String roomId = room.path("roomId").asText();
        String later = Instant.parse(room.path("expiresAt").asText()).plusSeconds(60).toString();
        String unknownRoom = "AAAAAAAAAAAAAAAAAAAAAA";

        assertError(createLink(roomId, "{\"role\":\"admin\"}"), 400, "invalid-field");
        assertError(createLink(roomId, "{\"expiresAt\":\"" + later + "\"}"), 400, "invalid-field");
        assertError(createLink(roomId, "{\"expiresAt\":\"2000-01-01T00:00:00Z\"}"), 400, "invalid-field");
        assertError(createLink(roomId, "{\"expiresAt\":\"tomorrow\"}"), 400, "invalid-field");
        assertError(createLink(roomId, "{\"name\":\"" + "x".repeat(101) + "\"}"), 400, "invalid-field");
        assertError(createLink(roomId, "{\"name\":\"  \"}"), 400, "invalid-field");
        assertError(createLink(roomId, "{\"singleUse\":\"yes\"}"), 400, "invalid-field");
        assertError(createLink(roomId, "[1]"), 400, "invalid-json");
        assertError(createLink(unknownRoom, "{}"), 404, "room-not-found");
        assertError(createLink("not-a-room", "{}"), 404, "room-not-found");
        assertError(send("GET", api() + "/rooms/" + unknownRoom + "/links", apiKey(), null), 404, "room-not-found");
        assertError(send("DELETE", api() + "/rooms/" + roomId + "/links/AAAAAAAAAAAA", apiKey(), null), 404, "link-not-found");
        assertError(send("DELETE", api() + "/rooms/" + roomId + "/links/x", apiKey(), null), 404, "link-not-found");
        // API-key routes answer in API Gateway's words: 403 without a valid key, a room token included.
        assertThat(send("POST", api() + "/rooms/" + roomId + "/links", Map.of(), "{}").status()).isEqualTo(403);
        assertThat(send("POST", api() + "/rooms/" + roomId + "/links", bearer(token(room.path("hostUrl").asText())), "{}").status())
                .isEqualTo(403);
        send("DELETE", api() + "/rooms/" + roomId, apiKey(), null);
        assertError(createLink(roomId, "{}"), 410, "room-ended");
    }

    @Test
    void aRoomHoldsAtMostFiftyLinks() throws Exception {
        String roomId = createRoom(local.otter(), "{}").path("roomId").asText();
        for (int i = 0; i < 50; i++) link(roomId, "{}");

        assertError(createLink(roomId, "{}"), 409, "too-many-links");
    }

    static void assertError(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.raw()).isEqualTo(status);
        assertThat(reply.body().path("error").path("code").asText()).as(reply.raw()).isEqualTo(code);
        assertThat(reply.body().path("error").path("message").asText()).isNotEmpty();
    }
}
