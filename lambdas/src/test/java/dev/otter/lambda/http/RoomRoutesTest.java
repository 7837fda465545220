package dev.otter.lambda.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.core.InvalidToken;
import dev.otter.core.Role;
import dev.otter.core.RoomClaims;
import dev.otter.core.Rooms;
import dev.otter.core.webhook.EndReason;
import dev.otter.testing.HttpDriver;
import dev.otter.testing.SignalingDriver;
import dev.otter.testing.SignalingDriver.Connection;
import dev.otter.testing.TestWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /createRoom, GET /room/{id}, GET /credentials, GET and DELETE /rooms/{id} on dynalite. */
class RoomRoutesTest {
    private static TestWorld world;
    private static CreateRoomHandler createRoom;
    private static GetRoomHandler getRoom;
    private static CredentialsHandler credentials;
    private static DeveloperRoomsHandler developerRooms;

    @BeforeAll
    static void start() {
        world = TestWorld.embedded();
        createRoom = new CreateRoomHandler(world.services);
        getRoom = new GetRoomHandler(world.services);
        credentials = new CredentialsHandler(world.services);
        developerRooms = new DeveloperRoomsHandler(world.services);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private static APIGatewayV2HTTPResponse create(Object body) {
        Map<String, Object> values = new HashMap<>();
        values.put("rawPath", "/createRoom");
        values.put("body", body);
        return createRoom.handleRequest(HttpDriver.event("POST /createRoom", values), null);
    }

    private static APIGatewayV2HTTPResponse getRoom(String pathId, String tokenRoom, String role) {
        return getRoom.handleRequest(HttpDriver.event("GET /room/{id}", Map.of("rawPath", "/room/" + pathId, "id", pathId,
                "authorizer", Map.of("roomId", tokenRoom, "role", role))), null);
    }

    private static APIGatewayV2HTTPResponse credentials(String tokenRoom, String seatProof) {
        Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/json"));
        if (seatProof != null) headers.put(CredentialsHandler.SEAT_HEADER, seatProof);
        return credentials.handleRequest(HttpDriver.event("GET /credentials", Map.of("rawPath", "/credentials",
                "headers", headers, "authorizer", Map.of("roomId", tokenRoom, "role", "guest"))), null);
    }

    private static APIGatewayV2HTTPResponse credentialsFor(String tokenRoom, String purpose) {
        APIGatewayV2HTTPEvent event = HttpDriver.event("GET /credentials", Map.of("rawPath", "/credentials",
                "authorizer", Map.of("roomId", tokenRoom, "role", "guest")));
        event.setQueryStringParameters(Map.of(CredentialsHandler.PURPOSE_PARAM, purpose));
        return credentials.handleRequest(event, null);
    }

    /** A participant who connected and joined: their peer id and the resume token of their joined reply. */
    private record Joined(Connection connection, String peerId, String resumeToken) {}

    private static Joined joined(SignalingDriver gateway, String token, String name) {
        Connection connection = gateway.connect(token);
        JsonNode reply = gateway.join(connection, name);
        assertThat(reply.path("type").asText()).isEqualTo("joined");
        return new Joined(connection, reply.path("peerId").asText(), reply.path("resumeToken").asText());
    }

    private static APIGatewayV2HTTPResponse developer(String method, String id) {
        return developerRooms.handleRequest(HttpDriver.event(method + " /rooms/{id}", Map.of("rawPath", "/rooms/" + id, "id", id)), null);
    }

    private static String fragmentToken(String url) {
        return url.substring(url.indexOf("#token=") + "#token=".length());
    }

    @Test
    void createRoom_returns201WithLinksAndOptions_whenBodyValid() throws InvalidToken {
        APIGatewayV2HTTPResponse response = create("{\"maxParticipants\":6,\"ttlHours\":2,\"name\":\"Consult\",\"relayOnly\":true,\"unknown\":1}");

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
        JsonNode body = HttpDriver.body(response);
        String roomId = body.path("roomId").asText();
        assertThat(roomId).matches("[A-Za-z0-9_-]{22}");
        assertThat(body.path("url").asText()).startsWith(TestWorld.WEB_APP_URL + "/room/" + roomId + "#token=");
        assertThat(body.path("hostUrl").asText()).startsWith(TestWorld.WEB_APP_URL + "/room/" + roomId + "#token=");
        assertThat(body.path("expiresAt").asText()).isEqualTo(TestWorld.START.plus(Duration.ofHours(2)).toString());
        assertThat(body.path("maxParticipants").asInt()).isEqualTo(6);
        assertThat(body.path("ttlHours").asInt()).isEqualTo(2);
        assertThat(body.path("name").asText()).isEqualTo("Consult");
        assertThat(body.path("relayOnly").asBoolean()).isTrue();
        RoomClaims guest = world.services.roomTokens().verifyFor(fragmentToken(body.path("url").asText()), roomId);
        RoomClaims host = world.services.roomTokens().verifyFor(fragmentToken(body.path("hostUrl").asText()), roomId);
        assertThat(guest.role()).isEqualTo(Role.GUEST);
        assertThat(host.role()).isEqualTo(Role.HOST);
        assertThat(host.expiresAt()).isEqualTo(Instant.parse(body.path("expiresAt").asText()));
    }

    @Test
    void createRoom_usesDefaults_whenBodyAbsent() {
        JsonNode body = HttpDriver.body(create(null));

        assertThat(body.path("maxParticipants").asInt()).isEqualTo(4);
        assertThat(body.path("ttlHours").asInt()).isEqualTo(48);
        assertThat(body.path("relayOnly").asBoolean()).isFalse();
        assertThat(body.has("name")).isFalse();
    }

    @Test
    void createRoom_returns400_forBadJsonOrFields_and413_forABigBody() {
        assertError(create("{not json"), 400, "invalid-json");
        assertError(create("[1]"), 400, "invalid-json");
        assertError(create("{\"maxParticipants\":9}"), 400, "invalid-field");
        assertError(create("{\"maxParticipants\":1}"), 400, "invalid-field");
        assertError(create("{\"maxParticipants\":\"4\"}"), 400, "invalid-field");
        assertError(create("{\"ttlHours\":169}"), 400, "invalid-field");
        assertError(create("{\"ttlHours\":0}"), 400, "invalid-field");
        assertError(create("{\"name\":\"" + "n".repeat(101) + "\"}"), 400, "invalid-field");
        assertError(create("{\"relayOnly\":\"yes\"}"), 400, "invalid-field");
        assertError(create("{\"name\":\"" + "n".repeat(64 * 1024) + "\"}"), 413, "payload-too-large");
    }

    @Test
    void createRoom_lobbyAndEmbedOrigins_roundTripThroughEveryRoomRoute() {
        JsonNode created = HttpDriver.body(create("{\"lobby\":true,\"embedOrigins\":[\"https://App.Example.com\","
                + "\"https://portal.example.com:8443\",\"https://app.example.com:443\",\"http://localhost:5173\",\"http://127.0.0.1\"]}"));
        String roomId = created.path("roomId").asText();
        List<String> expected = List.of("https://app.example.com", "https://portal.example.com:8443", "http://localhost:5173",
                "http://127.0.0.1");

        JsonNode participant = HttpDriver.body(getRoom(roomId, roomId, "guest"));
        JsonNode developer = HttpDriver.body(developer("GET", roomId));

        for (JsonNode body : List.of(created, participant, developer)) {
            assertThat(body.path("lobby").asBoolean()).isTrue();
            assertThat(body.path("embedOrigins")).extracting(JsonNode::asText).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void createRoom_withoutLobbyOrOrigins_reportsFalseAndAnEmptyList() {
        JsonNode created = HttpDriver.body(create("{\"embedOrigins\":null}"));
        String roomId = created.path("roomId").asText();

        for (JsonNode body : List.of(created, HttpDriver.body(getRoom(roomId, roomId, "host")), HttpDriver.body(developer("GET", roomId)))) {
            assertThat(body.path("lobby").isBoolean()).isTrue();
            assertThat(body.path("lobby").asBoolean()).isFalse();
            assertThat(body.path("embedOrigins").isArray()).isTrue();
            assertThat(body.path("embedOrigins")).isEmpty();
        }
    }

    @Test
    void createRoom_returns400_forBadLobbyOrEmbedOrigins() {
        for (String bad : List.of(
                "{\"lobby\":\"yes\"}",
                "{\"embedOrigins\":\"https://app.example.com\"}",
                "{\"embedOrigins\":[42]}",
                "{\"embedOrigins\":[\"https://app.example.com/\"]}",
                "{\"embedOrigins\":[\"https://app.example.com/embed\"]}",
                "{\"embedOrigins\":[\"http://app.example.com\"]}",
                "{\"embedOrigins\":[\"https://*.example.com\"]}",
                "{\"embedOrigins\":[\"app.example.com\"]}",
                "{\"embedOrigins\":[\"https://app.example.com:0\"]}",
                "{\"embedOrigins\":[\"https://app.example.com:65536\"]}",
                "{\"embedOrigins\":[\"https://user@app.example.com\"]}",
                "{\"embedOrigins\":[\"https://app.example.com?x=1\"]}",
                "{\"embedOrigins\":[" + "\"https://a.example.com\",".repeat(10) + "\"https://b.example.com\"]}")) {
            APIGatewayV2HTTPResponse response = create(bad);
            assertError(response, 400, "invalid-field");
            assertThat(HttpDriver.body(response).path("error").path("message").asText()).as(bad).containsAnyOf("lobby", "embedOrigins");
        }
    }

    @Test
    void createRoom_decodesABase64EncodedBody() {
        String encoded = java.util.Base64.getEncoder().encodeToString("{\"maxParticipants\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        APIGatewayV2HTTPResponse response = createRoom.handleRequest(HttpDriver.event("POST /createRoom",
                Map.of("rawPath", "/createRoom", "body", encoded, "base64", true)), null);

        assertThat(response.getStatusCode()).isEqualTo(201);
        assertThat(HttpDriver.body(response).path("maxParticipants").asInt()).isEqualTo(2);
    }

    @Test
    void roomRoutes_return401_whenReachedWithoutTheAuthorizersContext() {
        Rooms.CreatedRoom room = world.createRoom(2);
        String id = room.room().roomId();

        assertError(getRoom.handleRequest(HttpDriver.event("GET /room/{id}", Map.of("rawPath", "/room/" + id, "id", id)), null),
                401, "unauthorized");
        assertError(credentials.handleRequest(HttpDriver.event("GET /credentials", Map.of("rawPath", "/credentials")), null),
                401, "unauthorized");
    }

    @Test
    void getRoom_returnsTheRoomAndCallersRole_whenTokenIsForThisRoom() {
        Rooms.CreatedRoom room = world.createRoom(3);
        Connection seated = new SignalingDriver(world).connect(room.guestToken());
        assertThat(seated.open()).isTrue();

        APIGatewayV2HTTPResponse response = getRoom(room.room().roomId(), room.room().roomId(), "host");

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = HttpDriver.body(response);
        assertThat(body.path("roomId").asText()).isEqualTo(room.room().roomId());
        assertThat(body.path("maxParticipants").asInt()).isEqualTo(3);
        assertThat(body.path("participants").asInt()).isEqualTo(1);
        assertThat(body.path("relayOnly").asBoolean()).isFalse();
        assertThat(body.path("role").asText()).isEqualTo("host");
        assertThat(body.path("expiresAt").asText()).isEqualTo(room.room().expiresAt().toString());
    }

    @Test
    void getRoom_returns403_404_410() {
        Rooms.CreatedRoom room = world.createRoom(3);
        Rooms.CreatedRoom other = world.createRoom(3);
        Rooms.CreatedRoom ended = world.createRoom(3);
        world.services.seats().end(ended.room().roomId(), EndReason.API);

        assertError(getRoom(room.room().roomId(), other.room().roomId(), "guest"), 403, "wrong-room");
        assertError(getRoom("unknownRoomId", "unknownRoomId", "guest"), 404, "room-not-found");
        assertError(getRoom(ended.room().roomId(), ended.room().roomId(), "guest"), 410, "room-ended");
    }

    @Test
    void getRoom_returns410_whenTheRoomHasExpired() {
        Rooms.CreatedRoom room = world.createRoom(3);
        world.clock.advance(Duration.ofHours(49));
        try {
            assertError(getRoom(room.room().roomId(), room.room().roomId(), "guest"), 410, "room-ended");
        } finally {
            world.clock.advance(Duration.ofHours(-49));
        }
    }

    @Test
    void credentials_returnsCoturnRestCredentials_forTheSeatHolder_boundToTheRoomAndItsLife() {
        Rooms.CreatedRoom room = world.createRoom(2);
        Joined guest = joined(new SignalingDriver(world), room.guestToken(), "Guest");

        APIGatewayV2HTTPResponse response = credentials(room.room().roomId(), guest.resumeToken());

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = HttpDriver.body(response);
        assertThat(body.path("ttlSeconds").asLong()).isEqualTo(3_600);
        JsonNode server = body.path("iceServers").path(0);
        assertThat(server.path("urls")).extracting(JsonNode::asText).containsExactly(
                "stun:turn.example.test:3478",
                "turn:turn.example.test:3478?transport=udp",
                "turn:turn.example.test:3478?transport=tcp",
                "turns:turns.example.test:443?transport=tcp");
        String username = server.path("username").asText();
        assertThat(username).isEqualTo((world.clock.instant().getEpochSecond() + 3_600) + ":" + room.room().roomId()
                + ":" + guest.peerId());
        assertThat(server.path("credential").asText()).isEqualTo(world.services.turnCredentials().credential(username));
    }

    @Test
    void joined_carriesTheSeatsTurnCredentials_asGetCredentialsGivesThem_soTheClientNeedNotAsk() {
        Rooms.CreatedRoom room = world.createRoom(3);
        SignalingDriver gateway = new SignalingDriver(world);
        Connection connection = gateway.connect(room.guestToken());

        JsonNode joined = gateway.join(connection, "Guest");

        JsonNode carried = joined.path("credentials");
        JsonNode fetched = HttpDriver.body(credentials(room.room().roomId(), joined.path("resumeToken").asText()));
        assertThat(carried.isObject()).as(joined.toString()).isTrue();
        assertThat(carried).isEqualTo(fetched);
        assertThat(carried.path("iceServers").path(0).path("username").asText())
                .isEqualTo((world.clock.instant().getEpochSecond() + 3_600) + ":" + room.room().roomId() + ":" + connection.peerId());
    }

    @Test
    void joined_ofAGuestAdmittedFromTheLobby_carriesItsOwnTurnCredentials_andTheWaitingReplyNone() {
        Rooms.CreatedRoom room = world.createLobbyRoom(3);
        SignalingDriver gateway = new SignalingDriver(world);
        Joined host = joined(gateway, room.hostToken(), "Host");
        Connection guest = gateway.connect(room.guestToken());
        JsonNode waiting = gateway.join(guest, "Guest");

        gateway.send(host.connection(), "{\"action\":\"admit\",\"peerId\":\"" + guest.peerId() + "\"}");

        JsonNode admitted = world.messenger.sentTo(guest.connectionId()).stream()
                .filter(m -> m.path("type").asText().equals("joined")).findFirst().orElseThrow();
        assertThat(waiting.path("type").asText()).isEqualTo("lobby-waiting");
        assertThat(waiting.has("credentials")).isFalse();
        assertThat(admitted.path("credentials").path("iceServers").path(0).path("username").asText())
                .endsWith(":" + room.room().roomId() + ":" + guest.peerId());
        assertThat(admitted.path("credentials").path("ttlSeconds").asLong()).isEqualTo(3_600);
    }

    @Test
    void credentials_differPerParticipant() {
        Rooms.CreatedRoom room = world.createRoom(3);
        SignalingDriver gateway = new SignalingDriver(world);
        Joined host = joined(gateway, room.hostToken(), "Host");
        Joined guest = joined(gateway, room.guestToken(), "Guest");

        String hostUser = HttpDriver.body(credentials(room.room().roomId(), host.resumeToken())).path("iceServers").path(0).path("username").asText();
        String guestUser = HttpDriver.body(credentials(room.room().roomId(), guest.resumeToken())).path("iceServers").path(0).path("username").asText();

        assertThat(hostUser).endsWith(":" + host.peerId());
        assertThat(guestUser).endsWith(":" + guest.peerId()).isNotEqualTo(hostUser);
    }

    @Test
    void credentials_areRefused_withoutASeat_withAnotherRoomsSeat_orAfterRemoval() {
        Rooms.CreatedRoom room = world.createRoom(3);
        Rooms.CreatedRoom other = world.createRoom(3);
        SignalingDriver gateway = new SignalingDriver(world);
        Joined host = joined(gateway, room.hostToken(), "Host");
        Joined guest = joined(gateway, room.guestToken(), "Guest");
        Joined elsewhere = joined(gateway, other.guestToken(), "Elsewhere");
        assertThat(credentials(room.room().roomId(), guest.resumeToken()).getStatusCode()).isEqualTo(200);

        assertError(credentials(room.room().roomId(), null), 403, "forbidden");
        assertError(credentials(room.room().roomId(), "v1.forged"), 403, "forbidden");
        assertError(credentials(room.room().roomId(), elsewhere.resumeToken()), 403, "forbidden");
        gateway.send(host.connection(), "{\"action\":\"remove\",\"peerId\":\"" + guest.peerId() + "\"}");
        assertError(credentials(room.room().roomId(), guest.resumeToken()), 403, "forbidden");
        assertThat(credentials(room.room().roomId(), host.resumeToken()).getStatusCode()).isEqualTo(200);
    }

    @Test
    void credentials_forTheConnectivityCheck_needOnlyTheLink_andLiveTwoMinutesUnderTheRoomsCheckName() {
        Rooms.CreatedRoom room = world.createRoom(2);

        APIGatewayV2HTTPResponse response = credentialsFor(room.room().roomId(), "check");

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = HttpDriver.body(response);
        assertThat(body.path("ttlSeconds").asLong()).isEqualTo(120);
        JsonNode server = body.path("iceServers").path(0);
        assertThat(server.path("username").asText())
                .isEqualTo((world.clock.instant().getEpochSecond() + 120) + ":" + room.room().roomId() + ":check");
        assertThat(server.path("urls")).extracting(JsonNode::asText).contains("turn:turn.example.test:3478?transport=tcp");
        assertError(credentialsFor(room.room().roomId(), "everything"), 400, "invalid-field");
        world.services.seats().end(room.room().roomId(), EndReason.API);
        assertError(credentialsFor(room.room().roomId(), "check"), 410, "room-ended");
    }

    @Test
    void credentials_ttlEndsWithTheRoom_andEndedOrUnknownRoomsGetNone() {
        Rooms.CreatedRoom room = world.createRoom(2);
        Joined guest = joined(new SignalingDriver(world), room.guestToken(), "Guest");
        world.clock.advance(Duration.ofHours(47).plusMinutes(30));
        try {
            assertThat(HttpDriver.body(credentials(room.room().roomId(), guest.resumeToken())).path("ttlSeconds").asLong())
                    .isEqualTo(1_800);
        } finally {
            world.clock.advance(Duration.ofHours(-47).minusMinutes(30));
        }
        world.services.seats().end(room.room().roomId(), EndReason.API);
        assertError(credentials(room.room().roomId(), guest.resumeToken()), 410, "room-ended");
        assertError(credentials("unknownRoomId", guest.resumeToken()), 404, "room-not-found");
    }

    @Test
    void developerGetRoom_listsThePeers() {
        Rooms.CreatedRoom room = world.createRoom(4);
        SignalingDriver gateway = new SignalingDriver(world);
        Connection a = gateway.connect(room.hostToken());
        gateway.join(a, "Ada");

        APIGatewayV2HTTPResponse response = developer("GET", room.room().roomId());

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = HttpDriver.body(response);
        assertThat(body.path("ended").asBoolean()).isFalse();
        assertThat(body.path("participants").asInt()).isEqualTo(1);
        assertThat(body.path("peers")).hasSize(1);
        assertThat(body.path("peers").path(0).path("peerId").asText()).isEqualTo(a.peerId());
        assertThat(body.path("peers").path(0).path("name").asText()).isEqualTo("Ada");
        assertThat(body.path("peers").path(0).path("role").asText()).isEqualTo("host");
        assertThat(body.path("peers").path(0).path("joinedAt").asText()).isEqualTo(TestWorld.START.toString());
        assertThat(body.path("peers").path(0).path("state").asText()).isEqualTo("joined");
        assertError(developer("GET", "unknownRoomId"), 404, "room-not-found");
    }

    @Test
    void deleteRoom_endsIt_tellsAndDisconnectsEveryone_andRefusesNewJoins() {
        Rooms.CreatedRoom room = world.createRoom(4);
        SignalingDriver gateway = new SignalingDriver(world);
        Connection a = gateway.connect(room.hostToken());
        Connection b = gateway.connect(room.guestToken());
        gateway.join(a, "A");
        gateway.join(b, "B");
        world.messenger.clear();

        APIGatewayV2HTTPResponse response = developer("DELETE", room.room().roomId());

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = HttpDriver.body(response);
        assertThat(body.path("ended").asBoolean()).isTrue();
        assertThat(body.path("disconnected").asInt()).isEqualTo(2);
        assertThat(world.messenger.typesSentTo(a.connectionId())).containsExactly("room-ended");
        assertThat(world.messenger.typesSentTo(b.connectionId())).containsExactly("room-ended");
        assertThat(world.messenger.disconnected()).contains(a.connectionId(), b.connectionId());
        assertThat(world.services.roomStore().find(room.room().roomId()).orElseThrow().participants()).isZero();
        assertThat(gateway.connect(room.guestToken()).status()).isEqualTo(410);
        assertThat(HttpDriver.body(developer("DELETE", room.room().roomId())).path("disconnected").asInt()).isZero();
        assertError(developer("DELETE", "unknownRoomId"), 404, "room-not-found");
        assertError(developer("PUT", room.room().roomId()), 405, "method-not-allowed");
    }

    static void assertError(APIGatewayV2HTTPResponse response, int status, String code) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        JsonNode error = HttpDriver.body(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
    }
}
