package dev.otter.local;

import static dev.otter.local.LocalOtterFixture.bearer;
import static dev.otter.local.LocalOtterFixture.createRoom;
import static dev.otter.local.LocalOtterFixture.send;
import static dev.otter.local.LocalOtterFixture.token;
import static dev.otter.local.RoomLinksLocalTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.local.LocalOtterFixture.Reply;
import dev.otter.local.TestSocket.Joined;
import dev.otter.local.gateway.WebSocketLimits;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /rooms}, {@code PATCH /rooms/{id}} and {@code Idempotency-Key} on {@code POST /createRoom}, on local Otter. */
class RoomManagementLocalTest {
    @RegisterExtension
    static final RunningOtter local = new RunningOtter(false, WebSocketLimits.API_GATEWAY);

    private static Map<String, String> apiKey() {
        return bearer(local.otter().endpoints().apiKey());
    }

    private static String api() {
        return local.otter().endpoints().apiUrl();
    }

    private static Reply patch(String roomId, String body) throws Exception {
        return send("PATCH", api() + "/rooms/" + roomId, apiKey(), body);
    }

    private static int refusedStatus(String token) {
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> TestSocket.connect(local.client(), local.ws(), token));
        assertThat(refused).isNotNull().cause().isInstanceOf(UpgradeException.class);
        return ((UpgradeException) refused.getCause()).getResponseStatusCode();
    }

    /** Every room of the listing, page by page. */
    private static List<JsonNode> walk(String query, int limit) throws Exception {
        List<JsonNode> rooms = new ArrayList<>();
        String cursor = null;
        do {
            String url = api() + "/rooms?limit=" + limit + query + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            Reply page = send("GET", url, apiKey(), null);
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            assertThat(page.body().path("rooms").size()).isLessThanOrEqualTo(limit);
            page.body().path("rooms").forEach(rooms::add);
            cursor = page.body().hasNonNull("nextCursor") ? page.body().path("nextCursor").asText() : null;
        } while (cursor != null);
        return rooms;
    }

    @Test
    void listRooms_pagesThroughEveryRoomNewestFirst_andFiltersActiveAndEnded() throws Exception {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) made.add(createRoom(local.otter(), "{\"name\":\"Listed " + i + "\"}").path("roomId").asText());
        send("DELETE", api() + "/rooms/" + made.get(1), apiKey(), null);

        List<JsonNode> all = walk("", 2);
        List<JsonNode> active = walk("&state=active", 2);
        List<JsonNode> ended = walk("&state=ended", 1);

        List<String> allIds = all.stream().map(room -> room.path("roomId").asText()).toList();
        assertThat(allIds).containsAll(made).doesNotHaveDuplicates();
        for (int i = 1; i < all.size(); i++) {
            assertThat(Instant.parse(all.get(i - 1).path("createdAt").asText()))
                    .isAfterOrEqualTo(Instant.parse(all.get(i).path("createdAt").asText()));
        }
        JsonNode first = all.stream().filter(room -> room.path("roomId").asText().equals(made.get(0))).findFirst().orElseThrow();
        assertThat(first.path("name").asText()).isEqualTo("Listed 0");
        assertThat(first.path("state").asText()).isEqualTo("active");
        assertThat(first.path("maxParticipants").asInt()).isEqualTo(4);
        assertThat(active.stream().map(room -> room.path("roomId").asText())).contains(made.get(0), made.get(2)).doesNotContain(made.get(1));
        assertThat(active).allMatch(room -> room.path("state").asText().equals("active"));
        assertThat(ended.stream().map(room -> room.path("roomId").asText())).contains(made.get(1)).doesNotContain(made.get(0));
        assertThat(ended).allMatch(room -> room.path("state").asText().equals("ended"));
    }

    @Test
    void listRooms_refusesBadQueriesWithJsonErrors() throws Exception {
        assertError(send("GET", api() + "/rooms?limit=0", apiKey(), null), 400, "invalid-field");
        assertError(send("GET", api() + "/rooms?limit=101", apiKey(), null), 400, "invalid-field");
        assertError(send("GET", api() + "/rooms?limit=ten", apiKey(), null), 400, "invalid-field");
        assertError(send("GET", api() + "/rooms?state=open", apiKey(), null), 400, "invalid-field");
        assertError(send("GET", api() + "/rooms?cursor=not-a-cursor", apiKey(), null), 400, "invalid-field");
        assertError(send("GET", api() + "/rooms?cursor=" + UUID.randomUUID(), apiKey(), null), 400, "invalid-field");
        assertThat(send("GET", api() + "/rooms", Map.of(), null).status()).isEqualTo(403);
    }

    @Test
    void lockingARoom_tellsEveryoneJoined_andRefusesNewPeopleUntilUnlocked() throws Exception {
        JsonNode room = createRoom(local.otter(), "{}");
        String roomId = room.path("roomId").asText();
        String guestToken = token(room.path("url").asText());
        Joined host = TestSocket.join(local.client(), local.ws(), token(room.path("hostUrl").asText()), "Host");
        Joined guest = TestSocket.join(local.client(), local.ws(), guestToken, "Guest");

        Reply locked = patch(roomId, "{\"locked\":true}");

        assertThat(locked.status()).as(locked.raw()).isEqualTo(200);
        assertThat(locked.body().path("locked").asBoolean()).isTrue();
        assertThat(locked.body().has("url")).isFalse();
        assertThat(host.socket().nextOfType("room-updated").path("room").path("locked").asBoolean()).isTrue();
        assertThat(guest.socket().nextOfType("room-updated").path("room").path("locked").asBoolean()).isTrue();
        assertThat(refusedStatus(guestToken)).isEqualTo(403);
        assertThat(refusedStatus(token(room.path("hostUrl").asText()))).isEqualTo(403);
        assertThat(send("GET", api() + "/room/" + roomId, bearer(guestToken), null).body().path("locked").asBoolean()).isTrue();
        // Whoever holds a seat keeps it through a reconnect.
        guest.socket().close();
        guest.socket().awaitClose(TestSocket.WAIT);
        Joined back = TestSocket.resume(local.client(), local.ws(), guestToken, guest, "Guest");
        assertThat(back.message().path("room").path("locked").asBoolean()).isTrue();

        assertThat(patch(roomId, "{\"locked\":false}").status()).isEqualTo(200);
        assertThat(host.socket().nextOfType("room-updated").path("room").path("locked").asBoolean()).isFalse();
        Joined late = TestSocket.join(local.client(), local.ws(), guestToken, "Late");
        assertThat(late.message().path("type").asText()).isEqualTo("joined");
    }

    @Test
    void patch_changesLobbyCapacityAndExpiry_withinLimits() throws Exception {
        JsonNode room = createRoom(local.otter(), "{\"ttlHours\":1,\"maxParticipants\":3}");
        String roomId = room.path("roomId").asText();
        String guestToken = token(room.path("url").asText());
        TestSocket.join(local.client(), local.ws(), token(room.path("hostUrl").asText()), "Host");
        TestSocket.join(local.client(), local.ws(), guestToken, "A");
        TestSocket.join(local.client(), local.ws(), guestToken, "B");
        Instant later = Instant.parse(room.path("expiresAt").asText()).plusSeconds(3600);

        assertError(patch(roomId, "{\"maxParticipants\":2}"), 409, "capacity-below-participants");
        Reply changed = patch(roomId, "{\"maxParticipants\":5,\"lobby\":true,\"expiresAt\":\"" + later + "\"}");
        JsonNode developerView = send("GET", api() + "/rooms/" + roomId, apiKey(), null).body();

        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        assertThat(changed.body().path("maxParticipants").asInt()).isEqualTo(5);
        assertThat(changed.body().path("lobby").asBoolean()).isTrue();
        assertThat(changed.body().path("expiresAt").asText()).isEqualTo(later.toString());
        assertThat(changed.body().path("participants").asInt()).isEqualTo(3);
        assertThat(developerView.path("maxParticipants").asInt()).isEqualTo(5);
        assertThat(developerView.path("lobby").asBoolean()).isTrue();
        assertThat(developerView.path("expiresAt").asText()).isEqualTo(later.toString());
        // The new links are valid until the new expiry, and seat a fourth person now that there is room.
        String newGuest = token(changed.body().path("url").asText());
        assertThat(send("GET", api() + "/room/" + roomId, bearer(newGuest), null).body().path("expiresAt").asText()).isEqualTo(later.toString());
        TestSocket fourth = TestSocket.connect(local.client(), local.ws(), newGuest);
        fourth.send("{\"action\":\"join\",\"name\":\"D\"}");
        assertThat(fourth.nextOfType("lobby-waiting").path("resumeToken").asText()).isNotEmpty();
    }

    @Test
    void patch_refusesBadInputWithJsonErrors() throws Exception {
        JsonNode room = createRoom(local.otter(), "{\"ttlHours\":2}");
        String roomId = room.path("roomId").asText();
        Instant expiry = Instant.parse(room.path("expiresAt").asText());

        assertError(patch(roomId, "{\"maxParticipants\":9}"), 400, "invalid-field");
        assertError(patch(roomId, "{\"maxParticipants\":1}"), 400, "invalid-field");
        assertError(patch(roomId, "{\"maxParticipants\":\"4\"}"), 400, "invalid-field");
        assertError(patch(roomId, "{\"locked\":\"yes\"}"), 400, "invalid-field");
        assertError(patch(roomId, "{\"lobby\":1}"), 400, "invalid-field");
        assertError(patch(roomId, "{\"expiresAt\":\"" + expiry.minusSeconds(60) + "\"}"), 400, "invalid-field");
        assertError(patch(roomId, "{\"expiresAt\":\"" + Instant.now().plusSeconds(169 * 3600) + "\"}"), 400, "invalid-field");
        assertError(patch(roomId, "{\"expiresAt\":\"soon\"}"), 400, "invalid-field");
        assertError(patch(roomId, "not json"), 400, "invalid-json");
        assertError(patch("AAAAAAAAAAAAAAAAAAAAAA", "{\"locked\":true}"), 404, "room-not-found");
        send("DELETE", api() + "/rooms/" + roomId, apiKey(), null);
        assertError(patch(roomId, "{\"locked\":true}"), 410, "room-ended");
    }

    @Test
    void createRoom_withAnIdempotencyKey_answersTheSameRoomToARetry_andOnlyToTheSameKeyAndBody() throws Exception {
        String key = "retry-" + UUID.randomUUID();
        Map<String, String> headers = new HashMap<>(apiKey());
        headers.put("Idempotency-Key", key);
        String body = "{\"name\":\"Once\",\"maxParticipants\":3}";

        Reply first = send("POST", api() + "/createRoom", headers, body);
        Reply retry = send("POST", api() + "/createRoom", headers, body);
        Reply otherBody = send("POST", api() + "/createRoom", headers, "{\"name\":\"Twice\"}");
        Reply withoutKey = send("POST", api() + "/createRoom", apiKey(), body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body().path("roomId").asText()).isEqualTo(first.body().path("roomId").asText());
        assertThat(retry.body().path("expiresAt").asText()).isEqualTo(first.body().path("expiresAt").asText());
        assertThat(retry.body().path("maxParticipants").asInt()).isEqualTo(3);
        assertThat(retry.body().path("url").asText()).contains("/room/" + first.body().path("roomId").asText() + "#token=");
        assertError(otherBody, 422, "idempotency-key-reused");
        assertThat(withoutKey.body().path("roomId").asText()).isNotEqualTo(first.body().path("roomId").asText());
        Set<String> listed = new HashSet<>(walk("", 100).stream().map(room -> room.path("roomId").asText()).toList());
        assertThat(listed).contains(first.body().path("roomId").asText());
    }

    @Test
    void anIdempotencyKey_isScopedToTheApiKeyThatSentIt() throws Exception {
        Reply rotated = send("POST", api() + "/apiKeys/rotate", apiKey(), "{\"graceSeconds\":3600}");
        assertThat(rotated.status()).as(rotated.raw()).isEqualTo(201);
        String key = "scoped-" + UUID.randomUUID();
        Map<String, String> first = new HashMap<>(apiKey());
        first.put("Idempotency-Key", key);
        Map<String, String> second = new HashMap<>(bearer(rotated.body().path("apiKey").asText()));
        second.put("Idempotency-Key", key);

        Reply byFirst = send("POST", api() + "/createRoom", first, "{}");
        Reply bySecond = send("POST", api() + "/createRoom", second, "{}");

        assertThat(byFirst.status()).isEqualTo(201);
        assertThat(bySecond.status()).isEqualTo(201);
        assertThat(bySecond.body().path("roomId").asText()).isNotEqualTo(byFirst.body().path("roomId").asText());
    }

    @Test
    void createRoom_refusesAMalformedIdempotencyKey() throws Exception {
        Map<String, String> headers = new HashMap<>(apiKey());
        headers.put("Idempotency-Key", "x".repeat(256));

        assertError(send("POST", api() + "/createRoom", headers, "{}"), 400, "invalid-field");
        assertError(send("POST", api() + "/createRoom", apiKey(), "{\"guestLink\":\"private\"}"), 400, "invalid-field");
    }
}
