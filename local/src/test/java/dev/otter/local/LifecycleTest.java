package dev.otter.local;

import static dev.otter.local.LocalOtterFixture.bearer;
import static dev.otter.local.LocalOtterFixture.createRoom;
import static dev.otter.local.LocalOtterFixture.send;
import static dev.otter.local.LocalOtterFixture.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.local.TestSocket.Joined;
import dev.otter.local.gateway.WebSocketLimits;
import dev.otter.local.turn.StunProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, stopping and restarting local Otter on one data directory, with coturn. */
class LifecycleTest {
    @TempDir
    Path temp;

    private LocalSettings settings(boolean turn) {
        return LocalOtterFixture.settings(temp.resolve("data"), temp.resolve("web"), turn, WebSocketLimits.API_GATEWAY);
    }

    @Test
    void roomsAndTheApiKey_surviveARestartOnTheSameDataDirectory() throws Exception {
        String roomId;
        String apiKey;
        try (LocalOtter first = LocalOtter.start(settings(false))) {
            roomId = createRoom(first, "{\"name\":\"kept\"}").path("roomId").asText();
            apiKey = first.endpoints().apiKey();
        }

        try (LocalOtter second = LocalOtter.start(settings(false))) {
            JsonNode room = send("GET", second.endpoints().apiUrl() + "/rooms/" + roomId, bearer(apiKey), null).body();

            assertThat(second.endpoints().apiKey()).isEqualTo(apiKey);
            assertThat(room.path("name").asText()).isEqualTo("kept");
        }
    }

    @Test
    void start_writesLocalJsonAndSecretsReadableByTheOwnerOnly() throws Exception {
        try (LocalOtter otter = LocalOtter.start(settings(false))) {
            JsonNode local = LocalOtterFixture.JSON.readTree(temp.resolve("data/local.json").toFile());

            assertThat(local.path("apiUrl").asText()).isEqualTo(otter.endpoints().apiUrl());
            assertThat(local.path("wsUrl").asText()).isEqualTo(otter.endpoints().wsUrl());
            assertThat(local.path("webUrl").asText()).isEqualTo(otter.endpoints().webUrl());
            assertThat(local.path("apiKey").asText()).startsWith("otr_");
            assertThat(local.path("sampleRoomUrl").asText()).startsWith(otter.endpoints().webUrl() + "/room/")
                    .matches(".*#token=[A-Za-z0-9._-]+&k=[A-Za-z0-9_-]{43}");
            for (String file : new String[] {"jwt-secret", "turn-secret", "api-key", "local.json"}) {
                assertThat(Files.getPosixFilePermissions(temp.resolve("data").resolve(file)))
                        .as(file).isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            }
        }
    }

