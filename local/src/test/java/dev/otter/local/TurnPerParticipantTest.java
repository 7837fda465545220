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
import java.time.Instant;
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
    private static final Duration ALLOCATE_WAIT = Duration.ofSeconds(5);
    /** How soon a removed participant's relay must be gone; the runner ends it as the removal is carried out. */
    private static final Duration RELAY_END_BOUND = Duration.ofSeconds(10);
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

    /** Waits, within a generous bound, until the relay is no longer kept (a Refresh is refused or unanswered). */
    private static void awaitRelayEnded(TurnAllocation.Held relay, String what) throws Exception {
        long deadline = System.nanoTime() + RELAY_END_BOUND.toNanos();
        while (relay.refresh()) {
            assertThat(System.nanoTime()).as(what + " still refreshes its relay after " + RELAY_END_BOUND).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void aRemovedParticipantsRelays_endAtOnce_evenOnesCoturnKeepsRefreshingPastTheirCredentialsExpiry() throws Exception {
        JsonNode room = createRoom(otter, "{}");
        String roomId = room.path("roomId").asText();
        String hostToken = token(room.path("hostUrl").asText());
        String guestToken = token(room.path("url").asText());
        Joined host = TestSocket.join(client, otter.endpoints().wsUrl(), hostToken, "Host");
        Joined guest = TestSocket.join(client, otter.endpoints().wsUrl(), guestToken, "Guest");
        JsonNode forHost = iceServer(hostToken, host);
        JsonNode forGuest = iceServer(guestToken, guest);
        // The guest's credentials as the server would issue them with a 2-second lifetime (the injected short one).
        long expiry = Instant.now().getEpochSecond() + 2;
        String shortName = expiry + ":" + roomId + ":" + guest.peerId();

        try (TurnAllocation.Held hostRelay = TurnAllocation.hold(turn, forHost.path("username").asText(), forHost.path("credential").asText(), ALLOCATE_WAIT);
             TurnAllocation.Held guestRelay = TurnAllocation.hold(turn, forGuest.path("username").asText(), forGuest.path("credential").asText(), ALLOCATE_WAIT);
             TurnAllocation.Held expiring = TurnAllocation.hold(turn, shortName, restPassword(shortName), ALLOCATE_WAIT)) {
            assertThat(hostRelay).isNotNull();
            assertThat(guestRelay).isNotNull();
            assertThat(expiring).isNotNull();
            // A second past the expiry, so that a server reading its clock once a second has seen it pass too.
            while (Instant.now().getEpochSecond() <= expiry + 1) Thread.sleep(100);
            // coturn checks a credential's expiry only when a TURN session first authenticates: the expired credentials
            // open no new relay, but the relay they opened is still kept by a Refresh.
            assertThat(TurnAllocation.allocate(turn, shortName, restPassword(shortName), ALLOCATE_WAIT)).as("a new relay on expired credentials").isFalse();
            assertThat(expiring.refresh()).as("a Refresh past the credentials' expiry").isTrue();

            host.socket().send("{\"action\":\"remove\",\"peerId\":\"" + guest.peerId() + "\"}");
            guest.socket().nextOfType("removed");

            awaitRelayEnded(guestRelay, "the removed guest");
            awaitRelayEnded(expiring, "the removed guest (expired credentials)");
            assertThat(hostRelay.refresh()).as("the host's relay, after the guest's removal").isTrue();

            host.socket().send("{\"action\":\"end\"}");
            host.socket().nextOfType("room-ended");
            awaitRelayEnded(hostRelay, "the host of the ended room");
        }
    }

    @Test
    void eachParticipant_hasARelayBudgetOfItsOwn_thatRefreshedCredentialsShare() throws Exception {
        JsonNode room = createRoom(otter, "{}");
        String guestToken = token(room.path("url").asText());
        Joined greedy = TestSocket.join(client, otter.endpoints().wsUrl(), guestToken, "Greedy");
        Joined other = TestSocket.join(client, otter.endpoints().wsUrl(), guestToken, "Other");
        JsonNode greedyServer = iceServer(guestToken, greedy);

        for (int i = 0; i < userQuota; i++) {
            assertThat(TurnAllocation.refusal(turn, greedyServer.path("username").asText(), greedyServer.path("credential").asText(), ALLOCATE_WAIT))
                    .as("allocation %d of %d refused", i + 1, userQuota).isEmpty();
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

    /** The runner's TURN secret as coturn knows it: data/turn-secret holds it base64url-encoded, as coturn is given it. */
    private static String turnSecret() throws Exception {
        return Files.readString(temp.resolve("data/turn-secret"), StandardCharsets.UTF_8).trim();
    }

    private static String restPassword(String username) throws Exception {
        Mac hmac = Mac.getInstance("HmacSHA1");
        hmac.init(new SecretKeySpec(turnSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(hmac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }
}
