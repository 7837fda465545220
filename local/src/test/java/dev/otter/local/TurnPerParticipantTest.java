package dev.otter.local;

import static dev.otter.local.LocalOtterFixture.bearer;
import static dev.otter.local.LocalOtterFixture.createRoom;
import static dev.otter.local.LocalOtterFixture.send;
import static dev.otter.local.LocalOtterFixture.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otter.local.LocalOtterFixture.Reply;
import dev.otter.local.TestSocket.Joined;
import dev.otter.local.gateway.WebSocketLimits;
import dev.otter.local.turn.TurnAllocation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TURN credentials belong to one participant's seat, on the real stack: the runner's gateway, its coturn child and
 * real allocations on it.
 */
class TurnPerParticipantTest {
    private static final Duration ALLOCATE_WAIT = Duration.ofSeconds(2);
    /** coturn/turnserver.conf's user-quota, read from the file so the test follows it. */
    private static int userQuota;

    @TempDir
    static Path temp;
    static LocalOtter otter;
    static WebSocketClient client;
    static InetSocketAddress turn;

    @BeforeAll
    static void start() throws Exception {
        otter = LocalOtter.start(LocalOtterFixture.settings(temp.resolve("data"), temp.resolve("no-web"), true,
                WebSocketLimits.API_GATEWAY));
        client = new WebSocketClient();
        client.start();
        turn = new InetSocketAddress(InetAddress.getLoopbackAddress(), otter.turnPort().orElseThrow());
        Matcher quota = Pattern.compile("(?m)^user-quota=(\\d+)$")
                .matcher(Files.readString(LocalOtterFixture.repoRoot().resolve("coturn/turnserver.conf")));
        assertThat(quota.find()).as("user-quota in coturn/turnserver.conf").isTrue();
        userQuota = Integer.parseInt(quota.group(1));
    }

    @AfterAll
    static void stop() throws Exception {
        client.stop();
        otter.close();
    }

    private static Reply credentials(String roomToken, Joined seat) throws Exception {
        Map<String, String> headers = new HashMap<>(bearer(roomToken));
        if (seat != null) headers.put("X-Otter-Seat", seat.message().path("resumeToken").asText());
        return send("GET", otter.endpoints().apiUrl() + "/credentials", headers, null);
    }

    private static JsonNode iceServer(String roomToken, Joined seat) throws Exception {
        Reply reply = credentials(roomToken, seat);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        return reply.body().path("iceServers").path(0);
    }

    private static boolean allocates(JsonNode server) throws Exception {
        return TurnAllocation.allocate(turn, server.path("username").asText(), server.path("credential").asText(), ALLOCATE_WAIT);
    }

    @Test
    void twoParticipants_getDistinctCredentials_andARemovedOrEndedOneGetsNoMore() throws Exception {
        JsonNode room = createRoom(otter, "{}");
        String roomId = room.path("roomId").asText();
        String hostToken = token(room.path("hostUrl").asText());
        String guestToken = token(room.path("url").asText());
        Joined host = TestSocket.join(client, otter.endpoints().wsUrl(), hostToken, "Host");
        Joined guest = TestSocket.join(client, otter.endpoints().wsUrl(), guestToken, "Guest");

        JsonNode forHost = iceServer(hostToken, host);
        JsonNode forGuest = iceServer(guestToken, guest);

        assertThat(forHost.path("username").asText()).endsWith(":" + roomId + ":" + host.peerId());
        assertThat(forGuest.path("username").asText()).endsWith(":" + roomId + ":" + guest.peerId());
        assertThat(forGuest.path("credential").asText()).isNotEqualTo(forHost.path("credential").asText());
        assertThat(allocates(forHost)).isTrue();
        assertThat(allocates(forGuest)).isTrue();
        assertThat(credentials(guestToken, null).status()).as("the room link alone").isEqualTo(403);

        host.socket().send("{\"action\":\"remove\",\"peerId\":\"" + guest.peerId() + "\"}");
        guest.socket().nextOfType("removed");
        assertThat(host.socket().nextOfType("peer-left").path("peerId").asText()).isEqualTo(guest.peerId());

        assertThat(credentials(guestToken, guest).status()).as("a removed participant").isEqualTo(403);
        assertThat(allocates(iceServer(hostToken, host))).isTrue();

        host.socket().send("{\"action\":\"end\"}");
        host.socket().nextOfType("room-ended");
        assertThat(credentials(hostToken, host).status()).as("after the room ended").isEqualTo(410);
    }

    @Test
    void eachParticipant_hasARelayBudgetOfItsOwn_thatRefreshedCredentialsShare() throws Exception {
        JsonNode room = createRoom(otter, "{}");
        String guestToken = token(room.path("url").asText());
        Joined greedy = TestSocket.join(client, otter.endpoints().wsUrl(), guestToken, "Greedy");
        Joined other = TestSocket.join(client, otter.endpoints().wsUrl(), guestToken, "Other");
        JsonNode greedyServer = iceServer(guestToken, greedy);

        for (int i = 0; i < userQuota; i++) {
            assertThat(allocates(greedyServer)).as("allocation %d of %d", i + 1, userQuota).isTrue();
        }
        assertThat(allocates(greedyServer)).as("one past the quota").isFalse();
        // The same participant under a later expiry, as a refresh gives: coturn counts the quota without it.
        String username = greedyServer.path("username").asText();
        String later = (Long.parseLong(username.substring(0, username.indexOf(':'))) + 60) + username.substring(username.indexOf(':'));
        assertThat(TurnAllocation.allocate(turn, later, restPassword(later), ALLOCATE_WAIT)).as("refreshed credentials").isFalse();

        assertThat(allocates(iceServer(guestToken, other))).as("another participant of the same room").isTrue();
    }

    @Test
    void coturnsCommandLine_neverCarriesTheSecret() throws Exception {
        String secret = turnSecret();
        long pid = otter.turnPid().orElseThrow();

        String commandLine = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);

        assertThat(commandLine).contains("turnserver").doesNotContain(secret);
        assertThat(ProcessHandle.of(pid).orElseThrow().info().arguments().orElse(new String[0])).noneMatch(a -> a.contains(secret));
    }

    /** The runner's TURN secret as coturn knows it (LocalOtter encodes data/turn-secret this way). */
    private static String turnSecret() throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Files.readAllBytes(temp.resolve("data/turn-secret")));
    }

    private static String restPassword(String username) throws Exception {
        Mac hmac = Mac.getInstance("HmacSHA1");
        hmac.init(new SecretKeySpec(turnSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(hmac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }
}