    @Test
    void aSecondRunner_isRefusedTheDataDirectoryInUse() throws Exception {
        try (LocalOtter otter = LocalOtter.start(settings(false))) {
            assertThatThrownBy(() -> LocalOtter.start(settings(false)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("another local Otter is using the data directory");
        }
    }

    @Test
    void coturn_answersStunOnTheTurnPortTheCredentialsName() throws Exception {
        try (LocalOtter otter = LocalOtter.start(settings(true))) {
            int port = otter.turnPort().orElseThrow();
            JsonNode room = createRoom(otter, "{}");
            String guest = token(room.path("url").asText());
            JsonNode credentials = LocalOtterFixture.joinAndFetchCredentials(otter, guest, "Guest");

            assertThat(credentials.path("iceServers").get(0).path("username").asText())
                    .contains(":" + room.path("roomId").asText() + ":");
            assertThat(StunProbe.answers(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(2))).isTrue();
            assertThat(credentials.path("iceServers").get(0).path("urls").toString())
                    .contains("turn:127.0.0.1:" + port + "?transport=udp");
            assertThat(Files.readString(temp.resolve("data/turnserver-local.conf")))
                    .contains("allow-loopback-peers")
                    .doesNotContain("denied-peer-ip=127.0.0.0-127.255.255.255")
                    .contains("denied-peer-ip=10.0.0.0-10.255.255.255");
        }
    }

    @Test
    void withoutTurn_credentialsAdvertiseNoIceServer() throws Exception {
        try (LocalOtter otter = LocalOtter.start(settings(false))) {
            String guest = token(createRoom(otter, "{}").path("url").asText());
            JsonNode credentials = LocalOtterFixture.joinAndFetchCredentials(otter, guest, "Guest");

            assertThat(otter.turnPort()).isEmpty();
            assertThat(credentials.path("iceServers").isArray()).isTrue();
            assertThat(credentials.path("iceServers")).isEmpty();
            assertThat(credentials.path("ttlSeconds").asLong()).isPositive();
        }
    }

    @Test
    void close_stopsCoturnAndDynamoDb_runsDisconnectForOpenSockets_andLeavesTheDataConsistent() throws Exception {
        String roomId;
        String apiKey;
        long turnPid;
        int turnPort;
        WebSocketClient client = new WebSocketClient();
        client.start();
        try {
            LocalOtter otter = LocalOtter.start(settings(true));
            apiKey = otter.endpoints().apiKey();
            turnPort = otter.turnPort().orElseThrow();
            turnPid = Long.parseLong(Files.readString(temp.resolve("data/turnserver.pid")).trim());
            JsonNode room = createRoom(otter, "{}");
            roomId = room.path("roomId").asText();
            Joined alice = TestSocket.join(client, otter.endpoints().wsUrl(), token(room.path("url").asText()), "Alice");

            otter.close();

            assertThat(alice.socket().awaitClose(TestSocket.WAIT)).isEqualTo(1001);
        } finally {
            client.stop();
        }

        Optional<ProcessHandle> turnserver = ProcessHandle.of(turnPid);
        assertThat(turnserver.map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(StunProbe.answers(new InetSocketAddress("127.0.0.1", turnPort), Duration.ofMillis(300))).isFalse();
        try (LocalOtter again = LocalOtter.start(settings(false))) {
            JsonNode room = send("GET", again.endpoints().apiUrl() + "/rooms/" + roomId, bearer(apiKey), null).body();
            // A shutdown is not a leave: Alice's seat is kept, for her resume.
            assertThat(room.path("participants").asInt()).isEqualTo(1);
            assertThat(room.path("peers").path(0).path("name").asText()).isEqualTo("Alice");
        }
    }

    @Test
    void aRestartMidCall_onTheSameDataDirectory_isResumedByBothPeers_withoutAnyoneSeeingALeave() throws Exception {
        WebSocketClient client = new WebSocketClient();
        client.start();
        try {
            LocalOtter first = LocalOtter.start(settings(false));
            int port = Integer.parseInt(first.endpoints().wsUrl().replaceAll(".*:(\\d+)/.*", "$1"));
            JsonNode room = createRoom(first, "{}");
            String guest = token(room.path("url").asText());
            Joined alice = TestSocket.join(client, first.endpoints().wsUrl(), guest, "Alice");
            Joined bob = TestSocket.join(client, first.endpoints().wsUrl(), guest, "Bob");
            alice.socket().nextOfType("peer-joined");

            first.close();
            assertThat(alice.socket().awaitClose(TestSocket.WAIT)).isEqualTo(1001);
            try (LocalOtter second = LocalOtter.start(settings(false).withPort(port))) {
                String ws = second.endpoints().wsUrl();
                Joined aliceBack = TestSocket.resume(client, ws, guest, alice, "Alice");
                Joined bobBack = TestSocket.resume(client, ws, guest, bob, "Bob");

                assertThat(aliceBack.message().path("resumed").asBoolean()).isTrue();
                assertThat(bobBack.message().path("resumed").asBoolean()).isTrue();
                assertThat(bobBack.message().path("peers")).extracting(p -> p.path("peerId").asText()).containsExactly(alice.peerId());
                assertThat(aliceBack.socket().receivesWithin("peer-left", Duration.ofSeconds(1))).isFalse();
                // And the call goes on: a signal crosses, and a third person joins and sees both.
                bobBack.socket().send("{\"action\":\"signal\",\"to\":\"" + alice.peerId() + "\",\"data\":{\"candidate\":{}}}");
                assertThat(aliceBack.socket().nextOfType("signal").path("from").asText()).isEqualTo(bob.peerId());
                Joined carol = TestSocket.join(client, ws, guest, "Carol");
                assertThat(carol.message().path("peers")).extracting(p -> p.path("peerId").asText())
                        .containsExactlyInAnyOrder(alice.peerId(), bob.peerId());
            }
        } finally {
            client.stop();
        }
    }

    @Test
    void withoutAWebApp_pagesSayHowToBuildIt_andTheApiStillWorks() throws Exception {
        try (LocalOtter otter = LocalOtter.start(settings(false))) {
            LocalOtterFixture.Reply page = send("GET", otter.endpoints().webUrl() + "/room/abc", Map.of(), null);

            assertThat(otter.webAppAvailable()).isFalse();
            assertThat(page.status()).isEqualTo(503);
            assertThat(page.raw()).contains("npm ci &amp;&amp; npm run build");
            assertThat(createRoom(otter, "{}").path("roomId").asText()).isNotEmpty();
        }
    }
}
